"""The Pareto frontier keeps no package another beats, even where utilities differ only by rounding."""

from __future__ import annotations

import itertools

from roleplay.engine.frontier import frontier
from roleplay.engine.gaps import overlap
from roleplay.engine.utility import Utility
from roleplay.scenario.models import Scenario
from tests.conftest import minimal, scenario_of


def options(prefix: str, count: int) -> list[dict[str, str]]:
    return [{"id": f"{prefix}{n}", "label": f"{prefix}{n}"} for n in range(count)]


def stance(ideal: str, reservation: str, weight: float) -> dict[str, object]:
    return {"ideal": ideal, "reservation": reservation, "expectation": ideal, "weight": weight}


def rounding_case() -> Scenario:
    """For the buyer 3/7 + 3/7 + 0 and 3/7 + 2/7 + 1/7 are the same, but not in floating point."""
    data = minimal(issues=[
        {"id": "a", "label": "A", "options": options("a", 2)},
        {"id": "b", "label": "B", "options": options("b", 4)},
        {"id": "c", "label": "C", "options": options("c", 3)},
    ])
    data["delegations"] = [
        {"id": "buyer", "name": "Buyer", "playable": True, "briefing": "Buy.", "batna": {"utility": 0.1},
         "stances": {"a": stance("a0", "a1", 3), "b": stance("b3", "b0", 3), "c": stance("c1", "c2", 1)}},
        {"id": "seller", "name": "Seller", "playable": True, "briefing": "Sell.", "batna": {"utility": 0.1},
         "stances": {"a": stance("a1", "a0", 1), "b": stance("b2", "b3", 3), "c": stance("c2", "c1", 1)}},
    ]
    return scenario_of(data)


def test_a_package_tied_for_me_up_to_rounding_and_worse_for_them_is_off_the_frontier() -> None:
    scenario = rounding_case()
    me, them = Utility(scenario, "buyer", away_from="seller"), Utility(scenario, "seller", away_from="buyer")
    ranges = {issue: overlap(values.acceptable_range(), them.issues[issue].acceptable_range())
              for issue, values in me.issues.items()}
    points = frontier(me, them, ranges)

    # Every package both accept, each issue settled on an option in the overlap or left open.
    choices = [[None, *(o.id for o in issue.options[span[0]:span[1] + 1])] if (span := ranges[issue.id]) else [None]
               for issue in scenario.issues]
    packages = [{issue.id: option for issue, option in zip(scenario.issues, chosen, strict=True) if option}
                for chosen in itertools.product(*choices)]
    tied = [(p, q) for p in packages for q in packages
            if abs(me.of(p) - me.of(q)) < 1e-12 and me.of(p) != me.of(q) and them.of(q) > them.of(p) + 1e-9]
    assert tied, "the case has two packages whose utilities for me differ only by rounding"

    for point in points:
        beaten = [q for q in packages
                  if me.of(q) >= point.mine - 1e-12 and them.of(q) >= point.theirs - 1e-12
                  and (me.of(q) > point.mine + 1e-9 or them.of(q) > point.theirs + 1e-9)]
        assert beaten == [], (point, beaten)
