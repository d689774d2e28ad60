"""Every code the checks can report is listed with an example, and every example reports its code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roleplay.codes import EXAMPLES, all_codes
from roleplay.scenario.loader import check_text
from tests.conftest import ROOT, TUTORIAL

SOURCES = sorted((ROOT / "roleplay" / "scenario").glob("*.py"))
"""Where problems are made: the loader, the YAML reader, the messages, the checks and the lint."""
EMITTED = re.compile(r"""(?:error|Wording|_plain|Problem|_problem|finding)\([^"()]*?"([a-z][a-z0-9-]+)\"""")


def emitted_codes() -> set[str]:
    """The codes written literally where problems are made, and the `unknown-WHAT` codes built from kinds."""
    found: set[str] = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        found |= {m for m in EMITTED.findall(text) if "-" in m or m in ("missing", "empty", "invalid")}
        found |= {f"unknown-{what.replace(' ', '-')}" for what in re.findall(r'"([a-z ]+)", [a-z_][a-z_.]+, ', text)
                  if "unknown(" in text}
    found |= {f"unknown-{kind.replace(' ', '-')}" for kind in ("issue", "option", "delegation", "team member",
                                                               "gesture", "subject")}
    return found


def test_every_code_emitted_is_listed_with_an_example() -> None:
    listed = set(all_codes())
    missing = emitted_codes() - listed
    assert not missing, f"codes without an entry in roleplay/codes.py: {sorted(missing)}"
    assert set(EXAMPLES) == listed


@pytest.mark.parametrize("code", [c for c in all_codes() if EXAMPLES[c].before], ids=str)
def test_each_example_reports_its_code(code: str) -> None:
    example = EXAMPLES[code]
    base = Path(TUTORIAL).read_text(encoding="utf-8")
    assert example.before in base, "the example's change no longer applies to the tutorial"
    text = base.replace(example.before, example.after) if example.everywhere else base.replace(example.before, example.after, 1)
    assert code in {p.code for p in check_text(text, "example.yaml", thorough=example.deep).problems}
