"""The attack corpus (tests/attack_corpus.py) run through every path that reads it.

Each class of bad input must end in a message and a truthful exit status:
never a traceback, a hang, a memory blow-up, an overwritten save or text
that acts on the terminal.
"""

from __future__ import annotations

import builtins
import errno
import io
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from roleplay import saves
from roleplay.catalogue import ScenarioNotFound
from roleplay.cli import MAX_RUNS, main
from roleplay.console import Console, run_console
from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.report import build
from roleplay.saves import SaveError, Slot
from roleplay.scenario.loader import MAX_FINDINGS, check_file, check_text, load
from roleplay.scenario.models import Scenario
from roleplay.text import is_clean
from roleplay.tui.screens.confirm import ConfirmScreen
from tests.attack_corpus import BAD_SAVE_NAMES, BAD_TAGGED_VALUES, LOADER_ATTACKS, SPECIAL_FILES, make_special, save_attacks
from tests.conftest import ROOT, TUTORIAL, to_bargaining
from tests.helpers import choices_shown, told

DIGEST = load(TUTORIAL).digest


@pytest.fixture(autouse=True)
def bounded(monkeypatch, tmp_path: Path) -> Iterator[None]:
    """No case may hang: each test is stopped after 20 seconds (a FIFO read would wait for ever)."""
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path / "saves"))

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("the case did not finish in 20 s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def valid_save(tutorial: Scenario) -> dict[str, object]:
    session = to_bargaining(Session(tutorial, "tenant", seed=9))
    return json.loads(saves.snapshot(session, DIGEST, str(TUTORIAL)).model_dump_json())


# --- the loader -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", BAD_TAGGED_VALUES)
def test_a_bad_tagged_value_is_a_located_error(text: str) -> None:
    report = check_text(text, "s.yaml")
    assert not report.ok
    assert all(p.line >= 1 and p.column >= 1 for p in report.problems), [p.headline() for p in report.problems]


@pytest.mark.parametrize("name", list(LOADER_ATTACKS))
def test_every_loader_attack_is_a_message_in_bounded_time(name: str) -> None:
    started = time.process_time()
    report = check_text(LOADER_ATTACKS[name], "s.yaml")
    assert not report.ok and report.problems
    assert len(report.problems) <= MAX_FINDINGS + 1
    assert all(p.line >= 1 for p in report.problems), [p.headline() for p in report.problems]
    assert time.process_time() - started < 10


def test_many_findings_are_capped_and_counted() -> None:
    report = check_text("\n".join(f"k{n}: 1" for n in range(5_000)), "s.yaml")
    assert len(report.problems) == MAX_FINDINGS + 1
    assert report.problems[-1].code == "more-problems" and "more problems not shown" in report.problems[-1].message


def test_rounds_yes_is_refused(write_yaml) -> None:
    from tests.conftest import minimal

    report = check_file(write_yaml(minimal(rounds=True)))
    assert [p.code for p in report.problems] == ["wrong-type"] and report.problems[0].path == "rounds"


def test_a_scenario_too_big_to_play_is_refused_with_a_message(write_yaml) -> None:
    from tests.conftest import delegation, minimal

    data = minimal()
    data["issues"] = [{"id": f"i{n}", "label": f"I{n}", "options": [{"id": f"i{n}a", "label": "a"},
                                                                     {"id": f"i{n}b", "label": "b"}]}
                      for n in range(41)]
    for side in ("buyer", "seller"):
        delegation(data, side)["stances"] = {f"i{n}": {"ideal": f"i{n}a", "reservation": f"i{n}b",
                                                       "expectation": f"i{n}a"} for n in range(41)}
    delegation(data, "press")["consult"]["intel"] = [{"issue": "i0", "width": 1}]
    report = check_file(write_yaml(data))
    assert [p.code for p in report.problems] == ["too-big"] and "at most 40" in report.problems[0].message


@pytest.mark.parametrize("kind", SPECIAL_FILES)
def test_special_files_are_refused_by_every_scenario_reader(tmp_path: Path, kind: str, capsys) -> None:
    path = make_special(kind, tmp_path / "s.yaml")
    report = check_file(path)
    assert [p.code for p in report.problems] in (["not-a-file"], ["not-found"])
    assert main(["validate", str(path)]) == 1
    assert main(["simulate", str(path), "--runs", "1"]) == 1
    assert run_console(str(path), "tenant", 1) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_a_scenario_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(3_000_000_000)  # sparse: reading it would take gigabytes
    report = check_file(path)
    assert [p.code for p in report.problems] == ["too-large"] and report.problems[0].line == 1


# --- saves ------------------------------------------------------------------------------------------------

@pytest.fixture
def attacks(tutorial: Scenario) -> dict[str, bytes]:
    return save_attacks(valid_save(tutorial))


def test_every_save_attack_is_read_or_refused_with_a_message(tmp_path: Path, attacks: dict[str, bytes]) -> None:
    for name, data in attacks.items():
        path = tmp_path / "x.json"
        path.write_bytes(data)
        try:
            save = saves.read(path)
        except SaveError as exc:
            assert str(path) in str(exc), name
            continue
        try:
            assert saves.scenario_file(save).suffix == ".yaml", name  # never /etc/passwd, /dev/zero or a folder
        except ScenarioNotFound:
            pass


@pytest.mark.parametrize("name", ["huge seed", "seed beyond 64 bits", "lone surrogate player", "scenario path /etc/passwd",
                                  "scenario path /dev/zero", "unknown scenario", "hostile scenario id", "illegal moves",
                                  "deep JSON", "not UTF-8"])
def test_resuming_any_save_is_a_message(tmp_path: Path, attacks: dict[str, bytes], name: str, capsys,
                                        monkeypatch) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    (folder / "x.json").write_bytes(attacks[name])
    monkeypatch.setattr(builtins, "input", lambda prompt="": (_ for _ in ()).throw(EOFError))
    status = run_console(None, None, None, resume="x")
    captured = capsys.readouterr()
    assert is_clean(captured.out + captured.err)
    if status != 0:
        assert captured.err.strip()
    assert "root:" not in captured.out + captured.err  # never a line of /etc/passwd


def test_one_bad_save_never_stops_the_class_report(tmp_path: Path, attacks: dict[str, bytes], capsys) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    for n, data in enumerate(attacks.values()):
        (folder / f"{n:02}.json").write_bytes(data)
    for n, kind in enumerate(SPECIAL_FILES):
        make_special(kind, folder / f"special-{n}.json")
    report = build([folder])
    assert len(report.rows) == len(attacks) + len(SPECIAL_FILES)
    for form in ("text", "markdown", "csv", "html"):
        assert main(["report", str(folder), "--format", form]) == 0
        out = capsys.readouterr().out.replace("\r\n", "\n")
        assert is_clean(out)


@pytest.mark.parametrize("kind", SPECIAL_FILES)
def test_special_files_in_the_saves_folder_are_listed_not_fatal(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    make_special(kind, folder / "odd.json")
    Slot(folder / "good.json", DIGEST, str(TUTORIAL)).record(to_bargaining(Session(load(TUTORIAL).scenario, "tenant", 2)))
    found = dict(saves.listing(folder))
    assert isinstance(found[folder / "odd.json"], SaveError)
    assert isinstance(found[folder / "good.json"], saves.SaveFile)
    assert run_console(None, None, None, resume="odd") == 1


async def test_the_choose_screen_survives_special_files_among_the_saves(tmp_path: Path, monkeypatch) -> None:
    from roleplay.tui.app import RoleplayApp

    monkeypatch.setenv("TEXTUAL_ANIMATION", "none")
    folder = tmp_path / "saves"
    folder.mkdir()
    for n, kind in enumerate(SPECIAL_FILES):
        make_special(kind, folder / f"odd-{n}.json")
    app = RoleplayApp(seed=1)
    async with app.run_test(size=(100, 32)) as pilot:
        chooser = await choices_shown(pilot)
        assert chooser.choices and app.is_running


@pytest.mark.parametrize("name", BAD_SAVE_NAMES)
def test_bad_save_names_are_refused(name: str) -> None:
    with pytest.raises(SaveError, match="cannot be a save name"):
        saves.safe_name(name)


def test_a_second_process_on_one_save_is_told_not_overwritten(tmp_path: Path, tutorial: Scenario) -> None:
    path = tmp_path / "saves" / "shared.json"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from roleplay import saves; from roleplay.engine.session import Session;"
         "from roleplay.scenario.loader import load;"
         f"s = Session(load({str(TUTORIAL)!r}).scenario, 'tenant', 9); slot = saves.Slot(Path({str(path)!r}), 'd');"
         "slot.claim(s); print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(SaveError, match="open in another roleplay"):
            Slot(path, DIGEST).claim(Session(tutorial, "tenant", 9))
    finally:
        holder.communicate("")
    Slot(path, DIGEST).claim(Session(tutorial, "tenant", 9))  # free again once the other has finished


def test_a_new_game_never_replaces_a_save(tmp_path: Path, tutorial: Scenario, monkeypatch) -> None:
    long_game = to_bargaining(Session(tutorial, "tenant", seed=5))
    Slot(saves.save_path("tutorial-harbour-cafe-tenant-5"), DIGEST, str(TUTORIAL)).record(long_game)
    original = saves.save_path("tutorial-harbour-cafe-tenant-5").read_bytes()
    monkeypatch.setattr(builtins, "input", lambda prompt="": (_ for _ in ()).throw(EOFError))
    assert run_console("tutorial-harbour-cafe", "tenant", 5) == 0
    assert saves.save_path("tutorial-harbour-cafe-tenant-5").read_bytes() == original
    assert saves.save_path("tutorial-harbour-cafe-tenant-5-2").exists()
    assert run_console("tutorial-harbour-cafe", "tenant", 5, save_name="tutorial-harbour-cafe-tenant-5") == 1
    assert saves.save_path("tutorial-harbour-cafe-tenant-5").read_bytes() == original


def test_replays_never_overwrite(tmp_path: Path, tutorial: Scenario, monkeypatch) -> None:
    scenario = tmp_path / "tutorial-harbour-cafe.yaml"
    scenario.write_text(TUTORIAL.read_text(encoding="utf-8"), encoding="utf-8")
    loaded = load(scenario)
    Slot(saves.save_path("game"), loaded.digest, str(scenario)).record(to_bargaining(Session(tutorial, "tenant", 9)))
    earlier = saves.save_path("game-replayed")
    earlier.write_bytes(saves.save_path("game").read_bytes())
    before = earlier.read_bytes()
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("rounds: 4", "rounds: 5"), encoding="utf-8")
    answers = iter(["r"])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(answers) if prompt.startswith("[r]") else
                        (_ for _ in ()).throw(EOFError))
    assert run_console(None, None, None, resume="game") == 0
    assert earlier.read_bytes() == before and saves.save_path("game-replayed-2").exists()


