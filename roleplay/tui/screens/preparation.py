"""Preparation: expectations on every issue, the team, consultations, and a budget that runs down."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roleplay.engine import actions as a
from roleplay.engine.types import belief_text
from roleplay.engine.view import player_view
from roleplay.text import amount, clean, one_line
from roleplay.tui import coaching
from roleplay.tui.app import RoleplayApp
from roleplay.tui.footer import KeysFooter
from roleplay.tui.header import Header
from roleplay.tui.spans import Line, wrap


class RowKind(Enum):
    """What a row of the preparation list is about, and so what its keys do."""

    issue = "issue"
    """An issue: ←/→ set what the player expects, [/] the walk-away point."""
    member = "member"
    """A roster member who would join the team: Enter picks or drops them."""
    adviser = "adviser"
    """A delegation the player may consult: Enter consults it."""


@dataclass(frozen=True)
class Row:
    kind: RowKind
    id: str


CONTINUED = "    "
"""The indent of a row's wrapped lines."""
ROW_FRAME = 6
"""Columns of the list that are not text: its border, each option's padding and the scrollbar."""


def wrapped(lines: list[Line], width: int) -> Text:
    """The row's lines wrapped here, at a width that leaves room for the scrollbar.

    The option list would wrap them itself, but it measures a row without
    the scrollbar and draws it with one, and so cut the last line of a row.
    """
    text = Text()
    for n, line in enumerate(lines):
        first, *more = wrap(line, width)
        rest = [(" " if k and m == 0 else "") + segment.text for k, row in enumerate(more) for m, segment in enumerate(row)]
        styles = [str(segment.style or "") for row in more for segment in row]
        rows = [first, *wrap(list(zip(rest, styles, strict=True)), width - len(CONTINUED))] if more else [first]
        for k, segments in enumerate(rows):
            if n or k:
                text.append("\n")
            if k:
                text.append(CONTINUED)
            for segment in segments:
                text.append(segment.text, segment.style)
    return text


class Rows(OptionList):
    """The preparation list: when an answer shown under it makes it shorter, the chosen row stays in sight."""

    def on_resize(self) -> None:
        self.scroll_to_highlight()


