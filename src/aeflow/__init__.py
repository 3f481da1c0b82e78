"""aeflow — a workbench for advertising-agency account executives (AE, 客户执行)."""

__version__ = "0.1.0"