def test_claiming_a_save_clears_only_its_own_temporary_files(tmp_path: Path, tutorial: Scenario) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    mine, theirs = folder / ".a.json.tmp-abc123", folder / ".a.b.json.tmp-xyz789"
    mine.write_text("x")
    theirs.write_text("y")
    Slot(folder / "a.json", DIGEST).claim(Session(tutorial, "tenant", 9))
    assert not mine.exists() and theirs.exists()


def read_only(monkeypatch) -> None:
    """A saves folder that refuses writes (tests may run as root, where chmod would not)."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(saves, "write", refuse)


def test_a_read_only_saves_folder_is_told_in_the_text_client(tutorial: Scenario, monkeypatch) -> None:
    from roleplay.console import _play

    read_only(monkeypatch)
    out = io.StringIO()
    moves = iter(["team accountant", "drop accountant", "team accountant"])

    def read(prompt: str) -> str:
        line = next(moves, None)
        if line is None:
            raise EOFError
        return line

    console = Console(Session(tutorial, "tenant", 1), read=read, out=out, slot=Slot(saves.save_path("ro"), DIGEST))
    monkeypatch.setattr(sys, "stdout", out)
    assert _play(console) == 0
    printed = out.getvalue()
    assert printed.count("! the game could not be saved") == 1  # told once, not after every move
    assert "Your last moves are NOT saved" in printed and "Your game is saved" not in printed


async def test_a_read_only_saves_folder_is_told_in_the_tui(tutorial: Scenario, monkeypatch) -> None:
    from roleplay.tui.app import RoleplayApp
    from tests.helpers import PREPARED

    monkeypatch.setenv("TEXTUAL_ANIMATION", "none")

    class Playing(RoleplayApp):
        def on_mount(self) -> None:
            session = Session(tutorial, "tenant", 4)
            for move in PREPARED:
                session.act(move)
            self.start(session, Slot(saves.save_path("ro"), DIGEST))

    read_only(monkeypatch)
    app = Playing(seed=4)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.action_save()
        await pilot.pause()
        assert any("could not be saved" in message for message in told(app))
        app.action_quit_game()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "NOT saved" in app.screen.question
    assert "NOT saved" in app.farewell


# --- the command line -------------------------------------------------------------------------------------

def test_runs_are_bounded(capsys) -> None:
    assert main(["simulate", "tutorial-harbour-cafe", "--runs", str(MAX_RUNS + 1)]) == 2
    assert main(["simulate", "tutorial-harbour-cafe", "--all", "--runs", "10000000"]) == 2
    assert main(["play", "--seed", "9" * 40, "--text"]) == 2
    assert "--runs must be" in capsys.readouterr().err


def test_progress_is_drawn_for_long_runs() -> None:
    from roleplay.simulation.progress import Progress, line
    from roleplay.simulation.simulate import balance

    out = io.StringIO()
    progress = Progress(out, every=0.0)
    balance(load(TUTORIAL).scenario, 2, 1, progress)
    drawn = out.getvalue()
    assert "0/16 games" in drawn and "8/16 games" in drawn and drawn.endswith("\r\x1b[K")
    assert line(5, 10, 3.0).startswith("[############            ] 5/10 games")


@pytest.mark.parametrize("command", [["schema", "--output"], ["report", str(TUTORIAL.parent), "--output"]])
def test_an_unwritable_output_is_a_message_and_status_2(tmp_path: Path, command: list[str], capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main([*command, str(blocker / "out.txt")]) in (1, 2)
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()
    assert main(["schema", "--output", str(blocker / "out.txt")]) == 2
    assert main(["new", "x", "--folder", str(blocker)]) == 2


def test_exit_codes_tell_the_truth(tmp_path: Path, capsys) -> None:
    assert main(["report", str(tmp_path / "nonexistent")]) == 1
    assert "no such file or folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["validate", str(tmp_path / "empty")]) == 1
    assert "no scenario files" in capsys.readouterr().err


def test_a_huge_line_in_the_text_client_is_refused_quickly(tutorial: Scenario) -> None:
    from roleplay.console import MAX_LINE

    out = io.StringIO()
    session = Session(tutorial, "tenant", 1)
    session.act(a.BeginPreparation())
    console = Console(session, read=lambda p: "", out=out)
    started = time.process_time()
    assert console.onecmd("team " + "x" * 50_000_000) is False  # refused: the game goes on
    assert time.process_time() - started < 2 and f"at most {MAX_LINE:,}" in out.getvalue()
    assert session.state.team == []


def test_a_full_disk_on_standard_output_is_a_message_and_status_2(monkeypatch, capsys) -> None:
    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sys, "stdout", Full())
    assert main(["schema"]) == 2
    assert "No space left on device" in capsys.readouterr().err


async def test_a_new_game_in_the_tui_takes_a_fresh_name_and_says_so(tutorial: Scenario, monkeypatch) -> None:
    from roleplay.tui.app import RoleplayApp

    monkeypatch.setenv("TEXTUAL_ANIMATION", "none")
    existing = saves.save_path("tutorial-harbour-cafe-landlord-3")
    Slot(existing, DIGEST, str(TUTORIAL)).record(to_bargaining(Session(tutorial, "landlord", 3)))
    original = existing.read_bytes()
    app = RoleplayApp("tutorial-harbour-cafe", "landlord", 3)
    async with app.run_test(size=(100, 32)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.slot is not None and app.slot.path.stem == "tutorial-harbour-cafe-landlord-3-2"
        assert any("already saved" in message for message in told(app))
        await app.workers.wait_for_complete()
        assert app.slot.path.exists()  # on disk before the first move
    assert existing.read_bytes() == original


def test_within_one_process_a_new_slot_on_the_same_save_takes_the_lock_over(tmp_path: Path, tutorial: Scenario) -> None:
    path = tmp_path / "saves" / "mine.json"
    session = to_bargaining(Session(tutorial, "tenant", 9))
    first = Slot(path, DIGEST)
    first.claim(session)
    first.record(session)
    second = Slot(path, DIGEST)
    second.claim(session)  # resuming the game one is playing: no refusal from oneself
    with pytest.raises(SaveError, match="already has this name"):
        Slot(path, DIGEST).claim(session, new=True)
    assert second.lock_path.exists()  # a refused claim gives the lock back
    second.release()
    assert not second.lock_path.exists()


def test_a_game_cannot_start_in_a_folder_it_cannot_write_and_is_told(tutorial: Scenario, monkeypatch, capsys) -> None:
    def refuse(path: Path) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(saves, "_lock_file", refuse)
    with pytest.raises(SaveError, match="games cannot be saved in this folder"):
        Slot(saves.save_path("x"), DIGEST).claim(Session(tutorial, "tenant", 1))
    assert run_console("tutorial-harbour-cafe", "tenant", 1) == 1
    assert "set ROLEPLAY_SAVES" in capsys.readouterr().err


def test_a_bad_save_name_is_refused_before_anything_is_asked(capsys) -> None:
    assert run_console("tutorial-harbour-cafe", None, 1, save_name="abc\n") == 2
    assert "cannot be a save name" in capsys.readouterr().err


def test_warnings_past_the_first_ones_listed_do_not_stop_a_scenario(write_yaml) -> None:
    from tests.conftest import minimal

    data = minimal()
    counterpart = next(d for d in data["delegations"] if not d.get("playable"))
    counterpart["rules"] = [{"id": "any-offer", "when": {"move": "propose"}, "say": "Noted."}] + [
        {"id": f"later-{n}", "when": {"all": [{"move": "propose"}, {"round_at_least": 1}]}, "say": "Later."}
        for n in range(MAX_FINDINGS + 5)]
    report = check_file(write_yaml(data))
    assert report.ok, [p.headline() for p in report.problems if p.severity.value == "error"]
    last = report.problems[-1]
    assert last.code == "more-problems" and last.severity.value == "warning"
    assert "more warnings not shown" in last.message
    assert load(write_yaml(data)).scenario.id == data["id"]
