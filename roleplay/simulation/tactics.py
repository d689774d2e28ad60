"""What a competent bargainer does when talks are stuck, shared by the built-in realistic player and the audit's pilot.

Both look only at what a player sees (the `PlayerView`) and their own utility.
"""

from __future__ import annotations

from collections.abc import Mapping

from roleplay.engine.concession import counter_offer
from roleplay.engine.utility import Package, Utility, option_ranks
from roleplay.engine.view import PlayerView

MARGIN = 0.02
"""How much better than no deal a package must be before it is worth proposing."""


class Tactics:
    """Trades across issues, and giving way where the other side refused twice; one per game."""

    def __init__(self, utility: Utility) -> None:
        self.utility = utility
        self.cheapest_first = sorted(utility.issues, key=lambda i: (utility.issues[i].weight, i))
        """The issues in the order `trades` gives them up: what they matter to this side, then by id."""
        self.refusals: dict[str, int] = {}
        self.refused = _refused(utility)
        """Per issue this side has a stance on: the options it finds unacceptable."""
        self.ends = _walkaways(utility)
        """What `trades` gives an issue up to (`_walkaways`), and the scenario's ranks: looked up once a game."""
        self.ranks = option_ranks(utility.scenario)

    def adjust(self, view: PlayerView, offer: Package, theirs: Mapping[str, str], target: float) -> Package:
        """The offer with what these tactics give, made up for on the other issues where it can be.

        The issues given way on or traded are fixed where the tactics put
        them; the rest of the package is asked again so that it is still worth
        `target` (and never less than no deal). If nothing can make up for
        them, the trades go first, then the giving way.
        """
        yielded, traded = self.yielded(view, theirs), self.trades(view, theirs)
        floor = max(target, view.my_batna + MARGIN)
        for fixed in ({**yielded, **traded}, yielded):
            if not fixed:
                continue
            candidate = counter_offer(self.utility, {**offer, **fixed}, view.my_positions or offer, floor, cap=fixed)
            if self.utility.of(candidate) >= view.my_batna + MARGIN:
                return candidate
        return offer

    def yielded(self, view: PlayerView, theirs: Mapping[str, str]) -> Package:
        """Issues on which the other side refused its ask twice running: it takes their offer there, if it may."""
        mine = view.my_positions
        for issue, option in theirs.items():
            refused = issue in mine and mine[issue] != option
            self.refusals[issue] = self.refusals.get(issue, 0) + 1 if refused else 0
        unacceptable = self.refused
        return {issue: theirs[issue] for issue, count in self.refusals.items()
                if count >= 2 and issue in unacceptable and theirs[issue] not in unacceptable[issue]}

    def trades(self, view: PlayerView, theirs: Mapping[str, str]) -> Package:
        """Issues it gives up to its walk-away to open an issue stuck outside its range: one more each round.

        An issue is stuck when the other side's offer on it lies beyond what
        this side accepts. The issues given are the ones that cost it least,
        moved as far toward the other side's opening as its instructions
        allow, so that the other side's rules for a trade get a chance to fire.
        """
        refused = self.refused
        stuck = [i for i, o in theirs.items() if i in refused and o in refused[i]]
        if not stuck or view.round < 2:
            return {}
        candidates = [i for i in self.cheapest_first if i not in stuck and i in theirs]
        opening = next((o.package for o in view.offers if o.by == view.counterparts[0]), theirs)
        ranks, ends = self.ranks, self.ends
        given: Package = {}
        for issue in candidates[: max(0, view.round - 1)]:
            ideal, at_ideal, low, high = ends[issue]
            toward = ranks[issue][opening.get(issue, theirs[issue])]
            given[issue] = high if toward > ideal else low if toward < ideal else at_ideal
        return given


def _refused(utility: Utility) -> dict[str, frozenset[str]]:
    """Per issue: the options this side finds unacceptable; kept per utility, as both tactics ask every round."""
    return utility.scenario.memo(("refused", utility), lambda: {
        issue: frozenset(option for option in utility.scenario.issue(issue).option_ids
                         if utility.option(issue, option) is None)
        for issue in utility.issues})


def _walkaways(utility: Utility) -> dict[str, tuple[int, str, str, str]]:
    """Per issue: the rank of the ideal, and the options at the ideal and at either end of what this side accepts.

    What `trades` gives an issue up to; kept per utility, as the realistic player trades every round.
    """
    def build() -> dict[str, tuple[int, str, str, str]]:
        table = {}
        for issue, values in utility.issues.items():
            ids = utility.scenario.issue(issue).option_ids
            lo, hi = values.acceptable_range()
            table[issue] = (values.ideal, ids[values.ideal], ids[lo], ids[hi])
        return table

    return utility.scenario.memo(("walk-aways", utility), build)
