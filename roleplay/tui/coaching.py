"""The coach and rewinding in the full-screen client: the hint panel, the warning dialog, forks and the comparison.

The table and the debrief each call in here with one line per hook, so the
screens stay what they were: the coach of the game in play, kept with the
app and recorded in its save; a move the coach warns about waits for the
player's word; any earlier round can be played on as a fork.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static

from roleplay.text import shortened
from roleplay.tui.footer import KeysFooter
from roleplay.tui.line_panel import LinePanel
from roleplay.tui.spans import Line, rows_of
from roleplay.tui.words_window import WordsWindow

if TYPE_CHECKING:
    from roleplay.coaching import Coach
    from roleplay.engine.coach import Hint
    from roleplay.engine.session import Session


def coach_of(app: Any) -> Coach:
    """The coach of the game in play: made when the game is, from its save (or the scenario's default)."""
    from roleplay.coaching import Coach
    from roleplay.engine.coach import level_of

    session = app.session
    if getattr(app, "coached_session", None) is not session:
        slot = app.slot
        carried = slot.carried() if slot is not None else {}
        wanted = getattr(app, "coach_level", None) or session.written.coach
        level = level_of(carried.get("coach") if "coach" in carried else wanted)

        def keep(coach: Coach) -> None:
            if app.slot is not None and app.session is session:
                kept = app.slot.carried()
                if kept.get("coach") == coach.level and kept.get("hints") == coach.records:
                    return  # as the save has it: a game only read is not written again
                app.slot.carry(coach=coach.level, hints=list(coach.records))
                app.slot.stage(session)  # written with the next move, or when the app closes

        app.coach = Coach(level, list(carried.get("hints", [])), keep)
        app.coached_session = session
        keep(app.coach)
    return app.coach


WHY_KEY = "y"
"""The one key that shows the coach's reasons, at the table and in its window alike; no other key means why."""


class CoachPanel(LinePanel):
    """The coach's words of this moment, in the table's side panel.

    Warnings about a move show in their window and leave the panel when the
    move is played or abandoned; the panel keeps the tutor's notes of the round.
    When a note is longer than the panel, its first line says that the why key
    shows all of it.
    """

    def show_coach(self, app: Any) -> None:
        coach = coach_of(app)
        notes = [r for r in coach.latest(app.session) if r.about is None] if coach.level != "off" else []
        body: list[Line] = [((f"· {r.text}", "yellow"),) for r in notes[-2:]]
        width = self.content_size.width
        rows = sum(len(rows_of(line, width)) for line in body) if width > 0 else 0
        more = width > 0 and rows > max(self.content_size.height, 3) - 1
        keys = f"  h: level · {WHY_KEY}: {'read all' if more else 'why'}"
        lines: list[Line] = [((f"coach: {coach.level}", "bold"), (keys, "dim"))]
        if coach.level != "off":
            lines += body or [(("· nothing to say", "dim"),)]
        self.show(lines)

    def on_resize(self) -> None:
        super().on_resize()
        if getattr(self.app, "session", None) is not None:
            self.show_coach(self.app)


class CoachWindow(WordsWindow[bool]):
    """What the coach said, with its reasons on request, in a window that fits the screen.

    The keys never mean two things: `y` is why, as at the table; `n` (or Esc) leaves the window.
    """

    BINDINGS = [Binding(WHY_KEY, "why", "Why?", id="why"),
                Binding("n,escape", "answer(False)", "Close", id="close")]
    CHOICES = f"{WHY_KEY}: why?   n: close"

    def __init__(self, hints: list[Hint] | list[Any]) -> None:
        super().__init__()
        self.hints = hints

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            with VerticalScroll(id="words"):
                yield Static("\n".join(f"Coach: {h.text}" for h in self.hints), markup=False)
                yield Static("", id="why", markup=False, classes="muted")
            yield Static(self.CHOICES, id="choices", markup=False, classes="muted")
        yield KeysFooter()

    def action_why(self) -> None:
        why = self.query_one("#why", Static)
        why.update("\n".join(f"Why: {h.why}" for h in self.hints))
        why.display = True
        self.call_after_refresh(self.tell_choices)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class WhyScreen(CoachWindow):
    """What the coach said of this moment, with its reasons shown."""

    def on_mount(self) -> None:
        super().on_mount()
        self.action_why()


class HintScreen(CoachWindow, inherit_bindings=False):
    """A warning before a move: the move waits for the player's word (`p` plays it, `n` thinks again)."""

    BINDINGS = [Binding("p", "answer(True)", "Play it anyway", id="play-anyway"),
                Binding("n,escape", "answer(False)", "Think again", id="think-again"),
                Binding(WHY_KEY, "why", "Why?", id="why")]
    CHOICES = f"p: play it anyway   n: think again   {WHY_KEY}: why?"


def held(screen: Any, action: Any, go: Callable[[], object] | None = None) -> bool:
    """Ask the coach before a move; True when it spoke and the move waits for the player's word.

    If the player plays it anyway, `go` runs (default: the screen plays the move again, and the coach lets it by).
    """
    hints = coach_of(screen.app).before(screen.app.session, action)
    if not hints:
        return False
    again = go or (lambda: screen.play(action))
    screen.app.push_screen(HintScreen(hints), lambda sure: sure and again())
    return True


def after_move(app: Any) -> None:
    """The tutor's remarks on the round just played."""
    coach_of(app).after(app.session)


def cycle_level(screen: Any) -> None:
    level = coach_of(screen.app).cycle()
    screen.notify(f"coach: {level}", markup=False)


def show_why(screen: Any) -> None:
    records = coach_of(screen.app).latest(screen.app.session)
    if not records:
        screen.notify("the coach has said nothing here", markup=False)
        return
    screen.app.push_screen(WhyScreen(records))


def coach_section(app: Any) -> str:
    """The debrief's notes on the coach: its level, the hints shown, the warnings played past."""
    from roleplay.coaching import markdown

    coach = coach_of(app)
    return markdown(app.session, coach.records, coach.level)


# --- rewinding -----------------------------------------------------------------------


def round_choices(session: Session) -> list[tuple[str, str]]:
    """The rounds a fork may start at, each with what the player did in it, as the transcript tells it.

    During the talks, the round being played is the last: a fork from it would be this game again.
    """
    from roleplay.fork import moves_by_round

    said = moves_by_round(session.written, session.me, session.state.seed, session.actions)
    last = max(said, default=0)
    if session.phase in ("bargaining", "closing"):
        last = min(last, session.state.round)
    return [(str(n), shortened(f"Round {n}: {'; '.join(said.get(n, []))}", ROUND_LABEL)) for n in range(1, last + 1)]


ROUND_LABEL = 150
"""Characters of a round's line in the rewind list: three lines of the dialog, cut at a word."""


def rewind(screen: Any, confirm: bool) -> None:
    """Pick an earlier round and play on from its start as a fork (from the table, after a confirmation)."""
    from roleplay.tui.screens.confirm import ConfirmScreen
    from roleplay.tui.screens.pick import PickScreen

    app = screen.app
    session = app.session
    if app.slot is None:
        screen.notify("only a saved game can be rewound", severity="warning", markup=False)
        return
    choices = round_choices(session)
    if not choices:
        screen.notify("no round has been played yet", severity="warning", markup=False)
        return

    def pick(sure: bool | None = True) -> None:
        if sure:

            def chosen_round(chosen: str | None) -> None:
                if chosen:
                    play_fork(app, int(chosen))

            app.push_screen(PickScreen("Play on from the start of which round? (a new game; this one is kept)",
                                       choices), chosen_round)

    if confirm:
        app.push_screen(ConfirmScreen("Leave this game (it stays saved) and play on from an earlier round?"), pick)
    else:
        pick()


def play_fork(app: Any, round: int) -> None:
    from roleplay import saves
    from roleplay.fork import fork

    try:
        app.slot.flush()
        target = fork(app.slot.path, round)
        open_save(app, target)
    except saves.SaveError as exc:
        app.notify(str(exc).splitlines()[0], severity="error", markup=False)
        return
    app.notify(f"Playing on from round {round} as {target.stem}; the original is kept.", markup=False)


def open_save(app: Any, path: Path) -> None:
    """Play on the saved game at `path` (a fork), on the scenario version it was played on."""
    from roleplay import games

    game = games.resume(path, version="played")
    app.start(game.session, game.slot)


def parent_of(app: Any) -> str:
    return str(app.slot.carried().get("parent") or "") if app.slot is not None else ""


def compare(screen: Any) -> None:
    """Open the comparison of this fork with its parent."""
    from roleplay import games
    from roleplay.compare import compare_markdown

    app = screen.app
    name = parent_of(app)
    if not name:
        screen.notify("this game is not a fork", severity="warning", markup=False)
        return
    path = app.slot.path.with_name(f"{name}.json")
    try:
        parent = games.rebuild(path, version="played").session
    except Exception as exc:  # the parent may be gone or damaged: say so, keep the debrief
        screen.notify(f"the parent game cannot be read: {str(exc).splitlines()[0]}", severity="error", markup=False)
        return
    text = compare_markdown(parent, app.session, name, app.slot.carried().get("fork_round"))
    app.push_screen(CompareScreen(text))


class CompareScreen(Screen[None]):
    """A fork beside its parent."""

    BINDINGS = [Binding("escape,v", "app.pop_screen", "Back to the debrief", id="back")]
    DEFAULT_CSS = "CompareScreen #compare { padding: 0 1; }"

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="compare"):
            yield Markdown(self.text, id="comparison")
        yield Footer()
