"""Remember how the user corrected an import, for the next file of the same layout.

A layout is a sheet name plus its header texts; the mapping is kept in QSettings.
"""
from __future__ import annotations

import hashlib
import json

from PySide6.QtCore import QSettings

from ..io.budget_import import ColumnRole, Detection, ImportOptions

_GROUP = "import_mappings"


def layout_fingerprint(detection: Detection) -> str:
    return headers_fingerprint(detection.sheet, detection.headers)


def headers_fingerprint(sheet: str, headers: list[str]) -> str:
    """A layout: its sheet name and header texts (also for a header row the user chose
    because detection failed)."""
    texts = [" ".join(h.split()).lower() for h in headers]
    while texts and not texts[-1]:
        texts.pop()
    text = "\x1f".join([sheet, *texts])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def options_to_json(options: ImportOptions) -> str:
    return json.dumps({
        "sheet": options.sheet, "header_row": options.header_row,
        "column_roles": {str(k): ColumnRole(v).value for k, v in (options.column_roles or {}).items()},
        "amount_years": {str(k): v for k, v in (options.amount_years or {}).items()},
        "scale": options.scale, "currency": options.currency,
        "include_revenue": options.include_revenue, "fy_start": options.fy_start,
    })


def options_from_json(text: str) -> ImportOptions:
    data = json.loads(text)
    return ImportOptions(
        sheet=data.get("sheet"), header_row=data.get("header_row"),
        column_roles={int(k): ColumnRole(v) for k, v in data.get("column_roles", {}).items()},
        amount_years={int(k): int(v) for k, v in data.get("amount_years", {}).items()},
        scale=data.get("scale"), currency=data.get("currency"),
        include_revenue=bool(data.get("include_revenue", False)), fy_start=data.get("fy_start"))


def remember_mapping(fingerprint: str, options: ImportOptions,
                     settings: QSettings | None = None) -> None:
    settings = settings or QSettings()
    settings.setValue(f"{_GROUP}/{fingerprint}", options_to_json(options))


def recall_mapping(fingerprint: str, settings: QSettings | None = None) -> ImportOptions | None:
    value = (settings or QSettings()).value(f"{_GROUP}/{fingerprint}")
    if not value:
        return None
    try:
        return options_from_json(str(value))
    except (ValueError, KeyError, TypeError):
        return None  # a mapping from an older version: detect afresh
