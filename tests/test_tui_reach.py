"""Every screen, at the smallest and a large terminal, read to its end by keyboard alone.

A cut-off screen looks complete in a snapshot; these tests drive each screen
to the end of its content with keys a student would press and check that the
content's last line is then on the screen. They also check that every key a
screen answers to is either in its footer, on screen, or named in the help.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.app import App
from textual.widget import Widget
from textual.widgets import OptionList

from roleplay import saves
from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.engine.view import player_view
from roleplay.scenario.loader import load
from roleplay.tui.app import RoleplayApp
from roleplay.tui.coaching import HintScreen
from roleplay.tui.screens.briefing import BriefingScreen
from roleplay.tui.screens.debrief import DebriefScreen
from roleplay.tui.screens.help import HELP, HelpScreen
from roleplay.tui.screens.preparation import PreparationScreen, RowKind
from roleplay.tui.screens.table import TableScreen
from roleplay.tui.screens.transcript import TranscriptScreen
from tests.conftest import TUTORIAL
from tests.helpers import FLAGSHIP, PHASES, PREPARED, SIZES, GameAt

sizes = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
three_sizes = pytest.mark.parametrize("size", [SIZES[0], (100, 30), SIZES[1]], ids=lambda s: f"{s[0]}x{s[1]}")
"""The briefing and the help were once cut off at every one of these."""

FRAME = set(" \n▊▎│▏▔▁▂▃▄▅▆▇")
"""Borders, scrollbars and spaces: where a line wraps differs from screen to screen, the words do not."""

KEY_NAMES = {
    "up": "↑", "down": "↓", "left": "←", "right": "→", "pageup": "PgUp", "pagedown": "PgDn",
    "home": "Home", "end": "End", "enter": "Enter", "escape": "Esc", "space": "space", "tab": "Tab",
    "question_mark": "?", "left_square_bracket": "[", "right_square_bracket": "]", "f1": "F1",
    "ctrl+q": "Ctrl+Q", "ctrl+t": "Ctrl+T", "ctrl+p": "Ctrl+P",
}
"""How the help names each key."""

UNLISTED = {"ctrl+c", "super+c", "tab", "shift+tab", "ctrl+home", "ctrl+end", "shift+home", "shift+end",
            "shift+pageup", "shift+pagedown", "ctrl+pageup", "ctrl+pagedown"}
"""Textual's own keys (copy, focus, page sideways) that the game does not offer as moves."""


@pytest.fixture(autouse=True)
def quiet(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATION", "none")
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path / "saves"))


