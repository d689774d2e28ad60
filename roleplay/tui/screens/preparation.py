"""Preparation: expectations on every issue, the team, consultations, and a budget that runs down."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from roleplay.engine import actions as a
from roleplay.engine.types import belief_text
from roleplay.engine.view import player_view
from roleplay.tui import coaching


@dataclass(frozen=True)
class Row:
    kind: str  # issue, member or adviser
    id: str


class PreparationScreen(Screen[None]):
    CSS_PATH = "preparation.tcss"
    BINDINGS = [
        Binding("left", "shift(-1)", "Expect less", id="expect-less"),
        Binding("right", "shift(1)", "Expect more", id="expect-more"),
        Binding("left_square_bracket", "walkaway(-1)", "Walk-away ←", id="walkaway-left"),
        Binding("right_square_bracket", "walkaway(1)", "Walk-away →", id="walkaway-right"),
        Binding("enter,space", "toggle", "Pick / consult", id="pick"),
        Binding("d", "done", "Done", id="done"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="budget", markup=False, classes="title")
        yield Static("", id="belief", markup=False, classes="muted")
        yield OptionList(id="rows")
        yield Static("", id="hint", markup=False, classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        self.draft: dict[str, int] = {}
        for issue in session.scenario.issues:
            chosen = session.state_data.expectations.get(issue.id)
            lo, hi = session.player_range(issue.id)
            self.draft[issue.id] = session.scenario.rank(issue.id, chosen) if chosen else (lo + hi + 1) // 2
        self.walkaways: dict[str, int] = {
            issue.id: session.scenario.rank(issue.id, session.state_data.walkaways.get(
                issue.id, session.player.stances[issue.id].reservation))
            for issue in session.scenario.issues
        }
        me = session.me
        self.rows = [Row("issue", i.id) for i in session.scenario.issues]
        self.rows += [Row("member", m.id) for m in session.scenario.team.roster if not m.serves or me in m.serves]
        self.rows += [Row("adviser", d.id) for d in session.bystanders
                      if d.consult and (not d.consult.open_to or me in d.consult.open_to)]
        self.refresh_rows()
        self.query_one("#rows").focus()

    def refresh_rows(self) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        view, scenario = player_view(session), session.scenario
        main = view.counterparts[0]
        rows = self.query_one("#rows", OptionList)
        keep = rows.highlighted or 0
        rows.clear_options()
        for row in self.rows:
            if row.kind == "issue":
                issue = scenario.issue(row.id)
                known = view.intel[main][row.id]
                guess = (issue.options[known.lo].label if known.exact()
                         else f"{issue.options[known.lo].label} .. {issue.options[known.hi].label}")
                text = Text.assemble((f"{issue.label:<22}", "bold"), " you expect ◀ ",
                                     (issue.options[self.draft[row.id]].label, "reverse"), " ▶   ",
                                     (f"they expect: {guess}", "dim"),
                                     ("\n" + " " * 23 + f"walk away beyond: {issue.options[self.walkaways[row.id]].label}",
                                      "italic"))
            elif row.kind == "member":
                member = next(m for m in scenario.team.roster if m.id == row.id)
                knows = ", ".join(scenario.issue(g.issue).label for g in member.intel) or "nothing in particular"
                mark = "[x]" if member.id in view.team else "[ ]"
                text = Text(f"{mark} team: {member.name}, {member.title} (cost {member.cost:g}); knows about {knows}")
            else:
                adviser = scenario.delegation(row.id)
                mark = "[x]" if row.id in view.consulted else "[ ]"
                text = Text(f"{mark} consult {adviser.name} (cost {adviser.consult.cost:g})")  # type: ignore[union-attr]
            rows.add_option(Option(text))
        rows.highlighted = min(keep, len(self.rows) - 1)
        seats = scenario.team.seats
        self.query_one("#budget", Static).update(
            f"Preparation · budget left {view.budget_left:g} {scenario.preparation.label} · "
            f"team {len(view.team)}/{seats} · intelligence narrows what they expect (the dim ranges)")
        self.query_one("#belief", Static).update("\n".join(
            belief_text(scenario.delegation(d), odds) for d, odds in view.beliefs.items()))
        self.query_one("#belief", Static).display = bool(view.beliefs)
        self.query_one("#hint", Static).update(
            "←/→ what you expect · [ ] where you walk away · Enter picks a team member or consults · "
            "d when ready · ? help")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Expectations change on issue rows; picking applies to team members and advisers."""
        if not hasattr(self, "rows"):
            return True
        kind = self.current().kind
        if action in ("shift", "walkaway"):
            return kind == "issue"
        if action == "toggle":
            return kind != "issue"
        return True

    @on(OptionList.OptionHighlighted)
    def moved(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a row: the list selects it before the screen's key binding can."""
        self.action_toggle()

    def current(self) -> Row:
        return self.rows[self.query_one("#rows", OptionList).highlighted or 0]

    def action_shift(self, step: int) -> None:
        row = self.current()
        if row.kind != "issue":
            return
        options = len(self.app.session.scenario.issue(row.id).options)  # type: ignore[attr-defined]
        self.draft[row.id] = min(max(self.draft[row.id] + step, 0), options - 1)
        self.refresh_rows()

    def action_walkaway(self, step: int) -> None:
        """Move the walk-away point, within what the instructions allow."""
        row = self.current()
        if row.kind != "issue":
            return
        session = self.app.session  # type: ignore[attr-defined]
        issue = session.scenario.issue(row.id)
        rank = min(max(self.walkaways[row.id] + step, 0), len(issue.options) - 1)
        problem = self.app.act(a.SetWalkaway(issue=row.id, option=issue.options[rank].id))  # type: ignore[attr-defined]
        if problem:
            self.notify(problem, severity="warning", markup=False)
        else:
            self.walkaways[row.id] = rank
        self.refresh_rows()

    def action_toggle(self) -> None:
        row = self.current()
        session = self.app.session  # type: ignore[attr-defined]
        if row.kind == "member":
            action = a.DropMember(member=row.id) if row.id in session.state_data.team else a.PickMember(member=row.id)
        elif row.kind == "adviser":
            action = a.ConsultAlly(delegation=row.id)
        else:
            return
        problem = self.app.act(action)  # type: ignore[attr-defined]
        if problem:
            self.notify(problem, severity="warning", markup=False)
        elif row.kind == "adviser" and session.state_data.transcript:
            self.notify(session.state_data.transcript[-1].text, title=session.scenario.delegation(row.id).name, timeout=10, markup=False)
        self.refresh_rows()

    def action_done(self) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        for issue in session.scenario.issues:
            option = issue.options[self.draft[issue.id]].id
            if session.state_data.expectations.get(issue.id) != option:
                self.app.act(a.SetExpectation(issue=issue.id, option=option))  # type: ignore[attr-defined]
        if session.can(a.FinishPreparation()) and coaching.held(self, a.FinishPreparation(), self.action_done):
            return
        problem = self.app.act(a.FinishPreparation())  # type: ignore[attr-defined]
        if problem:
            self.notify(problem, severity="warning", markup=False)
            return
        self.app.show_phase()  # type: ignore[attr-defined]
