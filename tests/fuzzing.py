"""Fuzz targets and input generators for the scenario loader and the save reader.

The property is the same for both: whatever the input, the outcome is a valid
object or our own error with a message, never another exception.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import strategies as st

from roleplay import saves
from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.scenario.loader import check_text
from roleplay.scenario.models import Scenario
from tests.conftest import TUTORIAL

TUTORIAL_TEXT = TUTORIAL.read_text(encoding="utf-8")


def _valid_save_json() -> str:
    from roleplay.scenario.loader import load

    scenario = load(TUTORIAL).scenario
    session = Session(scenario, "tenant", seed=1)
    session.act(a.BeginPreparation())
    session.act(a.PickMember(member="accountant"))
    return saves.snapshot(session, "0" * 64).model_dump_json()


VALID_SAVE = _valid_save_json()


@st.composite
def mutated(draw: st.DrawFn, original: str) -> str:
    """The original text with a few slices deleted, duplicated or replaced."""
    text = original
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = min(len(text), start + draw(st.integers(0, 40)))
        action = draw(st.sampled_from(["delete", "duplicate", "replace"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        else:
            text = text[:start] + draw(st.text(max_size=20)) + text[end:]
    return text


plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)

yaml_inputs = st.one_of(
    st.text(max_size=400),
    mutated(TUTORIAL_TEXT),
    plain.map(lambda data: yaml.safe_dump(data)),
    plain.map(lambda data: yaml.safe_dump({"format_version": 1, "id": "x", "title": "t", "issues": data,
                                            "delegations": data, "endings": data})),
)

save_inputs = st.one_of(
    st.binary(max_size=300),
    mutated(VALID_SAVE).map(lambda text: text.encode("utf-8", errors="surrogatepass")),
    plain.map(lambda data: json.dumps({"app": "roleplay", "format_version": 1, "actions": data, "summary": data,
                                       "seed": data}).encode()),
    plain.map(lambda data: json.dumps(data).encode()),
)


def load_yaml(text: str) -> None:
    report = check_text(text, "fuzz.yaml")
    assert all(p.message for p in report.problems)
    if report.ok:
        assert isinstance(report.scenario, Scenario)


def read_save(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.json"
        path.write_bytes(data)
        try:
            assert isinstance(saves.read(path), saves.SaveFile)
        except saves.SaveError as exc:
            assert str(path) in str(exc)
        assert path.read_bytes() == data
