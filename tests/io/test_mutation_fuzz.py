"""Mutations of the sample budgets (fixed seed): truncated files, flipped bytes, and package
parts edited, dropped or given far-away cells. Each goes through `report --json` as a user runs
it: exit 0 with finite figures, or exit 2 with one 'error:' line; never a traceback, an abort
or a child above 500 MB. Runs in well under a minute on an idle machine."""
from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

from test_hostile_corpus import assert_one_clean_outcome, sweep

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "sample_budgets").glob("*.*"))
SAMPLES = [p for p in SAMPLES if p.suffix in (".xlsx", ".xls", ".ods", ".csv")]
SEED = 20261128
FAR_CELL = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


def truncated(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(1, len(data))]


def flipped(data: bytes, rng: random.Random) -> bytes:
    mutable = bytearray(data)
    for _ in range(rng.choice((1, 4, 32))):
        mutable[rng.randrange(len(mutable))] ^= 1 << rng.randrange(8)
    return bytes(mutable)


def edited_part(data: bytes, rng: random.Random) -> bytes:
    """One package part truncated, emptied, dropped, given a far cell, or a DOCTYPE."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    victim = rng.choice(names)
    how = rng.choice(("truncate", "empty", "drop", "far cell", "doctype", "row numbers"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            part = source.read(name)
            if name == victim:
                if how == "drop":
                    continue
                part = {"truncate": part[:len(part) // 2], "empty": b"",
                        "far cell": part.replace(b"</sheetData>", FAR_CELL + b"</sheetData>"),
                        "doctype": part.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "b">]>', 1),
                        "row numbers": part.replace(b'r="2"', b'r="1048000"')}.get(how, part)
            target.writestr(name, part)
    return out.getvalue()


def mutants(folder: Path) -> list[Path]:
    rng = random.Random(SEED)
    made = []
    for sample in SAMPLES:
        data = sample.read_bytes()
        kinds = [truncated, flipped] + ([edited_part] if zipfile.is_zipfile(sample) else [])
        for number in range(9):
            mutate = kinds[number % len(kinds)]
            path = folder / f"{sample.stem}_{mutate.__name__}_{number}{sample.suffix}"
            path.write_bytes(mutate(data, rng))
            made.append(path)
    return made


def no_nan(text: str) -> None:
    raise AssertionError(f"non-finite number in the report: {text}")


def test_mutated_samples_import_or_are_refused_cleanly(tmp_path):
    files = mutants(tmp_path)
    assert len(files) >= 50
    results = sweep(files, "1")
    for name, result in results.items():
        assert_one_clean_outcome(name, result)
        if result["code"] == 0:
            data = json.loads(result["stdout"], parse_constant=no_nan)
            assert data["line_items"] + len(data["errors"]) > 0
