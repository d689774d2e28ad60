"""Where scenarios and saves are found: the instructor's folders first, the shipped scenarios after."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay import catalogue, saves
from roleplay.cli import main
from tests.conftest import TUTORIAL


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("ROLEPLAY_SCENARIOS", raising=False)
    monkeypatch.delenv("ROLEPLAY_SAVES", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_own_scenarios_come_first_and_the_shipped_ones_stay_available(elsewhere: Path, capsys) -> None:
    own = elsewhere / "scenarios"
    own.mkdir()
    (own / "tutorial-harbour-cafe.yaml").write_text(TUTORIAL.read_text(encoding="utf-8"), encoding="utf-8")
    assert catalogue.resolve("tutorial-harbour-cafe") == Path("scenarios/tutorial-harbour-cafe.yaml")
    assert catalogue.resolve(catalogue.FLAGSHIP) == catalogue.shipped("scenarios") / f"{catalogue.FLAGSHIP}.yaml"
    assert [s.origin for s in catalogue.sources()] == ["./scenarios", "shipped with roleplay"]
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert out.count("tutorial-harbour-cafe\n") == 1 and "scenarios/tutorial-harbour-cafe.yaml (./scenarios)" in out
    assert f"{catalogue.FLAGSHIP}.yaml (shipped with roleplay)" in out


def test_roleplay_scenarios_names_the_only_folder_searched(elsewhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pinned = elsewhere / "pinned"
    pinned.mkdir()
    monkeypatch.setenv("ROLEPLAY_SCENARIOS", str(pinned))
    assert catalogue.scenario_files() == []
    with pytest.raises(catalogue.ScenarioNotFound):
        catalogue.resolve(catalogue.FLAGSHIP)


def test_saves_go_to_the_user_data_folder_outside_the_checkout(elsewhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(elsewhere / "data"))
    assert saves.saves_dir() == elsewhere / "data" / "roleplay" / "saves"
    monkeypatch.chdir(catalogue.CHECKOUT)
    assert saves.saves_dir() == Path("saves")
    monkeypatch.setenv("ROLEPLAY_SAVES", str(elsewhere / "mine"))
    assert saves.saves_dir() == elsewhere / "mine"
