"""Rulebooks as plain TOML files a delegation can edit, share, import and export.

    title = "Our rules"
    [[rule]]
    name = "COFOG 02.2 civil defence"
    cofog = ["02.2"]
    bucket = "security"
    sub_category = "civil_preparedness"
    risk = "low"
    rationale = "Civil defence is not core; a candidate for the 1.5%."

Keywords may be a list or a table of lists per language (`keywords.fr = ["forces armées"]`).
A broken file is refused whole, with the line and the reason; the default rulebook ships in
resources/rules/default.toml.
"""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from ..core.errors import PlannerError
from ..core.rules import RULE_KEYS, Rule, RuleError, Rulebook, rule_from_mapping, rule_to_mapping
from .atomic_file import atomic_target, check_writable

DEFAULT_RULEBOOK = Path(__file__).resolve().parents[2] / "resources" / "rules" / "default.toml"
_TOP_KEYS = ("title", "rule")
_RULE_HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]")


class RulebookError(PlannerError):
    """A rulebook file that cannot be used: the message names the file, the line and why."""


def load_rulebook(source: str | Path) -> Rulebook:
    """The rulebook a command line or a dialog names: a path, or 'default'."""
    if str(source).strip().lower() == "default":
        return read_rulebook(DEFAULT_RULEBOOK)
    return read_rulebook(Path(source))


def read_rulebook(path: Path) -> Rulebook:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RulebookError(f"Rulebook '{path}' does not exist; check the name or use 'default'.")
    except UnicodeDecodeError:
        raise RulebookError(f"Rulebook '{Path(path).name}' is not a text file (UTF-8); save it "
                            "as plain text.")
    except OSError as error:
        raise RulebookError(f"Rulebook '{path}' cannot be read ({error.strerror}).")
    return parse_rulebook(text, Path(path).name)


def parse_rulebook(text: str, name: str = "rulebook") -> Rulebook:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulebookError(_toml_message(str(error), name)) from None
    lines = text.splitlines()
    starts = [i + 1 for i, line in enumerate(lines) if _RULE_HEADER.match(line)]
    for key in data:
        if key not in _TOP_KEYS:
            raise RulebookError(f"{name}, line {_key_line(lines, key, 1, len(lines))}: unknown "
                                f"setting '{key}'; a rulebook holds a title and [[rule]] tables.")
    entries = data.get("rule", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RulebookError(f"{name}: 'rule' must be written as [[rule]] tables.")
    rules = [_rule(entry, number, starts, lines, name)
             for number, entry in enumerate(entries, start=1)]
    _refuse_duplicate_names(rules, name)
    return Rulebook(rules, str(data.get("title") or Path(name).stem))


def _toml_message(message: str, name: str) -> str:
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    reason = re.sub(r"\s*\(at line.*\)", "", message).strip() or "not valid TOML"
    where = f"line {found.group(1)}, column {found.group(2)}" if found else "somewhere"
    return f"{name}, {where}: {reason[0].lower() + reason[1:]}; fix that line and load it again."


def _rule(entry: dict[str, Any], number: int, starts: list[int], lines: list[str],
          name: str) -> Rule:
    start = starts[number - 1] if number - 1 < len(starts) else 1
    end = starts[number] - 1 if number < len(starts) else len(lines)
    try:
        return rule_from_mapping(entry, number, start)
    except RuleError as error:
        line = _key_line(lines, error.key, start, end) if error.key else start
        raise RulebookError(f"{name}, line {line} (rule {number}"
                            f"{_quoted(entry.get('name'))}): {error}.") from None


def _quoted(value: Any) -> str:
    return f" '{value}'" if isinstance(value, str) and value else ""


def _key_line(lines: list[str], key: str, start: int, end: int) -> int:
    """The line where `key = ...` (or `key.xx = ...`) is written within lines start..end."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*[.=]")
    for number in range(start, end + 1):
        if pattern.match(lines[number - 1]):
            return number
    return start


def _refuse_duplicate_names(rules: list[Rule], name: str) -> None:
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.name in seen:
            raise RulebookError(f"{name}, line {rule.source_line}: the rule name '{rule.name}' "
                                f"is already used on line {seen[rule.name].source_line}; "
                                "give each rule its own name.")
        seen[rule.name] = rule


# --- writing ----------------------------------------------------------------------------------
def rulebook_text(rulebook: Rulebook) -> str:
    out = [f"title = {_toml_value(rulebook.name)}"]
    for rule in rulebook.rules:
        out += ["", "[[rule]]"]
        out += [f"{key} = {_toml_value(value)}" for key, value in rule_to_mapping(rule).items()]
    return "\n".join(out) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def write_rulebook(rulebook: Rulebook, path: str | Path) -> None:
    """Write the rulebook; a failure leaves the previous file intact."""
    target = Path(path)
    check_writable(target, RulebookError)
    with atomic_target(target, RulebookError) as temp:
        Path(temp).write_text(rulebook_text(rulebook), encoding="utf-8")


__all__ = ["DEFAULT_RULEBOOK", "RULE_KEYS", "RulebookError", "load_rulebook", "parse_rulebook",
           "read_rulebook", "rulebook_text", "write_rulebook"]
