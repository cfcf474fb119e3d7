"""Errors a user can cause: each carries one sentence a delegate understands."""
from __future__ import annotations


class PlannerError(Exception):
    """Base of every error the user can cause and fix; str(error) is the sentence to show."""


class BudgetImportError(PlannerError):
    """A file that cannot be used as a budget: unreadable, empty, hostile, no line-item table."""


class ExportError(PlannerError):
    """A plan that could not be written (locked, read-only, disk full); the old file is intact."""
