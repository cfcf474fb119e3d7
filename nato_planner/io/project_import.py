"""From a budget workbook to a project, and from a project back to what `report` prints."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from ..core.plan import Plan
from .budget_import import Detection, ImportResult, RowError, SkippedRow
from .project_file import LoadedScenario, ProjectFile, SourceFingerprint



def import_report(result: ImportResult) -> dict[str, Any]:
    """What the importer said, kept so `report P.natoplan` says it again."""
    if getattr(result, "detection", None) is None:  # a plan built in code, not read from a file
        return {}
    detection = dataclasses.asdict(result.detection)
    detection["column_roles"] = {str(k): str(getattr(v, "value", v))
                                 for k, v in result.detection.column_roles.items()}
    detection["amount_years"] = {str(k): v for k, v in result.detection.amount_years.items()}
    return {"detection": detection,
            "skipped_rows": [dataclasses.asdict(s) for s in result.skipped_rows],
            "errors": [dataclasses.asdict(e) for e in result.errors],
            "warnings": list(result.warnings)}


def new_project(out: str | os.PathLike, result: ImportResult, budget_path: str | os.PathLike,
                plan: Plan | None = None) -> ProjectFile:
    """A new project holding an imported budget (its locked baseline and a working scenario)."""
    return ProjectFile.create(out, plan or Plan(result.budget), import_report(result),
                              SourceFingerprint.of(budget_path))


def project_import_result(project: ProjectFile, loaded: LoadedScenario) -> ImportResult:
    """The ImportResult `report` expects, rebuilt from what the project kept."""
    kept = project.meta("import_report", {}) or {}
    detection = kept.get("detection") or {}
    source = loaded.plan.budget.source
    return ImportResult(
        loaded.plan.budget,
        Detection(sheet=detection.get("sheet", source.sheet),
                  sheet_names=detection.get("sheet_names", []),
                  header_row=detection.get("header_row", 0), headers=detection.get("headers", []),
                  column_roles={int(k): v for k, v in detection.get("column_roles", {}).items()},
                  amount_years={int(k): v for k, v in detection.get("amount_years", {}).items()},
                  scale=detection.get("scale", source.scale),
                  scale_source=detection.get("scale_source", ""),
                  currency=source.currency, gdp_source=detection.get("gdp_source")),
        [SkippedRow(**s) for s in kept.get("skipped_rows", [])],
        [RowError(**e) for e in kept.get("errors", [])], list(kept.get("warnings", [])))


def source_name(project: ProjectFile) -> str:
    fingerprint = project.fingerprint
    return fingerprint.name if fingerprint else Path(project.path).name


def submitted_version(project: ProjectFile, shown: str | None = None) -> tuple[Plan, str] | None:
    """The version last marked as submitted, as a plan and a label ('Spring submission,
    submitted 2026-06-30'), to say what changed since; None if there is none or it is the
    version being shown."""
    info = project.latest_submitted()
    if info is None or info.name == (shown or project.scenario().name):
        return None
    when = "" if "submitted" in info.name or not info.submitted_at else \
        f", submitted {info.submitted_at[:10]}"
    note = f": {info.note}" if info.note else ""
    return project.load(info.name).plan, f"{info.name}{when}{note}"

