"""Pure computation on domain objects: intake, planner, budget, monitoring, review. No IO."""
