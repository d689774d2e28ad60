"""The table: the issue board, the transcript, the meters and one key per move."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from roleplay.engine import actions as a
from roleplay.engine.dialogue import speaker_names
from roleplay.engine.flow import PLAYER_MOVES
from roleplay.engine.posture import Posture, posture_effect
from roleplay.engine.view import PlayerView, player_view, round_label
from roleplay.text import clean, one_line
from roleplay.tui import coaching
from roleplay.tui.app import RoleplayApp
from roleplay.tui.board import Board, gap_history
from roleplay.tui.footer import KeysFooter
from roleplay.tui.header import Header
from roleplay.tui.keys import HELP_BINDING
from roleplay.tui.line_panel import LinePanel
from roleplay.tui.screens.confirm import ConfirmScreen
from roleplay.tui.screens.pick import PickScreen
from roleplay.tui.spans import Line
from roleplay.tui.transcript_log import TranscriptLog

MOVE_ACTIONS = {"posture"}
"""Screen actions that are moves of the opening only."""


def in_the_rounds(binding: Binding) -> bool:
    """Whether the rounds show this key (if it is shown at all): the table's fullest state, every key but the
    opening's own."""
    return binding.action not in MOVE_ACTIONS


def _opening(screen: TableScreen, session: Any) -> a.Action:
    return a.OpenTalks(posture=screen.posture, offer=dict(screen.draft))


def _gesture(screen: TableScreen, session: Any) -> a.Action | None:
    """A gesture the player may offer now, else one of theirs that they cannot (pressing g says why)."""
    gestures = session.gestures_available() or [g for g in session.scenario.gestures if not g.by or session.me in g.by]
    return a.OfferGesture(gesture=gestures[0].id) if gestures else None


CANDIDATES: dict[str, Callable[[TableScreen, Any], a.Action | None]] = {
    "propose": lambda screen, session: (_opening(screen, session) if session.phase == "opening"
                                        else a.Propose(package=dict(screen.draft))),
    "probe": lambda screen, session: a.Probe(issue=screen.issue()),
    "pressure": lambda screen, session: a.Pressure(issue=screen.issue()),
    "gesture": _gesture,
    "consult": lambda screen, session: a.Consult(delegation=session.bystanders[0].id) if session.bystanders else None,
    "accept": lambda screen, session: a.Accept(),
    "closing": lambda screen, session: a.CallClosing(),
    "walk_out": lambda screen, session: a.WalkOut(),
}
"""For each screen action that sends a move, the move it would send now; built only when asked for."""


