"""A fresh clone on a bare machine: the README's system packages are what CI installs, the
README and docs/ stand alone (no link leaves the project), and `main.py` without a display
says so in one sentence instead of aborting."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nato_planner.ui.display_check import OFFSCREEN_LIBRARIES, X11_LIBRARIES, display_problem

ROOT = Path(__file__).resolve().parents[1]
MARKDOWN_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_TARGET = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
REFERENCE_LINK = re.compile(r"^\s*\[[^\]]+\]:\s*(\S+)", re.MULTILINE)


def apt_packages(text: str) -> set[str]:
    """Every package named by an `apt-get install` command, its continuation lines included."""
    joined = re.sub(r"\\\n", " ", text)
    packages: set[str] = set()
    for line in joined.splitlines():
        if "apt-get install" not in line:
            continue
        words = line.split("apt-get install", 1)[1].split()
        for word in words:
            if word.startswith((">", "|", "&", ";", "2>")):
                break
            if not word.startswith("-"):
                packages.add(word)
    return packages


def readme_system_packages() -> set[str]:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## System packages", 1)
    assert len(section) == 2, "README.md needs a '## System packages' section"
    return apt_packages(section[1].split("\n## ", 1)[0])


def test_ci_installs_exactly_the_readme_system_packages() -> None:
    readme = readme_system_packages()
    ci = apt_packages((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    assert readme, "the README's System packages section has no apt-get install command"
    assert readme == ci, (f"only in README: {sorted(readme - ci)}; "
                          f"only in .ci/run: {sorted(ci - readme)}")


def test_readme_lists_every_package_the_display_check_names() -> None:
    named = set(OFFSCREEN_LIBRARIES.values()) | set(X11_LIBRARIES.values())
    assert named <= readme_system_packages()


def test_the_package_parser_reads_continuation_lines_and_stops_at_redirection() -> None:
    text = "apt-get install -y -qq \\\n    liba \\\n    libb >/dev/null\necho libc\n"
    assert apt_packages(text) == {"liba", "libb"}


def _link_targets(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)  # code blocks hold commands, not links
    return LINK.findall(text) + HTML_TARGET.findall(text) + REFERENCE_LINK.findall(text)


def _headings(path: Path) -> set[str]:
    """GitHub-style anchors of a markdown file's headings."""
    anchors = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return anchors


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_stays_inside_the_project_and_exists(path: Path) -> None:
    assert "../shared" not in path.read_text(encoding="utf-8"), \
        f"{path.name} points into ../shared, which a clone does not have"
    for target in _link_targets(path):
        assert not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE), \
            f"{path.name} links outside the project: {target}"
        file_part, _, anchor = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        assert resolved.is_relative_to(ROOT), f"{path.name}: {target} leaves the project"
        assert resolved.exists(), f"{path.name}: {target} does not exist"
        if anchor and resolved.suffix == ".md":
            assert anchor in _headings(resolved), f"{path.name}: no heading for #{anchor}"


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_merge_conflict_markers_reach_the_reader(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"^(<{7} |={7}$|>{7} )", text, re.MULTILINE), path.name


def test_docs_hold_the_guides_a_delegate_needs() -> None:
    for name in ("user_guide.md", "budget_format.md", "export_format.md", "command_line.md"):
        assert (ROOT / "docs" / name).is_file(), f"docs/{name} is missing"


def test_main_without_a_display_says_so_in_one_sentence_and_exits_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, str(ROOT / "main.py")], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "display" in lines[0] and "QT_QPA_PLATFORM=offscreen" in lines[0]
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_display_without_xcb_cursor_names_the_package_to_install() -> None:
    problem = display_problem([], {"DISPLAY": ":0"},
                              lambda name: None if name == "xcb-cursor" else f"lib{name}.so",
                              platform="linux")
    assert problem is not None and "apt-get install libxcb-cursor0'" in problem


def test_offscreen_and_a_full_x11_install_start_without_complaint() -> None:
    found = lambda name: f"lib{name}.so"  # noqa: E731
    assert display_problem([], {"QT_QPA_PLATFORM": "offscreen"}, found, "linux") is None
    assert display_problem(["-platform", "offscreen"], {}, found, "linux") is None
    assert display_problem([], {"DISPLAY": ":0"}, found, "linux") is None
    assert display_problem([], {}, found, "win32") is None
