"""The TUI, driven by key presses with Textual's Pilot."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from roleplay.engine.session import Session
from roleplay.tui.app import RoleplayApp
from roleplay.tui.line_panel import LinePanel
from roleplay.tui.screens.briefing import BriefingScreen
from roleplay.tui.screens.choose import ChooseScreen
from roleplay.tui.screens.debrief import DebriefScreen
from roleplay.tui.screens.preparation import PreparationScreen
from roleplay.tui.screens.table import TableScreen
from roleplay.tui.transcript_log import TranscriptLog
from tests.helpers import choices_shown, told


@pytest.fixture(autouse=True)
def quiet(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATION", "none")
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path / "saves"))


async def choose_tutorial_tenant(pilot) -> None:
    await pilot.pause()
    chooser = await choices_shown(pilot)
    index = next(n for n, c in enumerate(chooser.choices)
                 if getattr(c, "side", "") == "tenant")
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def preparation_of(pilot: Any) -> PreparationScreen:
    """The preparation screen a test's app has open, once it is laid out."""
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PreparationScreen)
    return screen


async def test_a_whole_tutorial_game_at_the_keyboard_matches_the_engine(tmp_path: Path) -> None:
    app = RoleplayApp(seed=4)
    async with app.run_test(size=(100, 32)) as pilot:
        await choose_tutorial_tenant(pilot)
        assert app.session is not None and app.game.phase == "briefing"
        await pilot.press("enter")  # start preparing
        assert isinstance(app.screen, PreparationScreen)
        for key in ("down", "down", "down", "enter", "down", "down", "enter", "d"):
            await pilot.press(key)
        assert isinstance(app.screen, TableScreen) and app.game.phase == "opening"
        assert app.game.state.team == ["accountant"] and app.game.state.consulted == ["council"]
        await pilot.press("enter")  # state the opening position
        assert app.game.phase == "bargaining"
        await pilot.press("r")  # probe rent
        for key in ("right", "right", "down", "down", "left", "enter"):  # rent 2,200, fit-out: the landlord pays half
            await pilot.press(key)
        while not app.game.finished():
            from roleplay.engine.actions import Accept
            from roleplay.tui.coaching import HintScreen

            if isinstance(app.screen, HintScreen):  # the tutorial's coach warns first; play the move anyway
                await pilot.press("p")
                continue
            await pilot.press("a" if app.game.can(Accept()) else "enter")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        replay = Session(app.game.scenario, "tenant", 4)
        for action in app.game.actions:
            replay.act(action)
        expected = replay.state.score
        assert expected is not None and app.game.state.score == expected
        report = app.screen.query_one("#debrief").source
        assert f"Score: {expected.total:.1f} / 100" in report
        await pilot.press("e")
        exported = list((tmp_path / "saves").glob("*.md"))
        assert exported and "transcript" in exported[0].read_text()


async def test_a_terminal_too_small_gets_a_note_not_a_broken_screen() -> None:
    from roleplay.tui.screens.too_small import TooSmallScreen

    app = RoleplayApp(seed=1)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "needs 80x24" in str(app.screen.query_one("#message").render())
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)


def footer_keys(app) -> list[tuple[str, str]]:
    """(key, action) of every binding the footer shows now."""
    shown = []
    for key, (_node, binding, enabled, _tooltip) in app.screen.active_bindings.items():
        if binding.show and enabled:
            shown.append((key, binding.action))
    return shown


def fingerprint(app):
    screen = app.screen
    return (len(app.game.actions) if app.session else 0, type(screen).__name__, len(app.screen_stack),
            str(getattr(screen, "draft", "")), getattr(screen, "posture", None), app.theme,
            len(told(app)), tuple((str(said.render()), said.display) for said in screen.query("#said")))


@pytest.mark.parametrize("phase", ["preparation", "opening", "bargaining", "debrief"])
async def test_every_binding_in_the_footer_does_something(phase: str) -> None:
    from tests.helpers import PHASES, PREPARED, GameAt

    moves = {"preparation": PHASES["preparation"], "opening": PREPARED[:6], "bargaining": PREPARED,
             "debrief": PHASES["debrief"]}[phase]
    app = GameAt(moves)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        keys = footer_keys(app)
        assert keys
        for key, action in keys:
            if action in ("app.quit_game", "quit_game"):
                continue  # tested below: it asks before quitting
            app.replay()  # each key from the same point of the same game
            await pilot.pause()
            assert footer_keys(app) == keys, (phase, key)
            before = fingerprint(app)
            await pilot.press(key)
            await pilot.pause()
            assert fingerprint(app) != before, (phase, key, action)


