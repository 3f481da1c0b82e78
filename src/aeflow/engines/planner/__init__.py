"""The planner: playbooks → work items → schedule on the working calendar (critical path, workload)."""