def screen_text(app: App, styles: bool = False, within: Widget | None = None) -> str:
    """The characters on the terminal now, as a person would read them (or only those of one widget's region)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False,
                      force_terminal=True, color_system="truecolor")
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    text = console.export_text(styles=styles)
    if within is None:
        return text
    region = within.region
    return "\n".join(line[region.x:region.right] for line in text.splitlines()[region.y:region.bottom])


def squash(text: str) -> str:
    return "".join(char for char in text if char not in FRAME)


def on_screen(app: App, text: str, tail: int = 40, within: Widget | None = None) -> bool:
    """Whether the end of this text (its last line, wherever the screen wraps it) is on the screen."""
    return squash(text)[-tail:] in squash(screen_text(app, within=within))


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()


async def press_until_still(pilot, key: str, limit: int = 60) -> None:
    """Press a key until the screen stops changing, as a reader does to get to the end."""
    before = None
    for _ in range(limit):
        now = screen_text(pilot.app, styles=True)  # a moved highlight changes only the styles
        if now == before:
            return
        before = now
        await pilot.press(key)
        await settle(pilot)
    raise AssertionError(f"{key} never reached the end")


async def preparation(pilot) -> PreparationScreen:
    """The game the app opened, from its briefing to its preparation."""
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PreparationScreen)
    return pilot.app.screen


async def loaded_choices(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)


def keys_not_reachable(app: App) -> list[str]:
    """The keys this screen answers to that are neither in its footer nor named in the help."""
    footer = squash(screen_text(app).splitlines()[-1] + screen_text(app).splitlines()[-2])
    missing = []
    for key, (_node, binding, _enabled, _tip) in app.screen.active_bindings.items():
        if key in UNLISTED:
            continue
        shown = binding.show and squash(app.get_key_display(binding) + binding.description) in footer
        if not shown and KEY_NAMES.get(key, key) not in HELP:
            missing.append(key)
    return missing


# --- each screen, driven to its end ---------------------------------------------------------------


@sizes
async def test_the_choice_of_games_reads_to_its_last_entry(size: tuple[int, int]) -> None:
    app = RoleplayApp(seed=4)
    async with app.run_test(size=size) as pilot:
        await loaded_choices(pilot)
        options = app.screen.query_one("#choices", OptionList)
        last = options.get_option_at_index(options.option_count - 1).prompt
        await press_until_still(pilot, "end")
        assert on_screen(app, str(last))
        assert not keys_not_reachable(app)


@sizes
@pytest.mark.parametrize("key", ["end", "pagedown", "space", "down"])
async def test_the_briefing_reads_to_its_last_line(size: tuple[int, int], key: str) -> None:
    app = GameAt([])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        me = app.game.player
        await press_until_still(pilot, key)
        assert on_screen(app, me.batna.story)
        assert on_screen(app, "Press Enter to start preparing. ? explains every key.")
        assert not keys_not_reachable(app)


@three_sizes
async def test_the_flagship_briefing_is_longer_than_any_screen_and_still_reads_to_the_end(size: tuple[int, int]) -> None:
    app = RoleplayApp(str(FLAGSHIP), "us", 3)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert not on_screen(app, "explains every key.")
        await press_until_still(pilot, "pagedown")
        assert on_screen(app, app.game.player.batna.story)
        assert on_screen(app, "Press Enter to start preparing. ? explains every key.")
        await pilot.press("home")
        await settle(pilot)
        assert not on_screen(app, "explains every key.")


@three_sizes
async def test_the_briefing_scrolls_with_the_mouse_wheel(size: tuple[int, int]) -> None:
    from textual import events

    app = RoleplayApp(str(FLAGSHIP), "us", 3)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        scroll = app.screen.query_one("#briefing")
        for _ in range(200):  # a wheel turned until the page stops moving
            before = scroll.scroll_y
            scroll.post_message(events.MouseScrollDown(scroll, 1, 1, 0, 1, 0, False, False, False))
            await settle(pilot)
            if scroll.scroll_y == before:
                break
        assert scroll.scroll_y == scroll.max_scroll_y > 0
        assert on_screen(app, "Press Enter to start preparing. ? explains every key.")


@sizes
async def test_preparation_reads_to_its_last_row_and_every_row_keeps_its_lines(size: tuple[int, int]) -> None:
    app = RoleplayApp(str(FLAGSHIP), "us", 3)
    async with app.run_test(size=size) as pilot:
        screen = await preparation(pilot)
        scenario = app.game.scenario
        await press_until_still(pilot, "end")
        last = screen.query_one("#rows", OptionList)
        assert on_screen(app, str(last.get_option_at_index(last.option_count - 1).prompt))
        member = next(n for n, row in enumerate(screen.rows) if row.kind is RowKind.member)
        last.highlighted = member
        await pilot.press("enter")
        await settle(pilot)
        assert app.game.state.team
        for n, issue in enumerate(scenario.issues):  # after the pick, each issue's rows are all there
            await pilot.press("home", *(["down"] * n))
            await settle(pilot)
            limit = issue.options[screen.walkaways[issue.id]].label
            assert on_screen(app, f"your limit: {limit}"), issue.label
        assert not keys_not_reachable(app)


@sizes
async def test_an_advisers_counsel_reads_to_its_end_and_can_be_read_again(size: tuple[int, int]) -> None:
    """A counsel longer than the panel under the list opens in a window; Enter on the adviser reads it again."""
    from roleplay.tui.screens.reading import ReadingWindow

    app = RoleplayApp(str(FLAGSHIP), "us", 3)
    async with app.run_test(size=size) as pilot:
        screen = await preparation(pilot)
        adviser = next(n for n, row in enumerate(screen.rows) if row.kind is RowKind.adviser)
        await pilot.press("home", *["down"] * adviser, "enter")  # to the first adviser, as a player gets there
        await settle(pilot)
        counsel = app.game.state.transcript[-1].text
        assert app.game.state.consulted == [screen.rows[adviser].id]
        if size == (80, 24):
            assert isinstance(app.screen, ReadingWindow), "Seoul's counsel is longer than the panel at 80x24"
        if not isinstance(app.screen, ReadingWindow):
            assert on_screen(app, counsel, tail=20, within=screen.query_one("#said")), "the panel shows all of it"
            await pilot.press("enter")  # Enter on the adviser consulted
            await settle(pilot)
        assert isinstance(app.screen, ReadingWindow) and app.screen.text == counsel
        await press_until_still(pilot, "pagedown")
        assert on_screen(app, counsel, within=app.screen.query_one("#dialog"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and len(app.game.state.consulted) == 1


async def test_a_counsel_the_panel_shows_whole_opens_no_window() -> None:
    app = RoleplayApp("tutorial-harbour-cafe", "tenant", 3)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await preparation(pilot)
        screen.query_one("#rows", OptionList).highlighted = next(
            n for n, row in enumerate(screen.rows) if row.kind is RowKind.adviser)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and app.game.state.consulted
        assert on_screen(app, app.game.state.transcript[-1].text, within=screen.query_one("#said"))


@sizes
async def test_the_table_shows_the_legend_the_newest_line_and_every_move_key(size: tuple[int, int]) -> None:
    app = RoleplayApp(str(FLAGSHIP), "us", 3)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        await pilot.press("enter", "d", "enter", "r")  # prepare, open, probe
        await settle(pilot)
        assert isinstance(app.screen, TableScreen)
        await pilot.press("up")  # the last issue, and with it the legend
        await settle(pilot)
        assert on_screen(app, "underlined: your expectation")
        transcript = app.screen.query_one("#transcript")
        assert on_screen(app, app.game.state.transcript[-1].text, within=transcript)
        composer = app.screen.composer_text(player_view(app.game))
        assert on_screen(app, composer.splitlines()[-1])
        for move in ("Propose", "Probe", "Pressure", "Gesture", "Consult", "Accept", "Last offers", "Walk out"):
            assert move in screen_text(app).splitlines()[-1] + screen_text(app).splitlines()[-2], move
        assert not keys_not_reachable(app)


@sizes
async def test_the_table_names_who_the_other_side_may_be_in_full_however_long_their_kinds_names(
        size: tuple[int, int]) -> None:
    app = RoleplayApp("bus-drivers-contract", "union", 3)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        await pilot.press("enter", "d")
        await settle(pilot)
        assert isinstance(app.screen, TableScreen)
        kind = app.screen.kind(app.game.counterparts[0].id, player_view(app.game))
        assert " or " in kind and len(kind) > 46  # longer than the status panel is wide at 80x24
        assert on_screen(app, kind, tail=len(kind), within=app.screen.query_one("#status"))


@sizes
async def test_the_table_transcript_pages_back_to_its_first_line_and_forward_to_its_newest(size: tuple[int, int]) -> None:
    app = GameAt(PHASES["table"])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TableScreen)
        transcript = app.screen.query_one("#transcript")
        said = app.game.state.transcript
        first = f"] You: {said[0].text}"
        assert on_screen(app, said[-1].text, within=transcript)
        assert on_screen(app, first, within=transcript) == (size == SIZES[1])  # at 80x24 the talks outgrow the panel
        await press_until_still(pilot, "pageup")
        assert on_screen(app, first, within=transcript)
        await press_until_still(pilot, "pagedown")
        assert on_screen(app, said[-1].text, within=transcript)


@sizes
async def test_the_debrief_reads_to_its_end_and_leads_back_to_the_menu(size: tuple[int, int]) -> None:
    app = GameAt(PHASES["debrief"])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        await press_until_still(pilot, "pagedown")
        scroll = app.screen.query_one("#debrief")
        assert scroll.scroll_y == scroll.max_scroll_y
        assert on_screen(app, app.game.scenario.issues[-1].label, tail=20)
        assert not keys_not_reachable(app)
        await pilot.press("m")
        await loaded_choices(pilot)
        assert type(app.screen).__name__ == "ChooseScreen"


@three_sizes
async def test_help_reads_to_its_last_line_by_keyboard(size: tuple[int, int]) -> None:
    app = GameAt(PREPARED)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        last = HELP.strip().splitlines()[-1]
        assert not on_screen(app, last)
        await press_until_still(pilot, "pagedown")
        assert on_screen(app, last)
        assert not keys_not_reachable(app)
        await pilot.press("escape")
        assert isinstance(app.screen, TableScreen)


@sizes
async def test_an_old_transcript_reads_to_its_last_line(size: tuple[int, int]) -> None:
    loaded = load(TUTORIAL)
    session = Session(loaded.scenario, "tenant", 4)
    for move in PHASES["debrief"]:
        session.act(move)
    save = saves.snapshot(session, loaded.digest, str(TUTORIAL))
    app = GameAt([])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.push_screen(TranscriptScreen(save, {d.id: d.name for d in loaded.scenario.delegations}))
        await settle(pilot)
        await press_until_still(pilot, "pagedown")
        last = save.transcript[-1]
        assert on_screen(app, last.text)
        shown = screen_text(app)  # speakers by name, the player as You
        assert "] You:" in shown and "] tenant:" not in shown and "] landlord:" not in shown
        assert not keys_not_reachable(app)


THREE_WARNINGS = a.Propose(package={"rent": "r2000", "term": "y1", "fitout": "landlord"})
"""After the tutorial's probe: at the walk-away, a large concession and a missed trade, all at once."""