async def test_quitting_asks_and_the_game_resumes_at_the_same_round(tmp_path: Path) -> None:
    from roleplay.tui.screens.confirm import ConfirmScreen

    app = RoleplayApp(seed=4)
    async with app.run_test(size=(100, 32)) as pilot:
        await choose_tutorial_tenant(pilot)
        for key in ("enter", "d", "p", "enter", "r", "right", "enter"):  # p: past the coach's warning
            await pilot.press(key)
        assert app.session is not None and app.game.phase == "bargaining"
        played = copy.deepcopy(app.game.state)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("ctrl+q", "y")
    again = RoleplayApp(seed=99)
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        chooser = await choices_shown(pilot)
        resume_at = next(n for n, c in enumerate(chooser.choices) if hasattr(c, "save"))
        from textual.widgets import OptionList

        listed = str(chooser.query_one("#choices", OptionList).get_option_at_index(resume_at).prompt)
        title, side = app.game.scenario.title, app.game.player.name
        assert f": {title} as {side}, round {played.round + 1} of {app.game.scenario.rounds}" in listed, listed
        for _ in range(resume_at):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert again.session is not None
        assert again.session.state.round == played.round
        assert again.session.state.transcript == played.transcript
        assert isinstance(again.screen, TableScreen)


async def test_the_palette_offers_save_resume_help_export_and_quit() -> None:
    from tests.helpers import PHASES, GameAt

    app = GameAt(PHASES["debrief"])
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        listed = [command.title for command in app.get_system_commands(app.screen)]
        titles = set(listed)
        assert {"Help", "Resume", "Export", "Quit"} <= titles  # no slot in this test, so no "Save"
        assert listed.count("Quit") == 1 and "Screenshot" not in titles
        app.action_export()
        await pilot.pause()
        assert any(message.startswith("exported as ") and ".md in " in message for message in told(app))


async def test_walkaway_points_move_within_the_instructions() -> None:
    from tests.helpers import PHASES, GameAt

    app = GameAt(PHASES["preparation"])
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("left_square_bracket")  # rent: walk away earlier, at 2,200
        assert app.game.state.walkaways == {"rent": "r2200"}
        await pilot.press("right_square_bracket", "right_square_bracket")  # back to 2,400, then refused beyond it
        assert app.game.state.walkaways == {"rent": "r2400"}
        said = app.screen.query_one("#said")
        assert str(said.render()).startswith("Rent: ") and "beyond what your instructions allow" in str(said.render())
        await pilot.press("left")  # a move that is never refused takes the refusal away
        assert not said.display


async def test_on_a_team_member_the_footer_names_the_key_the_hint_names() -> None:
    from textual.widgets._footer import FooterKey

    from tests.helpers import PHASES, GameAt

    app = GameAt(PHASES["preparation"])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await preparation_of(pilot)
        while screen.current().kind.name == "issue":
            await pilot.press("down")
        await pilot.pause()
        shown = {key.description: key.key_display for key in screen.query(FooterKey)}
        assert shown.get("Pick / consult") == "Enter"
        assert "Enter picks" in str(screen.query_one("#hint").render())


