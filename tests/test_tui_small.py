"""What a new player meets at 80x24, the smallest terminal the screens are made for, driven with Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.scenario.loader import load
from roleplay.tui.app import RoleplayApp
from roleplay.tui.board import LEGEND
from roleplay.tui.line_panel import LinePanel
from roleplay.tui.screens.briefing import BriefingScreen
from roleplay.tui.screens.choose import ChooseScreen
from roleplay.tui.screens.confirm import ConfirmScreen
from roleplay.tui.screens.help import HELP, HelpScreen
from roleplay.tui.screens.preparation import PreparationScreen
from roleplay.tui.screens.table import TableScreen
from roleplay.tui.screens.too_small import TooSmallScreen
from roleplay.tui.spans import plain
from tests.conftest import to_bargaining
from tests.helpers import FLAGSHIP, PHASES, GameAt, choices_shown, told

SMALL = (80, 24)


@pytest.fixture(autouse=True)
def quiet(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATION", "none")
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path / "saves"))


class FlagshipAt(RoleplayApp):
    """The flagship game, played as Washington to a point: six issues, more than the board shows at 80x24."""

    def __init__(self, session: Session) -> None:
        super().__init__(seed=4)
        self.played = session

    def on_mount(self) -> None:
        self.start(self.played, None)


def flagship() -> Session:
    return Session(load(FLAGSHIP).scenario, "us", 4)


def question_of(app: RoleplayApp) -> str:
    assert isinstance(app.screen, ConfirmScreen)
    return app.screen.question


def footer_descriptions(app: RoleplayApp) -> list[str]:
    return [binding.description for _, binding, enabled, _ in app.screen.active_bindings.values()
            if binding.show and enabled]


async def test_the_help_says_what_a_key_that_cannot_be_used_does_and_that_is_what_it_does() -> None:
    assert "shown dim" not in HELP
    assert "tells you why when you press it" in HELP
    app = FlagshipAt(to_bargaining(flagship()))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
        assert not app.game.can(a.Accept())  # their opening offer is beyond Washington's walk-away
        assert "Accept" in footer_descriptions(app)
        moves = len(app.game.actions)
        await pilot.press("a")
        await pilot.pause()
        assert len(app.game.actions) == moves
        assert "Not played: you cannot accept an offer beyond your walk-away" in app.screen.query_one("#composer", LinePanel).text
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("size", [(60, 20), (40, 10)])
async def test_the_too_small_note_shows_every_word(size: tuple[int, int]) -> None:
    app = RoleplayApp(seed=1)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        note = app.screen.query_one("#message")
        drawn = " ".join(note.render_line(y).text.strip() for y in range(note.size.height)).split()
        said = (f"The terminal is {size[0]}x{size[1]}; roleplay needs 80x24. "
                "Enlarge the window: the game waits, nothing is lost.").split()
        assert drawn == said
        assert note.region.right <= size[0] and note.region.bottom <= size[1]


async def test_the_briefing_offers_to_read_on_only_while_there_is_more_to_read() -> None:
    app = GameAt(PHASES["briefing"])
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert "Read on" in footer_descriptions(app)
        briefing = app.screen.query_one("#briefing")
        while briefing.scroll_y < briefing.max_scroll_y:
            await pilot.press("pagedown")
            await pilot.pause()
        assert "Read on" not in footer_descriptions(app)
        assert "Start preparing" in footer_descriptions(app)
        await pilot.press("pageup")
        await pilot.pause()
        assert "Read on" in footer_descriptions(app)


async def test_a_consultation_in_preparation_is_told_under_the_list_and_leaves_the_chosen_row_in_sight() -> None:
    app = GameAt(PHASES["preparation"])
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PreparationScreen)
        await pilot.press("end")  # the last row: a delegation to consult
        await pilot.press("enter")
        await pilot.pause()
        advice = app.game.state.transcript[-1].text
        assert app.game.state.consulted
        said = screen.query_one("#said")
        rows = screen.query_one("#rows")
        assert said.display and advice.split()[0] in str(said.render())
        assert not told(app)  # no notice laid over the list
        assert said.region.y >= rows.region.bottom  # under the list, not over it
        consulted = app.game.scenario.delegation(app.game.state.consulted[-1]).name
        listed = [rows.render_line(y).text for y in range(rows.size.height)]
        assert any(f"[x] consult {consulted}" in line for line in listed)  # the row just chosen is still in sight
        await pilot.press("up", "left_square_bracket")  # a key that says nothing leaves the advice to be read
        await pilot.pause()
        assert said.display and advice.split()[0] in str(said.render())


async def test_the_last_offer_round_says_the_next_move_ends_the_talks() -> None:
    app = GameAt([*PHASES["table"], a.CallClosing()])
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.game.phase == "closing"
        composer = app.screen.query_one("#composer", LinePanel).text
        assert "every move takes a round" not in composer
        assert "your next move ends the talks" in composer
    app = GameAt(PHASES["table"])
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert "every move takes a round" in app.screen.query_one("#composer", LinePanel).text


async def test_quitting_from_the_menu_claims_no_saved_game_but_from_a_game_it_does(tmp_path: Path) -> None:
    app = RoleplayApp(seed=4)
    async with app.run_test(size=SMALL) as pilot:
        chooser = await choices_shown(pilot)
        await pilot.press("enter")  # the first game on the list
        await pilot.pause()
        assert app.session is not None and not isinstance(app.screen, ChooseScreen)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.slot is not None and f"is saved as {app.slot.path.name} in {app.slot.path.parent}" in question_of(app)
        await pilot.press("n")
        app.action_choose()  # back to the menu: the game is closed
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen) and chooser is not app.screen
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        question = question_of(app)
        assert "Quit roleplay?" in question and "saved" not in question


async def test_the_board_window_starts_at_an_issue_name_wherever_the_selection_goes() -> None:
    session = to_bargaining(flagship())
    app = FlagshipAt(session)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TableScreen)
        board = screen.query_one("#board", LinePanel)
        issues = [issue.label for issue in session.scenario.issues]
        legend = plain(LEGEND)
        moved = False
        steps = ["down"] * (len(issues) - 1) + ["up"] * (len(issues) - 1)
        for key in [key for step in steps for key in (step, "right", "right", "left")]:  # drafts that wrap differently
            await pilot.press(key)
            await pilot.pause()
            first = board.render_line(0).text.strip().removeprefix("▶ ")
            moved = moved or board.top > 0
            assert any(first.startswith(label) for label in issues) or legend.startswith(first), (key, first)
        assert moved  # the board did scroll to follow the selection


async def test_a_notice_reaches_the_right_edge_and_leaves_no_cell_of_the_footer_beside_it() -> None:
    from textual.widgets._toast import Toast

    app = GameAt(PHASES["table"])
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause()
        app.notify("a notice long enough to take its full width " * 3, markup=False)
        for _ in range(10):  # the notice is mounted a few messages later
            if app.screen.query(Toast):
                break
            await pilot.pause()
        toast = app.screen.query_one(Toast)
        assert toast.region.right == SMALL[0]
