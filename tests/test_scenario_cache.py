"""The cache of checked scenarios: a hit reads back what the full load gave, anything else is the full load."""

from __future__ import annotations

import pickle
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from roleplay import kept
from roleplay.cli import main
from roleplay.scenario import cache, loader
from roleplay.scenario.loaded import Loaded, digest
from roleplay.scenario.problems import ScenarioError
from roleplay.simulation.simulate import play_game
from tests.conftest import ROOT, TUTORIAL

FLAGSHIP = ROOT / "scenarios" / "us-dprk-summit-2018.yaml"


@pytest.fixture
def folder(monkeypatch, tmp_path: Path) -> Path:
    """An empty cache of this test's own; the folder of its checked scenarios."""
    monkeypatch.setenv("ROLEPLAY_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / cache.KIND


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """The files the full check ran on, in order."""
    checked: list[str] = []
    check_text = loader.check_text

    def counted(text: str, file: str, thorough: bool = False) -> loader.Report:
        checked.append(file)
        return check_text(text, file, thorough)

    monkeypatch.setattr(loader, "check_text", counted)
    return checked


def copy_of(source: Path, tmp_path: Path) -> Path:
    path = tmp_path / source.name
    shutil.copyfile(source, path)
    return path


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def test_a_miss_checks_the_file_and_keeps_it_and_a_hit_reads_it_back(folder: Path, checks: list[str]) -> None:
    full = loader.load(FLAGSHIP)
    first = cache.load(FLAGSHIP)
    assert len(checks) == 2 and len(entries(folder)) == 1
    again = cache.load(FLAGSHIP)
    assert len(checks) == 2  # read from the cache: not checked again
    for loaded in (first, again):
        assert loaded.scenario == full.scenario
        assert (loaded.path, loaded.digest, loaded.warnings) == (full.path, full.digest, full.warnings)


def test_a_game_on_a_cached_scenario_is_the_game_on_a_checked_one(folder: Path) -> None:
    cache.load(FLAGSHIP)
    cached = cache.load(FLAGSHIP).scenario
    checked = loader.load(FLAGSHIP).scenario
    for seed in (1, 2, 3):
        ours, theirs = (play_game(scenario, "us", "realistic", seed).state for scenario in (cached, checked))
        assert ours.transcript == theirs.transcript and ours.outcome == theirs.outcome


def test_warnings_are_kept_with_the_scenario(folder: Path, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "warned.yaml"
    path.write_text(TUTORIAL.read_text(encoding="utf-8").replace("playable: true", "playable: yes", 1),
                    encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    full = loader.load(path)
    assert full.warnings and full.warnings[0].file == "warned.yaml"
    cache.load(path)
    assert cache.load(path).warnings == full.warnings
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the same file, named from another folder
    assert cache.load(path).warnings == loader.load(path).warnings != full.warnings


def test_a_changed_file_is_checked_again(folder: Path, checks: list[str], tmp_path: Path) -> None:
    path = copy_of(TUTORIAL, tmp_path)
    assert cache.load(path).scenario.title != "Another title"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title: "Tutorial: the Harbour Café lease"', "title: Another title", 1), encoding="utf-8")
    assert cache.load(path).scenario.title == "Another title"
    assert len(checks) == 2 and len(entries(folder)) == 2


def test_a_file_made_invalid_is_refused_though_its_old_text_is_cached(folder: Path, tmp_path: Path) -> None:
    path = copy_of(TUTORIAL, tmp_path)
    cache.load(path)
    path.write_text(path.read_text(encoding="utf-8").replace("rounds:", "rounds: x\nold_rounds:", 1), encoding="utf-8")
    with pytest.raises(ScenarioError):
        cache.load(path)


def test_other_code_does_not_read_the_entry(folder: Path, checks: list[str], monkeypatch) -> None:
    cache.load(TUTORIAL)
    monkeypatch.setattr(cache, "code_key", lambda: "another version of roleplay")
    cache.load(TUTORIAL)
    assert len(checks) == 2 and len(entries(folder)) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps({"a": "dictionary"})])
def test_a_damaged_entry_is_checked_again_and_replaced(folder: Path, checks: list[str], damage: bytes) -> None:
    cache.load(TUTORIAL)
    [entry] = entries(folder)
    entry.write_bytes(damage)
    assert cache.load(TUTORIAL).scenario == loader.load(TUTORIAL).scenario
    assert len(checks) == 3
    assert isinstance(pickle.loads(entry.read_bytes()), Loaded)
    cache.load(TUTORIAL)
    assert len(checks) == 3


def test_an_entry_for_another_text_is_not_used(folder: Path, checks: list[str]) -> None:
    cache.load(TUTORIAL)
    [entry] = entries(folder)
    entry.write_bytes(pickle.dumps(loader.load(FLAGSHIP), protocol=pickle.HIGHEST_PROTOCOL))
    assert cache.load(TUTORIAL).scenario.id == "tutorial-harbour-cafe"
    assert len(checks) == 3


def test_a_cache_that_cannot_be_written_is_only_no_cache(monkeypatch, tmp_path: Path, checks: list[str]) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ROLEPLAY_CACHE", str(blocked / "cache"))
    assert cache.load(TUTORIAL).scenario == cache.load(TUTORIAL).scenario
    assert len(checks) == 2


def test_an_empty_setting_turns_the_cache_off(monkeypatch, tmp_path: Path, checks: list[str]) -> None:
    monkeypatch.setenv("ROLEPLAY_CACHE", "")
    monkeypatch.chdir(tmp_path)
    cache.load(TUTORIAL)
    cache.load(TUTORIAL)
    assert len(checks) == 2 and not list(tmp_path.rglob("*.pickle"))


def test_validate_never_reads_the_cache(folder: Path, tmp_path: Path, capsys) -> None:
    path = copy_of(TUTORIAL, tmp_path)
    good = cache.load(path)
    path.write_text(path.read_text(encoding="utf-8").replace("rounds:", "rounds: x\nold_rounds:", 1), encoding="utf-8")
    bad = digest(path.read_text(encoding="utf-8"))
    # a cache that holds the good scenario for the bad text: a start would play it, validate must not trust it
    kept.write(cache.entry_path(folder, bad), replace(good, digest=bad))
    assert cache.load(path).scenario == good.scenario
    assert main(["validate", str(path)]) == 1
    assert "rounds" in capsys.readouterr().out


def test_only_the_entries_written_last_are_kept(folder: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(kept, "LIMIT", 3)
    path = copy_of(TUTORIAL, tmp_path)
    text = path.read_text(encoding="utf-8")
    for edit in range(5):  # an author editing the file: an entry per version
        path.write_text(f"{text}\n# edit {edit}\n", encoding="utf-8")
        cache.load(path)
    assert len(entries(folder)) == 3
    newest = digest(path.read_text(encoding="utf-8"))
    found = kept.read(cache.entry_path(folder, newest))
    assert isinstance(found, Loaded) and found.digest == newest


def test_what_a_write_cut_short_left_is_removed_once_it_is_stale(folder: Path, tmp_path: Path) -> None:
    import os

    folder.mkdir(parents=True, exist_ok=True)
    old, fresh = folder / ".abc.pickle.123.456", folder / ".def.pickle.789.10"
    for leftover in (old, fresh):
        leftover.write_bytes(b"cut short")
    os.utime(old, (0, 0))
    cache.load(copy_of(TUTORIAL, tmp_path))  # a write prunes its folder
    assert not old.exists() and fresh.exists(), "one being written now is left alone"
    assert len(entries(folder)) == 1


def test_resuming_a_game_reads_its_scenario_back_as_a_new_game_does(folder: Path, checks: list[str], tmp_path: Path,
                                                                     monkeypatch) -> None:
    from roleplay import games
    from roleplay.engine import actions as a

    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path / "saves"))
    game = games.new_game(games.open_scenario(str(TUTORIAL)), "tenant", 4)
    game.session.act(a.BeginPreparation())
    game.slot.record(game.session)
    game.slot.release()
    assert len(checks) == 1
    resumed = games.resume(game.slot.path)
    resumed.slot.release()
    assert len(checks) == 1  # the checked scenario was read back, not checked again
    assert resumed.session.state == game.session.state