async def test_every_screens_styles_are_read_as_the_app_starts_and_apply_to_that_screen_only() -> None:
    """Read up front, no screen's first frame waits for the style sheets to be parsed again; and since they
    are all read, each rule names its screen, or one screen's styles would reach another's widgets."""
    from importlib import import_module

    from textual.css.model import SelectorType
    from textual.css.stylesheet import Stylesheet
    from textual.screen import Screen

    from roleplay.tui.screens.choose import ChooseScreen

    screens = Path(RoleplayApp.CSS_PATH[0]).parent / "screens"
    modules = [import_module(f"roleplay.tui.screens.{path.stem}") for path in screens.glob("*.py")]
    ours = {name for module in [*modules, import_module("roleplay.tui.coaching")] for name, value in vars(module).items()
            if isinstance(value, type) and issubclass(value, Screen) and value.__module__ == module.__name__}
    app = RoleplayApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)
        files = sorted(screens.glob("*.tcss"))
        assert files and all(app.stylesheet.has_source(str(path), "") for path in files)
        for path in files:
            sheet = Stylesheet(variables=app.get_css_variables())
            sheet.read(path)
            sheet.parse()
            assert sheet.rules
            for rule in sheet.rules:
                for selectors in rule.selector_set:
                    first = selectors.selectors[0]
                    assert first.type is SelectorType.TYPE and first.name in ours, path.name


async def test_play_with_a_scenario_and_a_side_starts_at_once() -> None:
    app = RoleplayApp("tutorial-harbour-cafe", "landlord", 3)
    async with app.run_test(size=(100, 32)) as pilot:
        # The game opens in a worker registered as the app mounts (it loads after the first frame),
        # so waiting for the app's workers waits for the game, however slow the machine.
        assert [worker.group for worker in app.workers] == ["open"]
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session is not None and app.game.me == "landlord" and app.game.phase == "briefing"
        assert isinstance(app.screen, BriefingScreen)


async def test_a_game_slow_to_open_says_so_then_shows_its_briefing(monkeypatch) -> None:
    import threading

    from roleplay import games
    from roleplay.tui.screens.loading import LoadingScreen

    opened = threading.Event()
    open_scenario = games.open_scenario

    def slow_open(*args, **kwargs):
        opened.wait(timeout=30)  # a slow disk: the scenario arrives only when the test says so
        return open_scenario(*args, **kwargs)

    monkeypatch.setattr(games, "open_scenario", slow_open)
    app = RoleplayApp("tutorial-harbour-cafe", "landlord", 3)
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(100):
            if isinstance(app.screen, LoadingScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, LoadingScreen) and app.session is None
        opened.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen) and len(app.screen_stack) == 2


