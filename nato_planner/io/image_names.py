"""Which picture formats the charts are written in, checked before Qt is even loaded."""
from __future__ import annotations

from pathlib import Path

from ..core.errors import ExportError

IMAGE_SUFFIXES = (".png", ".svg")


def check_image_name(target: Path) -> None:
    """Only the formats written for real: a .jpg name must not hold PNG bytes."""
    if Path(target).suffix.lower() not in IMAGE_SUFFIXES:
        raise ExportError(f"Cannot write the chart '{Path(target).name}': name it .png (a "
                          "picture) or .svg (a vector drawing).")