class PreparationScreen(Screen[None]):
    app = getters.app(RoleplayApp)

    CSS_PATH = "preparation.tcss"
    BINDINGS = [
        Binding("left", "shift(-1)", "Expectation ←", id="expect-less"),
        Binding("right", "shift(1)", "Expectation →", id="expect-more"),
        Binding("left_square_bracket", "walkaway(-1)", "Limit ←", id="walkaway-left"),
        Binding("right_square_bracket", "walkaway(1)", "Limit →", id="walkaway-right"),
        Binding("enter,space", "pick", "Pick / consult", id="pick", key_display="Enter"),
        Binding("d", "done", "Done", id="done"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="budget", markup=False, classes="title")
        yield Static("", id="belief", markup=False, classes="muted")
        yield Rows(id="rows")
        yield Static("", id="said", markup=False)
        yield Static("", id="hint", markup=False, classes="muted")
        yield KeysFooter()

    def on_mount(self) -> None:
        session = self.app.game
        self.draft: dict[str, int] = {}
        for issue in session.scenario.issues:
            chosen = session.state.expectations.get(issue.id)
            lo, hi = session.player_range(issue.id)
            self.draft[issue.id] = session.scenario.rank(issue.id, chosen) if chosen else (lo + hi + 1) // 2
        self.walkaways: dict[str, int] = {
            issue.id: session.scenario.rank(issue.id, session.state.walkaways.get(
                issue.id, session.player.stances[issue.id].reservation))
            for issue in session.scenario.issues
        }
        view = player_view(session)
        self.rows = [Row(RowKind.issue, i.id) for i in session.scenario.issues]
        self.rows += [Row(RowKind.member, m) for m in view.pickable]
        self.rows += [Row(RowKind.adviser, d) for d in view.consultable]
        self.refresh_rows()
        self.query_one("#rows").focus()

    def expects_past_limit(self, issue: str) -> bool:
        """Whether the expectation drafted lies beyond the walk-away drafted: a deal the player expects would be
        one they have said they would walk away from."""
        session = self.app.game
        stance = session.player.stances[issue]
        # which way is worse for the player comes from its instructions, not from where the limit is set now
        worse = session.scenario.rank(issue, stance.reservation) - session.scenario.rank(issue, stance.ideal)
        return (self.draft[issue] - self.walkaways[issue]) * worse > 0

    def refresh_rows(self) -> None:
        session = self.app.game
        view, scenario = player_view(session), session.scenario
        main = view.counterparts[0]
        rows = self.query_one("#rows", OptionList)
        keep = rows.highlighted or 0
        rows.clear_options()
        width = self.text_width()
        unit = scenario.preparation.label
        for row in self.rows:
            if row.kind is RowKind.issue:
                issue = scenario.issue(row.id)
                known = view.intel[main][row.id]
                guess = (issue.options[known.lo].label if known.exact()
                         else f"{issue.options[known.lo].label} .. {issue.options[known.hi].label}")
                lines: list[Line] = [
                    ((one_line(issue.label), "bold"), ("  you expect ◀ ", ""),
                     (one_line(issue.options[self.draft[row.id]].label), "reverse"), (" ▶", "")),
                    ((f"    they expect: {one_line(guess)}", "dim"),),
                    ((f"    your limit: {one_line(issue.options[self.walkaways[row.id]].label)}", "italic"),
                     *(((" · you expect worse than your limit", "bold"),) if self.expects_past_limit(row.id) else ())),
                ]
            elif row.kind is RowKind.member:
                member = next(m for m in scenario.team.roster if m.id == row.id)
                knows = ", ".join(scenario.issue(g.issue).label for g in member.intel) or "nothing in particular"
                mark = "[x]" if member.id in view.team else "[ ]"
                lines = [((one_line(f"{mark} team: {member.who()} (cost {amount(member.cost, unit)}); "
                                    f"knows about {knows}"), ""),)]
                lines += [((CONTINUED + one_line(f"makes a gesture possible: {g.label}"), "dim"),) for g in scenario.gestures
                          if g.requires == member.id and (not g.by or session.me in g.by)]
            else:
                adviser = scenario.delegation(row.id)
                assert adviser.consult is not None  # the view lists only delegations that can be consulted
                done = row.id in view.consulted
                what = "Enter reads the counsel again" if done else f"cost {amount(adviser.consult.cost, unit)}"
                lines = [((one_line(f"{'[x]' if done else '[ ]'} consult {adviser.name} ({what})"), ""),)]
            text = wrapped(lines, width)
            rows.add_option(Option(text))
        rows.highlighted = min(keep, len(self.rows) - 1)
        seats = scenario.team.seats
        self.query_one("#budget", Static).update(one_line(
            f"Preparation · budget left {amount(view.budget_left, scenario.preparation.label)} · "
            f"team {len(view.team)}/{seats} · intelligence narrows what they expect (the dim ranges)"))
        self.query_one("#belief", Static).update("\n".join(
            one_line(belief_text(scenario.delegation(d), odds)) for d, odds in view.beliefs.items()))
        self.query_one("#belief", Static).display = bool(view.beliefs)
        self.show_hint()

    def show_hint(self) -> None:
        """The keys, and on an issue which arrow asks for more: each issue's scale runs its own way."""
        more = ""
        if hasattr(self, "rows") and self.current().kind is RowKind.issue:
            session = self.app.game
            issue, stance = self.current().id, session.player.stances[self.current().id]
            rightward = session.scenario.rank(issue, stance.ideal) > session.scenario.rank(issue, stance.reservation)
            more = f" ({'→' if rightward else '←'} asks for more here)"
        self.query_one("#hint", Static).update(
            f"←/→ what you expect{more} · [/] your limit (walk away from worse) · Enter picks a team member or "
            "consults · d when ready · ? help")

    def text_width(self) -> int:
        """The columns a row's text may take in the list as it is laid out now."""
        width = self.query_one("#rows", OptionList).size.width or self.app.size.width - 2
        return max(width - ROW_FRAME, 20)

    def on_resize(self) -> None:
        if hasattr(self, "rows"):
            self.call_after_refresh(self.refresh_rows)  # once the list has its new width

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Expectations change on issue rows; picking applies to team members and advisers."""
        if not hasattr(self, "rows"):
            return True
        kind = self.current().kind
        if action in ("shift", "walkaway"):
            return kind is RowKind.issue
        if action == "pick":
            return kind is not RowKind.issue
        return True

    @on(OptionList.OptionHighlighted)
    def moved(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()
        self.show_hint()

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a row: the list selects it before the screen's key binding can."""
        self.action_pick()

    def current(self) -> Row:
        return self.rows[self.query_one("#rows", OptionList).highlighted or 0]

    def action_shift(self, step: int) -> None:
        row = self.current()
        if row.kind is not RowKind.issue:
            return
        options = len(self.app.game.scenario.issue(row.id).options)
        self.draft[row.id] = min(max(self.draft[row.id] + step, 0), options - 1)
        self.say(None)  # a move never refused: the last refusal goes
        self.refresh_rows()

    def action_walkaway(self, step: int) -> None:
        """Move the walk-away point, within what the instructions allow."""
        row = self.current()
        if row.kind is not RowKind.issue:
            return
        session = self.app.game
        issue = session.scenario.issue(row.id)
        rank = min(max(self.walkaways[row.id] + step, 0), len(issue.options) - 1)
        problem = self.app.act(a.SetWalkaway(issue=row.id, option=issue.options[rank].id))
        self.say(f"{issue.label}: {problem}" if problem else None)
        if not problem:
            self.walkaways[row.id] = rank
        self.refresh_rows()

    def action_pick(self) -> None:
        row = self.current()
        session = self.app.game
        action: a.Action
        if row.kind is RowKind.member:
            action = a.DropMember(member=row.id) if row.id in session.state.team else a.PickMember(member=row.id)
        elif row.kind is RowKind.adviser and row.id in session.state.consulted:
            self.read_advice(row.id)  # consulted already: their counsel, to read again
            return
        elif row.kind is RowKind.adviser:
            action = a.ConsultAlly(delegation=row.id)
        else:
            return
        problem = self.app.act(action)
        if problem:
            self.say(problem)
        elif row.kind is RowKind.adviser and (counsel := self.counsel(row.id)) is not None:
            self.say(f"{session.scenario.delegation(row.id).name}: {counsel}", refused=False)
            self.read_if_cut(row.id)
        else:
            self.say(None)
        self.refresh_rows()

    def counsel(self, adviser: str) -> str | None:
        """What an adviser said when consulted: their last line in the transcript (None before they speak)."""
        said = [line.text for line in self.app.game.state.transcript if line.speaker == adviser]
        return said[-1] if said else None

    def read_if_cut(self, adviser: str) -> None:
        """Open the counsel in a window when the panel under the list cannot show all of it: at the width the
        panel's styles leave it across the screen, and the height they let it take (it was hidden until now,
        and may not be laid out yet)."""
        said = self.query_one("#said", Static)
        styles = said.styles
        width = self.size.width - styles.margin.width - styles.gutter.width
        room = int(styles.max_height.value) - styles.gutter.height if styles.max_height is not None else None
        shown = Text(str(said.content))
        if room is not None and width > 0 and len(shown.wrap(self.app.console, width)) > room:
            self.read_advice(adviser)

    def read_advice(self, adviser: str) -> None:
        """An adviser's counsel in full, in a window (the panel under the list shows its first lines only)."""
        from roleplay.tui.screens.reading import ReadingWindow

        counsel = self.counsel(adviser)
        if counsel is not None:
            name = self.app.game.scenario.delegation(adviser).name
            self.app.push_screen(ReadingWindow(f"{name}'s counsel", counsel))

    def say(self, text: str | None, refused: bool = True) -> None:
        """Answer a key under the list, where a notice would cover the rows being chosen from.

        A consultation's advice stays there, to be read while setting expectations, until another answer
        takes its place (it is in the transcript as well); a refusal goes with the next move that is not refused.
        None: the move was not refused.
        """
        said = self.query_one("#said", Static)
        if text is None:
            if said.has_class("refused"):
                said.display = False
                said.remove_class("refused")
            return
        said.update(clean(text))
        said.set_class(refused, "refused")
        said.display = True

    def action_done(self) -> None:
        session = self.app.game
        for issue in session.scenario.issues:
            option = issue.options[self.draft[issue.id]].id
            if session.state.expectations.get(issue.id) != option:
                self.app.act(a.SetExpectation(issue=issue.id, option=option))
        if session.can(a.FinishPreparation()) and coaching.held(self, a.FinishPreparation(), self.action_done):
            return
        problem = self.app.act(a.FinishPreparation())
        if problem:
            self.notify(clean(problem), severity="warning", markup=False)
            return
        self.app.clear_notifications()  # advice shown here is in the transcript; it must not cover the table
        self.app.show_phase()
