"""The worked examples under examples/: each validates strictly and passes its own transcript tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.cli import main
from tests.conftest import ROOT

EXAMPLES = sorted(path for path in (ROOT / "examples").glob("*/*.yaml"))


def test_there_are_examples() -> None:
    assert EXAMPLES, "examples/ has no scenario"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_is_valid_under_strict(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--strict", str(path)])
    assert code == 0, capsys.readouterr().out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_passes_its_transcript_tests(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["test", str(path)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "all passed" in out and "0 tests" not in out


def test_the_examples_folder_runs_every_examples_tests(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(ROOT / "examples")]) == 0
    assert f"in {len(EXAMPLES)} file" in capsys.readouterr().out