@sizes
async def test_the_coach_warning_window_fits_and_reads_to_its_last_reason_by_keyboard(size: tuple[int, int]) -> None:
    app = GameAt(PREPARED[:-1])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        played = len(app.game.actions)
        table = app.screen
        assert isinstance(table, TableScreen)
        table.play(THREE_WARNINGS)
        await settle(pilot)
        window = app.screen
        assert isinstance(window, HintScreen) and len(window.hints) >= 3
        await pilot.press("y")  # why, as at the table: the move still waits
        await settle(pilot)
        assert isinstance(app.screen, HintScreen) and len(app.game.actions) == played
        dialog = window.query_one("#dialog")
        assert dialog.region.bottom <= size[1] - 1 and dialog.region.y >= 0, "the window fits above the footer"
        assert on_screen(app, HintScreen.CHOICES + (HintScreen.SCROLLS if size == SIZES[0] else ""))
        assert on_screen(app, HintScreen.SCROLLS) == (size == SIZES[0]), "the scroll keys named only when needed"
        assert not on_screen(app, f"Why: {window.hints[-1].why}", within=window.query_one("#words")) or size != SIZES[0]
        for key in ("pagedown", "down", "end"):
            await pilot.press("home")
            await press_until_still(pilot, key)
            assert on_screen(app, f"Why: {window.hints[-1].why}", within=window.query_one("#words")), key
            assert on_screen(app, HintScreen.CHOICES), "the choice line stays in sight"
        assert not keys_not_reachable(app)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, TableScreen) and len(app.game.actions) == played