class TableScreen(Screen[None]):
    CSS_PATH = "table.tcss"
    app = getters.app(RoleplayApp)
    AUTO_FOCUS = None
    # Nothing on the table takes focus, so its keys are the screen's alone: as priority bindings
    # they run as soon as the app receives the key, not after it has been offered to the screen.
    BINDINGS = [
        HELP_BINDING,
        Binding("up", "select(-1)", "Issue ↑", show=False, id="issue-up", priority=True),
        Binding("down", "select(1)", "Issue ↓", show=False, id="issue-down", priority=True),
        Binding("left", "draft(-1)", "Offer ←", show=False, id="draft-left", priority=True),
        Binding("right", "draft(1)", "Offer →", show=False, id="draft-right", priority=True),
        Binding("enter", "propose", "Propose", id="propose", priority=True),
        Binding("f", "posture", "Posture", id="posture", priority=True),
        Binding("r", "probe", "Probe", id="probe", priority=True),
        Binding("x", "pressure", "Pressure", id="pressure", priority=True),
        Binding("g", "gesture", "Gesture", id="gesture", priority=True),
        Binding("c", "consult", "Consult", id="consult", priority=True),
        Binding("a", "accept", "Accept", id="accept", priority=True),
        Binding("l", "closing", "Last offers", id="closing", priority=True),
        Binding("w", "walk_out", "Walk out", id="walk-out", priority=True),
        Binding("pageup", "scroll_transcript(-1)", "Transcript ↑", show=False, id="transcript-up", priority=True),
        Binding("pagedown", "scroll_transcript(1)", "Transcript ↓", show=False, id="transcript-down", priority=True),
        # The coach and rewinding (roleplay.tui.coaching).
        Binding("h", "coach_level", "Coach", show=False, id="coach-level", priority=True),
        Binding("y", "coach_why", "Why?", show=False, id="coach-why", priority=True),
        Binding("u", "rewind", "Rewind", show=False, id="rewind", priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="left"):
                yield LinePanel(id="status")
                yield LinePanel(id="board")
                yield coaching.CoachPanel(id="coach")
            yield TranscriptLog(id="transcript")
        yield LinePanel(id="composer")
        yield KeysFooter(steady=in_the_rounds)

    def on_mount(self) -> None:
        session = self.app.game
        self.selected = 0
        self.posture = Posture.balanced
        view = player_view(session)
        self.draft: dict[str, str] = dict(view.my_positions) or session.true_utility(session.me).ideal()
        self.shown = 0
        self.offered: tuple[bool | None, ...] | None = None  # what the footer last showed
        self.refused = ""
        """Why the last key's move was not played; shown in the composer until a move is played or the draft moves."""
        self.redraw()

    # --- which moves are offered ---------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide moves the phase does not allow.

        A move the phase allows but that is refused right now (accepting an
        offer beyond your walk-away, a gesture you cannot give) stays live:
        pressing it says why, where a dimmed key would do nothing at all.
        """
        session = self.app.game
        candidate = self.candidate(action)
        if candidate is None:
            return True if action not in MOVE_ACTIONS else session.phase == "opening"
        return (session.phase, candidate.kind) in PLAYER_MOVES

    def candidate(self, action: str) -> a.Action | None:
        """The engine action a key would send now (None for keys that only change the screen)."""
        session = self.app.game
        builder = CANDIDATES.get(action)
        return builder(self, session) if builder else None

    # --- drawing ------------------------------------------------------------------

    def redraw(self) -> None:
        """Show the session as it is now; each panel repaints only the rows that changed."""
        session = self.app.game
        view = self.view = player_view(session)
        self.history = gap_history(view)
        self.drawn_for = self.session_mark()
        self.query_one("#status", LinePanel).show(self.status(view))
        self.query_one("#board", LinePanel).show(*self.board(view))
        names = speaker_names(session.scenario)
        self.query_one("#transcript", TranscriptLog).add([
            ((f"[{statement.round}] {self.speaker(statement.speaker, view.me, names)}: ",
              self.speaker_style(statement.speaker, view.me)), (clean(statement.text), ""))
            for statement in view.transcript[self.shown:]])
        self.shown = len(view.transcript)
        self.query_one("#composer", LinePanel).show(self.composer(view))
        self.query_one("#coach", coaching.CoachPanel).show_coach(self.app)
        self.refresh_footer()
        self.app.collect_after_frame()

    def redraw_draft(self) -> None:
        """After a key that moves only the draft or the selection: the board and the composer.

        Nothing the session holds has changed, so the view, the status, the
        transcript, the coach and the footer drawn after the last move stand.
        """
        if self.session_mark() != self.drawn_for:
            self.redraw()
            return
        self.query_one("#board", LinePanel).show(*self.board(self.view))
        self.query_one("#composer", LinePanel).show(self.composer(self.view))
        self.app.collect_after_frame()

    def session_mark(self) -> tuple[int, int, int]:
        """What tells that the session moved on since the last full redraw (a move, a statement, another game)."""
        session = self.app.game
        return id(session), len(session.actions), len(session.state.transcript)

    def refresh_footer(self) -> None:
        """Refresh the footer only when a key is hidden, dimmed or offered differently than before.

        Textual rebuilds the whole footer on every refresh of the bindings,
        which would cost more than everything else a move redraws.
        """
        offered = tuple(self.check_action(binding.action.split("(")[0], ()) for binding in self.BINDINGS
                        if isinstance(binding, Binding))
        if offered != self.offered:
            self.offered = offered
            self.refresh_bindings()

    @staticmethod
    def speaker(speaker: str, me: str, names: dict[str, str]) -> str:
        return "You" if speaker == me else names.get(speaker, speaker)

    @staticmethod
    def speaker_style(speaker: str, me: str) -> str:
        return "bold cyan" if speaker == me else "bold yellow" if speaker == "narrator" else "bold magenta"

    def status(self, view: PlayerView) -> list[Line]:
        main = view.counterparts[0]
        meters = view.meters[main]
        name = self.app.game.scenario.delegation(main).name
        phase = round_label(view)
        trust = "█" * round(meters.trust * 5)
        tension = "█" * round(meters.tension * 5)
        limit = self.app.game.scenario.policy.tension_limit
        lines: list[Line] = [((f"{phase} · {name}", ""),),
                             ((f"trust {trust:<5} {meters.trust:.2f} · tension {tension:<5} {meters.tension:.2f}", ""),
                              (f"/{limit:.2f}", "dim"))]
        kind = self.kind(main, view)
        if kind:
            lines.append(((kind, "dim"),))
        return lines

    def kind(self, counterpart: str, view: PlayerView) -> str:
        """Who the other side may be, as far as intelligence tells: "a hard-liner", or "a hard-liner?" while unsure."""
        odds = view.beliefs.get(counterpart)
        if not odds:
            return ""
        labels = {t.id: t.label for t in self.app.game.written.delegation(counterpart).types}
        top = max(odds.values())
        likeliest = [labels[t] for t in sorted(odds) if odds[t] >= top - 1e-9]
        if len(odds) == 1:
            return one_line(likeliest[0])
        if len(likeliest) > 1:  # nothing yet tells them apart
            return one_line(" or ".join(likeliest)) + "?"
        return one_line(likeliest[0]) + f"? ({top:.0%})"

    def board(self, view: PlayerView) -> tuple[Board, tuple[int, int], Callable[[int], bool]]:
        """The board's lines, built as the panel reads them, the range of them the selected issue takes (kept in
        view) and which of them may start the panel's window (an issue's name)."""
        board = Board(self.app.game.scenario, view, self.history, self.draft, self.selected)
        return board, board.keep, board.opens

    def composer(self, view: PlayerView) -> list[Line]:
        return [((part, ""),) for part in self.composer_text(view).split("\n")]

    def composer_text(self, view: PlayerView) -> str:
        session = self.app.game
        worth = session.true_utility(session.me).of(self.draft)
        crossed = session.crossings(self.draft)
        warning = f" · beyond your walk-away {self.which(crossed)}" if crossed else ""
        if view.phase == "opening":
            return (f"Opening posture: {self.posture} ({posture_effect(self.posture)}; f to change) · "
                    f"your draft is worth {worth:.2f} "
                    f"to you{warning} · Enter to state it")
        beyond = self.their_offer_beyond(view)
        accept = f"\nYou cannot accept their offer: it is beyond your walk-away {self.which(beyond)}" if beyond else ""
        pace = ("the last-offer round: your next move ends the talks" if view.phase == "closing"
                else "every move takes a round")
        refused = f"\nNot played: {self.refused}" if self.refused else ""
        return (f"Your draft is worth {worth:.2f} to you (no deal: {view.my_batna:.2f}){warning} · Enter to propose it"
                f" · {pace}{accept}{refused}")

    def which(self, issues: list[str]) -> str:
        """Name the issues briefly: when most are meant, name the few that are not."""
        scenario = self.app.game.scenario
        rest = [issue.label for issue in scenario.issues if issue.id not in issues]
        if not rest:
            return "on every issue"
        if len(issues) > len(rest):
            return f"on every issue but {', '.join(rest)}"
        return f"on {', '.join(scenario.issue(issue).label for issue in issues)}"

    # --- moves ----------------------------------------------------------------------

    def issue(self) -> str:
        return self.app.game.scenario.issues[self.selected].id

    def play(self, action: a.Action) -> None:
        session = self.app.game
        if session.can(action) and coaching.held(self, action):
            return
        problem = self.app.act(action)
        self.refused = clean(self.short_reason(action, problem) if problem else "")
        if not problem:
            coaching.after_move(self.app)
        session = self.app.game
        if session.finished():
            self.app.show_phase()
            return
        self.redraw()

    def their_offer_beyond(self, view: PlayerView) -> list[str]:
        """The issues on which the main counterpart's standing offer is beyond the player's walk-away."""
        return self.app.game.crossings(view.their_offers.get(view.counterparts[0], {}))

    def short_reason(self, action: a.Action, problem: str) -> str:
        """The reason a move was refused, as the composer shows it: an accept beyond the walk-away is
        already told, issue by issue, on the composer's line above it, so it is not told again at length."""
        if isinstance(action, a.Accept) and self.view.phase != "opening" and self.their_offer_beyond(self.view):
            return "you cannot accept an offer beyond your walk-away (the line above says where)"
        return problem

    def action_coach_level(self) -> None:
        coaching.cycle_level(self)
        self.redraw()

    def action_coach_why(self) -> None:
        coaching.show_why(self)

    def action_rewind(self) -> None:
        coaching.rewind(self, confirm=True)

    def action_scroll_transcript(self, step: int) -> None:
        self.query_one("#transcript", TranscriptLog).page(step)

    def action_select(self, step: int) -> None:
        count = len(self.app.game.scenario.issues)
        self.selected = (self.selected + step) % count
        self.refused = ""
        self.redraw_draft()

    def action_draft(self, step: int) -> None:
        scenario = self.app.game.scenario
        issue = scenario.issues[self.selected]
        rank = scenario.rank(issue.id, self.draft[issue.id]) if issue.id in self.draft else 0
        self.draft[issue.id] = issue.options[min(max(rank + step, 0), len(issue.options) - 1)].id
        self.refused = ""
        self.redraw_draft()

    def action_propose(self) -> None:
        move = CANDIDATES["propose"](self, self.app.game)
        if move is not None:
            self.play(move)

    def action_posture(self) -> None:
        """One step firmer, from firm round to open: balanced, firm, open, balanced..."""
        order = list(Posture)
        self.posture = order[(order.index(self.posture) - 1) % len(order)]
        self.redraw()

    def action_probe(self) -> None:
        self.play(a.Probe(issue=self.issue()))

    def action_pressure(self) -> None:
        self.play(a.Pressure(issue=self.issue()))

    def action_accept(self) -> None:
        self.play(a.Accept())

    def action_closing(self) -> None:
        self.play(a.CallClosing())

    def action_gesture(self) -> None:
        session = self.app.game
        items = [(g.id, f"{g.label} (costs you {g.cost:g})") for g in session.gestures_available()]
        if not items:
            self.refused = self.no_gesture()
            self.redraw_draft()
            return

        def give(chosen: str | None) -> None:
            if chosen:
                self.play(a.OfferGesture(gesture=chosen))

        self.app.push_screen(PickScreen("Offer which gesture?", items), give)

    def no_gesture(self) -> str:
        """Why no gesture can be offered: each of the player's gestures with its reason."""
        from roleplay.engine.legality import problem

        session = self.app.game
        reasons = [problem(session, a.OfferGesture(gesture=g.id)) for g in session.scenario.gestures
                   if not g.by or session.me in g.by]
        told = [reason for reason in reasons if reason]
        return "No gesture to offer: " + "; ".join(told) if told else "Your side has no gestures to offer."

    def action_consult(self) -> None:
        session = self.app.game
        # only those who would answer: one that advises only other delegations is not offered, then refused
        items = [(d.id, d.name) for d in session.bystanders if session.can(a.Consult(delegation=d.id))]
        if not items:
            self.notify("Nobody beside the table will advise your delegation.", markup=False)
            return

        def consult(chosen: str | None) -> None:
            if chosen:
                self.play(a.Consult(delegation=chosen))

        self.app.push_screen(PickScreen("Consult whom?", items), consult)

    def action_walk_out(self) -> None:

        def walk_out(sure: bool | None) -> None:
            if sure:
                self.play(a.WalkOut())

        self.app.push_screen(ConfirmScreen("Walk out of the talks? This ends the negotiation."), walk_out)
