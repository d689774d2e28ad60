"""The attack corpus: hostile inputs of every class, kept as data for the tests and the fuzzers.

Each class names what it attacks. The tests in test_attacks.py and
test_escaping.py run every entry through the paths that read or show it.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import TUTORIAL

# --- text that must come out as text ----------------------------------------------------------------------

HOSTILE_PARTS = {
    "rich markup": "[@click=app.quit]click[/] [link=file:///etc/passwd]x[/link] [/] Rent [EUR]",
    "screenshot action": "[@click=app.screenshot('x.svg','/tmp')]shot[/]",
    "window title (OSC 0)": "\x1b]0;pwned\x07",
    "clipboard (OSC 52)": "\x1b]52;c;cm0gLXJmIC8=\x07",
    "clear screen (CSI)": "\x1b[2J\x1b[H",
    "C1 CSI": "\x9b31m",
    "bell, backspace, carriage return": "\x07\x08\rover",
    "bidi override": "\u202eevil\u202c",
    "markdown": "*bold* _it_ # head | cell | [link](http://x) ![img](http://x) <b>raw</b>",
    "html": "<script>alert(1)</script> & \"quoted\" 'single'",
    "spreadsheet formula": "=cmd|' /C calc'!A0",
    "mermaid": "\"]) --> x[\"pwn\"] ; %% init",
    "line breaks": "one\ntwo\r\nthree\u2028four",
}
HOSTILE = " ".join(HOSTILE_PARTS.values())
"""Every kind of trouble in one string: what every field of a scenario and a save is filled with."""
SURROGATE = "lone \ud800 surrogate"
"""Not encodable as UTF-8: reaches us from JSON escapes in a save."""

TEXT_KEYS = frozenset({"title", "summary", "briefing", "label", "description", "story", "text", "name", "public",
                       "notes", "note", "say", "credits"})
"""Every free-text field of the scenario format (ids and references are not text)."""


def hostile_scenario_data(prefix: str = HOSTILE) -> dict[str, Any]:
    """The tutorial with every free-text field starting with `prefix`: still a valid scenario."""
    data = yaml.safe_load(TUTORIAL.read_text(encoding="utf-8"))
    return poison(copy.deepcopy(data), prefix)


def poison(node: Any, prefix: str) -> Any:
    """Every free-text value under `node` prefixed with `prefix`; ids and references left alone."""
    if isinstance(node, dict):
        return {k: (_text(v, prefix) if k in TEXT_KEYS else poison(v, prefix)) for k, v in node.items()}
    if isinstance(node, list):
        return [poison(item, prefix) for item in node]
    return node


def _text(value: Any, prefix: str) -> Any:
    if isinstance(value, str):
        return f"{prefix} {value}"
    if isinstance(value, list):
        return [f"{prefix} {v}" if isinstance(v, str) else v for v in value]
    return poison(value, prefix)


def write_hostile_scenario(folder: Path, prefix: str = HOSTILE) -> Path:
    path = folder / "tutorial-harbour-cafe.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(hostile_scenario_data(prefix), allow_unicode=False, sort_keys=False),
                    encoding="utf-8")
    return path


# --- the loader -------------------------------------------------------------------------------------------

BAD_TAGGED_VALUES = [f"a: {tag} {value}" for tag, value in [
    ("!!bool", "maybe"), ("!!int", "''"), ("!!int", "x"), ("!!float", "x"), ("!!timestamp", "x"),
    ("!!timestamp", "2020-13-45"), ("!!binary", "'%%%'"), ("!!null", "x"), ("!!merge", "x"), ("!!int", "0x"),
    ("!!int", "1_000_000_000_000_000_000_000_000"), ("!!float", "1e99999"), ("!!bool", "''"), ("!!str", "[1]"),
    ("!!map", "x"), ("!!seq", "x"),
]]
"""Safe tags holding values they cannot construct: each must be a located error, never a traceback."""

LOADER_ATTACKS: dict[str, str] = {
    "unsafe tag": "a: !!python/object/apply:os.system ['true']",
    "alias bomb": "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [" + ", ".join([f"*{chr(97 + n)}"] * 10) + "]\n" for n in range(8)),
    "merge of a scalar": "a: &a 1\nb:\n  <<: *a\n",
    "merge of many": "base: &b {x: 1}\n" + "\n".join(f"m{n}: {{<<: [*b, *b, *b]}}" for n in range(50)),
    "deep nesting": "a: " + "[" * 500 + "]" * 500,
    "NUL": "a: b\x00",
    "escape in a plain scalar": "title: \x1b]0;x\x07",
    "C1 control": "a: \x9b",
    "rounds: yes": "rounds: yes",
    "many unknown keys": "\n".join(f"k{n}: 1" for n in range(20_000)),
    "many tiny nodes": "[" + "a," * 500_000 + "a]",
    "big any": "any: [" + ", ".join(["{move: probe}"] * 20_000) + "]",
    "duplicate keys": "a: 1\na: 2",
    "bad key": "[1, 2]: x",
    "document stream": "a: 1\n---\nb: 2",
    "not a mapping": "- just\n- a list",
}


# --- saves ------------------------------------------------------------------------------------------------

def save_attacks(valid: dict[str, Any]) -> dict[str, bytes]:
    """Save files of every class, built from one valid save's data."""
    def variant(**changes: Any) -> bytes:
        import json

        return json.dumps({**valid, **changes}).encode()

    return {
        "huge seed": variant().replace(f'"seed": {valid["seed"]}'.encode(), b'"seed": ' + b"9" * 5000),
        "seed beyond 64 bits": variant(seed=2**80),
        "lone surrogate player": variant().replace(b'"player": ""', b'"player": "\\ud800"'),
        "hostile player": variant(player=HOSTILE),
        "scenario path /etc/passwd": variant(scenario_path="/etc/passwd"),
        "scenario path /dev/zero": variant(scenario_path="/dev/zero"),
        "scenario path a folder": variant(scenario_path="/"),
        "unknown scenario": variant(scenario_id="no-such-scenario", scenario_path=""),
        "hostile scenario id": variant(scenario_id=HOSTILE, scenario_path=""),
        "actions of the wrong kind": variant(actions=[{"kind": "walk_out"}, {"kind": "nonsense"}]),
        "illegal moves": variant(actions=[{"kind": "walk_out"}] * 3),
        "deep JSON": b'{"app": "roleplay", "a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "not UTF-8": b"\xff\xfe{}",
        "empty": b"",
        "another program's JSON": b'{"name": "x"}',
        "newer format": variant(format_version=99),
    }


SPECIAL_FILES = ("fifo", "dev-zero", "dev-urandom", "folder", "dangling link", "looping link", "link to a fifo")


def make_special(kind: str, path: Path) -> Path:
    """A path of the given special kind, made in the test's own folder."""
    import os

    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "dev-urandom":
        path.symlink_to("/dev/urandom")
    elif kind == "folder":
        path.mkdir()
    elif kind == "dangling link":
        path.symlink_to(path.parent / "nothing-here")
    elif kind == "looping link":
        path.symlink_to(path)
    elif kind == "link to a fifo":
        target = path.parent / f"{path.name}.fifo"
        os.mkfifo(target)
        path.symlink_to(target)
    return path


BAD_SAVE_NAMES = ["abc\n", "abc\r", "../escape", "a/b", "..", ".hidden", "a" * 81, "", " lead", "trail.", "ab\x1b[2J",
                  "a\u202eb", "con:", "a*b"]
