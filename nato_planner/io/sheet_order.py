"""The order the importer searches a workbook's sheets in: a light module, so the command line
can start reading the first sheet before the rest of the importer has loaded."""
from __future__ import annotations

import re

from .safety import refuse
from .workbook_reader import Workbook

GDP_SHEET = re.compile(r"gdp|macro|assumption|parameter", re.IGNORECASE)  # searched last


def candidate_sheets(workbook: Workbook, wanted: str | None) -> list[str]:
    """Sheets to search in order: visible ones first, GDP/assumption sheets last."""
    if wanted is not None:
        if wanted not in workbook.sheet_names:
            raise refuse(workbook.name, f"has no sheet named '{wanted}' (it has: "
                         f"{', '.join(workbook.sheet_names)})", "give one of those with --sheet")
        return [wanted]
    names = workbook.sheet_names
    return sorted(names, key=lambda n: (n in workbook.hidden, bool(GDP_SHEET.search(n)),
                                        names.index(n)))
