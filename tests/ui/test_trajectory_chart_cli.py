"""`chart BUDGET --out FILE` draws the path (or a year's dashboard) without a display."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nato_planner.ui.chart_images import save_chart_image
from nato_planner.ui.plan_session import PlanSession

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_budgets" / "northland_mod_2026.xlsx"


def run_chart(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                              "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, str(REPO / "main.py"), "chart", *args], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample budgets not generated")
@pytest.mark.parametrize("extra, kind", [((), "trajectory"), (("--year", "2026"), "dashboard")])
def test_chart_cli_writes_a_png_without_a_display(tmp_path, extra, kind):
    out = tmp_path / "chart.png"
    done = run_chart(str(SAMPLE), "--out", str(out), *extra)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 10_000
    assert kind in done.stdout


def test_chart_cli_refuses_a_missing_file_in_one_line(tmp_path):
    done = run_chart(str(tmp_path / "nope.xlsx"), "--out", str(tmp_path / "c.png"))
    assert done.returncode == 2
    assert done.stderr.startswith("error:") and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "c.png").exists()


def test_save_chart_image_writes_png_and_svg_of_both_charts(qapp, plan, tmp_path):
    session = PlanSession(plan)
    for kind in ("dashboard", "trajectory"):
        png = save_chart_image(kind, tmp_path / f"{kind}.png", session)
        svg = save_chart_image(kind, tmp_path / f"{kind}.svg", session)
        assert png.read_bytes()[:4] == b"\x89PNG"
        text = svg.read_text(encoding="utf-8")
        assert text.lstrip().startswith("<?xml") and "<svg" in text
        assert "5% pledge" in text or "Counted total" in text  # labels are real text