async def test_the_coach_panel_drops_a_warning_once_its_move_is_played_or_abandoned_and_offers_the_whole_note() -> None:
    from roleplay.tui.coaching import CoachPanel, WhyScreen, coach_of

    app = GameAt(PREPARED[:-1])
    async with app.run_test(size=SIZES[0]) as pilot:
        await settle(pilot)
        table = app.screen
        assert isinstance(table, TableScreen)
        panel = table.query_one("#coach", CoachPanel)
        table.play(THREE_WARNINGS)
        await settle(pilot)
        window = app.screen
        assert isinstance(window, HintScreen)
        warned = [h.text for h in window.hints]
        await pilot.press("n")  # think again: nothing played, and the warnings are gone with their window
        table.redraw()  # as the next key that changes the table would
        await settle(pilot)
        assert not any(squash(w)[:30] in squash(panel.text) for w in warned)
        coach_of(app).set_level("tutor")
        table.play(THREE_WARNINGS)  # warned once already: it goes through, and the other side answers
        await settle(pilot)
        assert isinstance(app.screen, TableScreen) and app.game.actions[-1] == THREE_WARNINGS
        assert not any(squash(w)[:30] in squash(panel.text) for w in warned)
        notes = [r.text for r in coach_of(app).latest(app.game) if r.about is None]
        assert notes, "the tutor speaks after the round"
        shown = screen_text(app, within=panel)
        assert squash(notes[-1])[-20:] not in squash(shown), "at 80x24 the tutor's note outgrows the panel"
        assert "y: read all" in shown.splitlines()[0], "a note cut short says how to read all of it"
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, WhyScreen)
        assert on_screen(app, notes[-1], within=app.screen.query_one("#words"))
