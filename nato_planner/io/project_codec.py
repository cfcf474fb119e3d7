"""Plan documents and value arrays as they are stored in a project file.

Documents (dataclasses, dicts with tuple keys, sets) become tagged JSON, so any field added
to a document is stored without code here; unknown fields from another version are ignored
and missing ones take their defaults. Per-line values become raw little-endian bytes
(numbers) or JSON lists (text); nothing is ever pickled, so opening a file runs no code.
"""
from __future__ import annotations

import dataclasses
import enum
import json
from typing import Any

import numpy as np

from ..core.audit import AuditRecord
from ..core.plan_state import LINE_COLUMN, PLAN_DOCUMENTS, audit_formatters

DOCUMENT_VERSION = 1


# --- documents --------------------------------------------------------------------------------
def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__fields__": {f.name: _encode(getattr(value, f.name))
                               for f in dataclasses.fields(value)}}
    if isinstance(value, enum.Enum):
        return _encode(value.value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {"__dict__": sorted(([_encode(k), _encode(v)] for k, v in value.items()),
                                   key=lambda kv: json.dumps(kv[0]))}
    if isinstance(value, (set, frozenset)):
        return {"__set__": sorted((_encode(v) for v in value), key=json.dumps)}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__dict__" in value:
        return {_hashable(_decode(k)): _decode(v) for k, v in value["__dict__"]}
    if "__set__" in value:
        return {_hashable(_decode(v)) for v in value["__set__"]}
    if "__tuple__" in value:
        return tuple(_decode(v) for v in value["__tuple__"])
    if "__fields__" in value:
        return {k: _decode(v) for k, v in value["__fields__"].items()}
    return value


def _hashable(value: Any) -> Any:
    return tuple(_hashable(v) for v in value) if isinstance(value, list) else value


def document_json(value: Any) -> str:
    return json.dumps(_encode(value), sort_keys=True, separators=(",", ":"))


def document_from_json(name: str, text: str) -> Any:
    """A plan document of kind `name` (core.plan_state.PLAN_DOCUMENTS) from its JSON."""
    kind = PLAN_DOCUMENTS[name][0]
    data = _decode(json.loads(text))
    if not dataclasses.is_dataclass(kind):
        return kind(data)
    known = {f.name for f in dataclasses.fields(kind)}
    return kind(**{k: v for k, v in data.items() if k in known})


# --- per-line values ------------------------------------------------------------------------------
def values_bytes(name: str, values: np.ndarray) -> bytes:
    """A column's values for some lines: raw bytes for numbers, a JSON list for text."""
    kind = LINE_COLUMN[name].kind
    if kind == "text":
        return json.dumps([str(v) for v in np.asarray(values).ravel()]).encode()
    return np.ascontiguousarray(values, dtype=np.dtype(kind).newbyteorder("<")).tobytes()


def values_from_bytes(name: str, data: bytes, lines: int, years: int) -> np.ndarray:
    column = LINE_COLUMN[name]
    shape = (lines, years) if column.per_year else (lines,)
    if column.kind == "text":
        values = np.empty(lines * (years if column.per_year else 1), dtype=object)
        values[:] = json.loads(data.decode())
        return values.reshape(shape)
    dtype = np.dtype(column.kind).newbyteorder("<")
    return np.frombuffer(data, dtype=dtype).astype(column.kind).reshape(shape)


def lines_bytes(lines: np.ndarray) -> bytes:
    return np.asarray(lines, dtype="<i8").tobytes()


def lines_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<i8").astype(np.intp)


# --- audit records ----------------------------------------------------------------------------------
AUDIT_COLUMNS = "time, user, label, field, lines, old, new, text, note"  # audit_row's order


def audit_row(record: AuditRecord) -> tuple:
    """(time, user, label, field, lines, old, new, formatter name, note) of one record."""
    name = getattr(record.text, "__name__", "str")
    return (record.time.isoformat(), record.user, record.label, record.field,
            lines_bytes(record.lines), json.dumps(_plain_list(record.old)),
            json.dumps(_plain_list(record.new)), name if name in audit_formatters() else "str",
            record.note)


def _plain_list(values: Any) -> list:
    return [v.item() if isinstance(v, np.generic) else v for v in list(values)]


def audit_record(row: tuple) -> AuditRecord:
    from datetime import datetime
    time, user, label, field, lines, old, new, text, note = row
    return AuditRecord(datetime.fromisoformat(time), user, label, lines_from_bytes(lines), field,
                       json.loads(old), json.loads(new), audit_formatters().get(text, str), note)
