"""The table's issue board: two lines an issue (three for the selected one) and a legend, each built when read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from roleplay.engine.dialogue import option_label
from roleplay.engine.view import PlayerView
from roleplay.scenario.models import Scenario
from roleplay.tui.spans import Line

LEGEND: Line = (("Y your draft, T their offer, * both, ? where their hidden expectation may lie, "
                 "· any other option; underlined: your expectation", "dim"),)


def gap_history(view: PlayerView) -> dict[str, list[float]]:
    """Per issue, the position gaps with the main counterpart round by round: one pass over the history.

    The history changes only with a move, so the table works this out once per move, not per key.
    """
    main = view.counterparts[0]
    history: dict[str, list[float]] = {}
    for g in view.gaps:
        if g.counterpart == main and g.position is not None:
            history.setdefault(g.issue, []).append(g.position)
    return history


class Board(Sequence[Line]):
    """The board's lines for one frame, each built only when the panel reads it.

    With many issues most of the board is out of view, and the panel reads only
    the lines in its window (and those it passes over to find it): a key that
    moves the draft costs what the rows on screen cost, not what every issue does.
    """

    def __init__(self, scenario: Scenario, view: PlayerView, history: dict[str, list[float]],
                 draft: dict[str, str], selected: int) -> None:
        self.scenario = scenario
        self.view = view
        self.history = history
        self.draft = draft
        self.selected = selected
        self.main = view.counterparts[0]
        self.theirs = view.their_offers.get(self.main, {})
        self.issues = len(scenario.issues)

    def __len__(self) -> int:
        return 2 * self.issues + 1 + 2  # the selected issue's line of labels, a blank line and the legend

    @property
    def keep(self) -> tuple[int, int]:
        """The lines of the selected issue (kept in view); the legend comes into view with the last issue."""
        first = 2 * self.selected
        return first, len(self) if self.selected == self.issues - 1 else first + 3

    def opens(self, index: int) -> bool:
        """Whether line `index` starts an issue (its name), or is past the issues: a window onto the board
        starts only there, never at an issue's cells with its name out of view."""
        selected = 2 * self.selected
        if index >= 2 * self.issues + 1:
            return True
        if index < selected:
            return index % 2 == 0
        if index < selected + 3:
            return index == selected
        return (index - 1) % 2 == 0

    @overload
    def __getitem__(self, index: int) -> Line: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Line]: ...

    def __getitem__(self, index: int | slice) -> Line | Sequence[Line]:
        if isinstance(index, slice):
            return [self[n] for n in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        body = 2 * self.issues + 1
        if index >= body:
            return () if index == body else LEGEND
        selected = 2 * self.selected
        if index < selected:
            n, part = divmod(index, 2)
        elif index < selected + 3:
            n, part = self.selected, index - selected
        else:
            n, part = divmod(index - 1, 2)
        return (self.title, self.cells, self.labels)[part](n)

    def title(self, n: int) -> Line:
        """The issue's name, and the gap between the draft and their offer, with its trend since the first round."""
        issue = self.scenario.issues[n]
        gaps = self.history.get(issue.id, [])
        gap = self.live_gap(issue.id, self.theirs.get(issue.id))
        trend = ("" if not gaps or gap is None or len(gaps) + (gap != gaps[-1]) < 2
                 else " ↓" if gap < gaps[0] else " ↑" if gap > gaps[0] else " =")
        marker = "▶ " if n == self.selected else "  "
        bar = "" if gap is None else "█" * round(gap * 10) + "░" * (10 - round(gap * 10))
        return ((f"{marker}{issue.label}", "bold" if n == self.selected else ""),
                ("  ✓ same offer" if gap == 0 else f"  gap {bar}{trend}", "dim"))

    def cells(self, n: int) -> Line:
        """A cell per option: the draft, their offer, where their expectation may lie, and the player's own."""
        issue = self.scenario.issues[n]
        known = self.view.intel[self.main][issue.id]
        expected = self.view.expectations.get(issue.id)
        mine, theirs = self.draft.get(issue.id), self.theirs.get(issue.id)
        cells: list[tuple[str, str]] = []
        for rank, option in enumerate(issue.options):
            cell = "·"
            style = "dim"
            if option.id == mine:
                cell, style = "Y", "bold cyan"
            if option.id == theirs:
                cell, style = ("*" if cell == "Y" else "T"), "bold magenta"
            hidden_may_lie = known.lo <= rank <= known.hi
            if hidden_may_lie and cell == "·":
                cell = "?"
            if option.id == expected:
                style += " underline"
            # where an offer stands on a cell their expectation may lie in, the ? goes beside it, not away
            cells.append((f" {cell}?" if hidden_may_lie and cell != "?" else f" {cell} ", style))
        return tuple(cells)

    def labels(self, n: int) -> Line:
        issue = self.scenario.issues[n].id
        return ((f"    you: {self.label(issue, self.draft.get(issue))}", "cyan"),
                (f" · them: {self.label(issue, self.theirs.get(issue))}", "magenta"))

    def live_gap(self, issue: str, theirs: str | None) -> float | None:
        """The position gap as it would be if the draft were proposed now: the bar follows the draft, and
        their last offer (the final one, in the last-offer round) as soon as it is made."""
        mine = self.draft.get(issue)
        if mine is None or theirs is None:
            return None
        steps = max(len(self.scenario.issue(issue).options) - 1, 1)
        return abs(self.scenario.rank(issue, mine) - self.scenario.rank(issue, theirs)) / steps

    def label(self, issue: str, option: str | None) -> str:
        return "-" if option is None else option_label(self.scenario, issue, option)