@pytest.mark.parametrize("loading", [False, True], ids=["at once", "after the loading screen"])
async def test_a_question_asked_while_the_game_opens_stays_until_it_is_answered(monkeypatch, loading: bool) -> None:
    """Quit? asked while the scenario loads: the game opening behind it neither hides nor answers it."""
    import threading

    from roleplay import games
    from roleplay.tui.screens.confirm import ConfirmScreen
    from roleplay.tui.screens.loading import LoadingScreen

    opened = threading.Event()
    open_scenario = games.open_scenario

    def slow_open(*args, **kwargs):
        opened.wait(timeout=30)
        return open_scenario(*args, **kwargs)

    monkeypatch.setattr(games, "open_scenario", slow_open)
    app = RoleplayApp("tutorial-harbour-cafe", "landlord", 3)
    async with app.run_test(size=(100, 32)) as pilot:
        if loading:
            for _ in range(100):
                if isinstance(app.screen, LoadingScreen):
                    break
                await pilot.pause(0.05)
            assert isinstance(app.screen, LoadingScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        opened.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session is not None and isinstance(app.screen, ConfirmScreen), "the question is still up"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert len(app.screen_stack) == 2


async def test_quit_pressed_again_while_its_question_is_up_asks_once() -> None:
    from roleplay.tui.screens.confirm import ConfirmScreen

    app = RoleplayApp("tutorial-harbour-cafe", "landlord", 3)
    async with app.run_test(size=(100, 32)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+q", "ctrl+q", "ctrl+c")
        await pilot.pause()
        assert sum(isinstance(screen, ConfirmScreen) for screen in app.screen_stack) == 1
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen), "asked again once the first question is answered"


async def test_the_app_can_end_the_moment_the_game_is_open() -> None:
    """Textual's header set its title in a callback that failed when the header was taken down
    before the callback ran: ending the app right after the game opened failed now and then."""
    for seed in range(3):
        app = RoleplayApp("tutorial-harbour-cafe", "landlord", seed)
        async with app.run_test(size=(100, 32)):
            await app.workers.wait_for_complete()
        assert app.return_code in (None, 0) and app._exception is None


async def test_a_scenario_that_cannot_be_opened_says_so_and_offers_the_list() -> None:
    app = RoleplayApp("no-such-scenario", "us", 3)
    async with app.run_test(size=(100, 32)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session is None and isinstance(app.screen, ChooseScreen)
        assert any("no-such-scenario" in message for message in told(app))


async def test_a_scenario_named_without_a_side_starts_as_its_first_playable_side() -> None:
    app = RoleplayApp("tutorial-harbour-cafe", None, 3)
    async with app.run_test(size=(100, 32)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session is not None and app.game.me == app.game.scenario.playable()[0].id
        assert isinstance(app.screen, BriefingScreen)


async def test_a_side_named_without_a_scenario_starts_the_flagship_as_that_side() -> None:
    app = RoleplayApp(None, "dprk", 3)
    async with app.run_test(size=(100, 32)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session is not None and app.game.me == "dprk"
        assert app.game.scenario.id == "us-dprk-summit-2018" and isinstance(app.screen, BriefingScreen)


async def test_a_broken_scenario_named_on_the_command_line_says_where_and_how_to_see_every_problem(
        tmp_path, monkeypatch) -> None:
    from tests.conftest import minimal

    data = minimal()
    data["tittle"] = data.pop("title")
    data["rounds"] = "many"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = RoleplayApp("broken.yaml", None, 3)
    async with app.run_test(size=(100, 32)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session is None and isinstance(app.screen, ChooseScreen)
        [notice] = [message for message in told(app) if "broken.yaml" in message]
        first = notice.splitlines()[0]
        assert re.match(r"broken\.yaml:\d+:\d+: error ", first), notice
        assert "`roleplay validate broken.yaml` lists them all" in notice


async def test_scenario_text_is_shown_literally_never_as_markup() -> None:
    from roleplay.scenario.models import LineTag
    from tests.helpers import PHASES, GameAt

    app = GameAt(PHASES["table"])
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.game.say("landlord", "[bold red]not markup[/] and \x1b[2J no escape", LineTag.counter)
        table = app.screen
        assert isinstance(table, TableScreen)
        table.redraw()
        await pilot.pause()
        shown = table.query_one("#transcript", TranscriptLog).text
        assert "[bold red]not markup[/]" in shown
        assert "\x1b" not in shown


async def test_the_arrows_edit_the_draft_after_a_dialog_closes() -> None:
    from tests.helpers import PREPARED, GameAt

    app = GameAt(PREPARED)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.press("enter")  # offer the only gesture
        assert app.game.state.gestures_given == ["early-deposit"]
        table = app.screen
        assert isinstance(table, TableScreen)
        assert table.draft["term"] == "y5"
        await pilot.press("down", "left")
        assert table.selected == 1 and table.draft["term"] == "y3"


async def test_a_changed_scenario_offers_replay_read_or_cancel(tmp_path: Path, monkeypatch) -> None:
    from roleplay import saves
    from roleplay.engine import actions as act
    from roleplay.scenario.loader import load
    from roleplay.tui.screens.pick import PickScreen
    from roleplay.tui.screens.transcript import TranscriptScreen
    from tests.conftest import TUTORIAL

    folder = tmp_path / "scenarios"
    folder.mkdir()
    scenario = folder / "tutorial-harbour-cafe.yaml"
    scenario.write_text(TUTORIAL.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("ROLEPLAY_SCENARIOS", str(folder))
    loaded = load(scenario)
    session = Session(loaded.scenario, "tenant", 5)
    session.act(act.BeginPreparation())
    session.act(act.PickMember(member="accountant"))
    slot = saves.Slot(saves.save_path("old"), loaded.digest, str(scenario))
    slot.record(session)
    original = slot.path.read_bytes()
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("rounds: 4", "rounds: 5"), encoding="utf-8")

    for answer in ("read", "replay"):
        app = RoleplayApp(seed=1)
        async with app.run_test(size=(100, 32)) as pilot:
            chooser = await choices_shown(pilot)
            index = next(n for n, c in enumerate(chooser.choices) if hasattr(c, "save"))
            chooser.begin(chooser.choices[index])
            await pilot.pause()
            assert isinstance(app.screen, PickScreen)
            app.screen.dismiss(answer)
            await pilot.pause()
            if answer == "read":
                assert isinstance(app.screen, TranscriptScreen)
            else:
                assert app.session is not None and app.game.scenario.rounds == 5
                assert app.slot is not None and app.slot.path.name == "old-replayed.json"
    assert slot.path.read_bytes() == original


async def test_a_refused_move_says_why_instead_of_doing_nothing(tmp_path: Path) -> None:
    """The flagship's gesture needs the ambassador; their opening offer is beyond Washington's walk-away."""
    app = RoleplayApp("us-dprk-summit-2018", "us", 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter", "d", "enter")  # no team, straight to the table, open
        assert isinstance(app.screen, TableScreen) and app.game.phase == "bargaining"
        composer = app.screen.query_one("#composer", LinePanel)
        await pilot.press("g")
        await pilot.pause()
        assert "Not played: No gesture to offer" in composer.text and "needs an ambassador in Seoul" in composer.text
        moves = len(app.game.actions)
        await pilot.press("a")
        await pilot.pause()
        assert "Not played: you cannot accept an offer beyond your walk-away" in composer.text, composer.text
        assert len(app.game.actions) == moves  # nothing was played
        assert not told(app), "the reason is in the composer, not in a notice over the board"
        await pilot.press("right")
        await pilot.pause()
        assert "Not played" not in composer.text  # a new draft: the reason no longer applies


async def test_the_full_screen_game_saves_under_the_given_name_with_the_player(tmp_path: Path) -> None:
    from roleplay import saves

    app = RoleplayApp("tutorial-harbour-cafe", "tenant", 3, save_name="ada-week1", player="Ada")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter", "d")  # a move or two, each saved
        await pilot.pause()
    saved = saves.read(tmp_path / "saves" / "ada-week1.json")
    assert saved.player == "Ada" and saved.delegation == "tenant" and saved.seed == 3


async def test_play_resume_opens_the_saved_game_at_its_phase(tmp_path: Path) -> None:
    first = RoleplayApp("tutorial-harbour-cafe", "tenant", 3, save_name="ada-week1", player="Ada")
    async with first.run_test(size=(80, 24)) as pilot:
        await first.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter", "d", "p")  # p: past the tutorial coach's warning about skipping preparation
        await pilot.pause()
        assert first.session is not None and first.session.phase == "opening"
        actions = list(first.session.actions)
    again = RoleplayApp(resume="ada-week1")
    async with again.run_test(size=(80, 24)) as pilot:
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert again.session is not None and list(again.session.actions) == actions
        assert isinstance(again.screen, TableScreen)
        assert again.slot is not None and again.slot.player == "Ada"


async def test_the_gap_bar_follows_the_draft_before_it_is_proposed() -> None:
    from tests.helpers import PREPARED, GameAt

    app = GameAt(PREPARED)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        board = app.screen.query_one("#board", LinePanel)
        rent = next(line for line in board.text.splitlines() if line.startswith("▶ Rent"))
        assert "gap ██" in rent  # 2,200 drafted against their 2,400
        await pilot.press("right")  # the draft moves to 2,400, their offer
        await pilot.pause()
        moved = next(line for line in board.text.splitlines() if line.startswith("▶ Rent"))
        assert "✓ same offer" in moved and len(app.game.actions) == len(PREPARED)  # nothing was played


async def test_the_briefing_text_can_be_selected_with_the_mouse_to_copy() -> None:
    from tests.helpers import PHASES, GameAt

    app = GameAt(PHASES["briefing"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one("#briefing")
        await pilot.mouse_down(view, offset=(4, 3))
        await pilot.hover(view, offset=(30, 3))
        await pilot.mouse_up(view, offset=(30, 3))
        await pilot.pause()
        selected = app.screen.get_selected_text()
        assert selected and len(selected.strip()) > 10
        assert " ".join(selected.split()) in " ".join(app.game.scenario.briefing.split())


async def test_a_new_game_is_saved_once_its_briefing_is_up(tmp_path: Path) -> None:
    from roleplay import saves

    app = RoleplayApp("tutorial-harbour-cafe", "landlord", 4)
    async with app.run_test(size=(100, 32)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await app.workers.wait_for_complete()  # the first snapshot is written by a worker after the first frame
        path = tmp_path / "saves" / "tutorial-harbour-cafe-landlord-4.json"
        assert path.exists() and saves.read(path).actions == []


async def test_a_new_game_ended_before_its_first_frame_is_saved_all_the_same(monkeypatch) -> None:
    from roleplay import games, saves

    game = games.new_game(games.open_scenario("tutorial-harbour-cafe"), "landlord", 5)
    app = RoleplayApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(app, "call_after_refresh", lambda *args, **kwargs: True)  # no frame comes after this
        app.start(game.session, game.slot)
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen) and not game.slot.path.exists()
    assert saves.read(game.slot.path).seed == 5


async def test_preparation_says_when_the_expectation_is_worse_than_the_limit() -> None:
    from textual.widgets import OptionList

    from tests.helpers import PHASES, GameAt

    note = "you expect worse than your limit"
    app = GameAt(PHASES["preparation"])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await preparation_of(pilot)
        issue = app.game.scenario.issues[0]
        stance = app.game.player.stances[issue.id]
        ideal, limit = (app.game.scenario.rank(issue.id, o) for o in (stance.ideal, stance.reservation))
        toward_worse = "right" if limit > ideal else "left"

        def first_row() -> str:
            return str(screen.query_one("#rows", OptionList).get_option_at_index(0).prompt)

        while screen.draft[issue.id] != ideal:
            await pilot.press("left" if toward_worse == "right" else "right")
        assert note not in first_row()
        while screen.draft[issue.id] != limit:
            await pilot.press(toward_worse)
        assert note not in first_row(), "expecting the limit itself is no contradiction"
        assert limit not in (0, len(issue.options) - 1), "the scenario leaves options past the limit"
        await pilot.press(toward_worse)
        await pilot.pause()
        assert note in first_row()
        # a limit moved all the way to the ideal: anything else expected is worse than it
        while screen.walkaways[issue.id] != ideal:
            await pilot.press("left_square_bracket" if toward_worse == "right" else "right_square_bracket")
        await pilot.pause()
        assert screen.draft[issue.id] != ideal and note in first_row()


def test_a_saves_time_is_shown_as_a_person_reads_it() -> None:
    from roleplay.tui.screens.choose import saved_at

    shown = saved_at("2026-12-01T21:22:14+00:00")
    assert "2026" in shown and "T" not in shown and "+00:00" not in shown and ":" in shown
    assert saved_at("yesterday") == "yesterday" and saved_at("") == "at a time not recorded"


async def test_ctrl_c_asks_to_quit_as_ctrl_q_does() -> None:
    from roleplay.tui.screens.confirm import ConfirmScreen
    from tests.helpers import PHASES, GameAt

    app = GameAt(PHASES["table"])
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert not isinstance(app.screen, ConfirmScreen) and app.return_code is None


def test_each_posture_says_what_it_does_from_the_one_table_of_effects() -> None:
    from roleplay.engine.posture import Posture, posture_effect
    from roleplay.tui.screens.help import HELP

    assert posture_effect(Posture.balanced) == "no change"
    assert posture_effect(Posture.firm) == f"trust {Posture.firm.trust:+.2f}, tension {Posture.firm.tension:+.2f}"
    assert all(f"{p}: {posture_effect(p)}" in HELP for p in Posture)


async def test_a_finished_game_is_listed_after_the_open_ones_to_read_its_debrief_again(tmp_path: Path,
                                                                                        monkeypatch) -> None:
    from textual.widgets import OptionList

    from roleplay import saves
    from roleplay.engine import actions as a
    from roleplay.scenario.loader import load
    from tests.conftest import TUTORIAL, to_bargaining

    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path))
    loaded = load(TUTORIAL)
    finished = to_bargaining(Session(loaded.scenario, "tenant", 5))
    finished.act(a.WalkOut())
    finished.act(a.ShowDebrief())
    for name, session in (("done", finished), ("open", Session(loaded.scenario, "tenant", 6))):
        slot = saves.Slot(tmp_path / f"{name}.json", loaded.digest, str(TUTORIAL))
        slot.record(session)
        slot.release()
    app = RoleplayApp(seed=1)
    async with app.run_test(size=(100, 32)) as pilot:
        chooser = await choices_shown(pilot)
        options = chooser.query_one("#choices", OptionList)
        listed = [str(options.get_option_at_index(n).prompt) for n in range(len(chooser.choices))]
        read = next(n for n, text in enumerate(listed) if text.startswith("Read done:"))
        assert read > next(n for n, text in enumerate(listed) if text.startswith("Resume open:"))
        assert listed[read].endswith("finished")
        done = tmp_path / "done.json"
        before = (done.read_bytes(), done.stat().st_ino, done.stat().st_mtime_ns)
        options.highlighted = read
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        await pilot.pause(0.2)
    after = (done.read_bytes(), done.stat().st_ino, done.stat().st_mtime_ns)
    assert after == before, "reading a finished game leaves its save as it was, not even written again the same"


async def test_the_consult_picker_offers_only_those_who_would_advise_the_player() -> None:
    from roleplay.engine import actions as a
    from roleplay.scenario.loader import load
    from roleplay.tui.screens.pick import PickScreen
    from tests.conftest import ROOT

    class AtTheTable(RoleplayApp):
        def on_mount(self) -> None:
            from tests.conftest import to_bargaining

            flagship = load(ROOT / "scenarios" / "us-dprk-summit-2018.yaml").scenario
            self.start(to_bargaining(Session(flagship, "dprk", 4)), None)

    app = AtTheTable()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        session = app.game
        refused = [d.id for d in session.bystanders if not session.can(a.Consult(delegation=d.id))]
        assert refused, "the flagship has a bystander who will not advise Pyongyang"
        assert isinstance(app.screen, TableScreen)
        app.screen.action_consult()
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        offered = [item for item, _ in app.screen.items]
        assert offered and not set(offered) & set(refused)


async def test_preparation_says_which_arrow_asks_for_more_on_each_issue() -> None:
    from tests.helpers import PHASES, GameAt

    app = GameAt(PHASES["preparation"])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await preparation_of(pilot)
        for issue in app.game.scenario.issues:
            assert screen.current().id == issue.id
            stance = app.game.player.stances[issue.id]
            rightward = app.game.scenario.rank(issue.id, stance.ideal) > app.game.scenario.rank(issue.id, stance.reservation)
            hint = str(screen.query_one("#hint").render())
            assert f"({'→' if rightward else '←'} asks for more here)" in hint
            await pilot.press("down")
            await pilot.pause()
        assert screen.current().kind.name != "issue" and "asks for more" not in str(screen.query_one("#hint").render())


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_a_screen_styled_once_looks_as_a_second_pass_of_styles_leaves_it(theme: str, tmp_path: Path,
                                                                               monkeypatch) -> None:
    """The briefing skips Textual's restyle of a new screen: that restyle would change nothing on it."""
    from textual.widget import Widget

    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path))
    app = RoleplayApp("tutorial-harbour-cafe", "tenant", 1)
    app.theme = theme
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BriefingScreen) and screen.resumed

        def looks() -> list[tuple[str, str, object, list[str]]]:
            return [(type(node).__name__, str(node.rich_style), dict(node.styles.get_rules()),
                     [str(node.get_component_rich_style(name)) for name in sorted(type(node).COMPONENT_CLASSES)])
                    for node in screen.walk_children(Widget)]

        before = looks()
        screen.update_node_styles(animate=False)
        await pilot.pause()
        assert looks() == before


async def test_the_table_keeps_its_layout_when_the_moves_come_with_the_first_round() -> None:
    """The opening offers fewer keys than the rounds after it; the footer keeps their rows from the start, so
    that the first move does not move the board and the transcript up under the player's eyes."""
    from tests.helpers import PREPARED, GameAt

    app = GameAt(PREPARED[:6])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.game.phase == "opening"
        shown = len(footer_keys(app))
        places = {name: app.screen.query_one(name).region for name in ("#board", "#transcript", "KeysFooter")}
        await pilot.press("enter")
        await pilot.pause()
        assert app.game.phase == "bargaining" and len(footer_keys(app)) > shown
        assert {name: app.screen.query_one(name).region for name in places} == places
