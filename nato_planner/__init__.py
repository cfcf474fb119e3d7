"""NATO pledge planner: from a national budget workbook to a credible path to 5% of GDP."""

__version__ = "0.1.0"
