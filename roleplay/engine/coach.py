"""The coach: rules that speak up when a move looks like a clear mistake, each with its reason.

A coach knows only what the player knows: the `PlayerView` (their own
stances, walk-aways and expectations, the intelligence gathered, the offers
and the transcript, trust and tension as the table shows them) and the
public side of the scenario (its issues and their order, the rounds, the
table's rules of tension and the preparation roster). It never reads a
counterpart's stance, its type, or the negotiation-dance class the engine
gives an offer (which is measured on the hidden interests). What it cannot
know of the other side it infers from what that side has offered: the end of
each scale it asks for, and where it has been willing to move.

Levels: `off` says nothing; `hints` warns about a move before it is played;
`tutor` also explains each round and points at the situation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal, NamedTuple

from roleplay.engine.actions import Action
from roleplay.engine.dialogue import describe, option_label
from roleplay.engine.utility import IssueValues, issue_values
from roleplay.engine.view import PlayerView
from roleplay.scenario.models import LineTag, Scenario

Level = Literal["off", "hints", "tutor"]
LEVELS: tuple[Level, ...] = ("off", "hints", "tutor")


def level_of(value: str | None, default: Level = "off") -> Level:
    """A level as a save, a scenario or the command line words it; anything else is `default`."""
    return value if value in LEVELS else default


SMALL_STEP = 0.08
"""A concession worth less than this more than the other side's last is still a small step.

One step on one issue is always allowed: it is how the dance begins."""
NEAR_BATNA = 0.05
"""A package worth less than this above the BATNA is close to the walk-away."""
TENSION_MARGIN = 0.1
"""A move that leaves tension within this of the limit is risky."""
REJECTIONS = 2
"""Answers in a row that an option cannot be accepted, after which a proposal that barely moves is a clear risk."""
PRESSURE_SHARE = 0.5
"""Past this share of the tension limit pressure is risky: allies, observers and events answer it as well."""
CHEAPER = 0.67
"""An issue whose step is worth at most this share of another's is the cheaper one to give."""


class Hint(NamedTuple):
    """One thing the coach says: the rule that spoke, what it says, why, and the move it is about."""

    rule: str
    text: str
    why: str
    about: Action | None = None


class Known:
    """What the player knows, in the shapes the rules ask for."""

    def __init__(self, view: PlayerView, scenario: Scenario) -> None:
        self.view = view
        self.scenario = scenario
        self.main = view.counterparts[0]
        mine = [o for o in view.offers if o.by == view.me]
        self.my_offers = [o.package for o in mine]
        self.their_offers_seen = [o.package for o in view.offers if o.by == self.main]
        first = self.their_offers_seen[0] if self.their_offers_seen else {}
        self.values: dict[str, IssueValues] = {}
        self.toward_them: dict[str, int] = {}
        for issue in scenario.issues:
            stance = view.my_stances.get(issue.id)
            if stance is None:
                continue
            ideal = scenario.rank(issue.id, stance.ideal)
            theirs = scenario.rank(issue.id, first[issue.id]) if issue.id in first else ideal
            direction = (theirs > ideal) - (theirs < ideal)
            self.toward_them[issue.id] = direction
            self.values[issue.id] = issue_values(stance, issue.option_ids, 0, direction)
        self.total = sum(v.weight for v in self.values.values()) or 1.0

    def rank(self, issue: str, option: str) -> int:
        return self.scenario.rank(issue, option)

    def value(self, issue: str, option: str) -> float:
        """What settling one issue on an option adds to the player's utility."""
        values = self.values.get(issue)
        if values is None:
            return 0.0
        return (values.values[self.rank(issue, option)] or 0.0) * values.weight / self.total

    def utility(self, package: Mapping[str, str]) -> float:
        return sum(self.value(issue, option) for issue, option in package.items())

    def step_value(self, issue: str) -> float:
        """What one step along an issue's scale is worth to the player, on average."""
        values = self.values[issue]
        span = abs(values.reservation - values.ideal) or 1
        return values.weight / self.total / span

    def positions(self) -> dict[str, str]:
        return dict(self.view.my_positions)

    def their_offer(self) -> dict[str, str]:
        return dict(self.view.their_offers.get(self.main, {}))

    def worse_for_them(self, a: Mapping[str, str], b: Mapping[str, str]) -> bool:
        """`a` gives the other side no more than `b` on every issue, as far as their side of each scale shows."""
        if set(a) != set(b):
            return False
        for issue in a:
            direction = self.toward_them.get(issue, 0)
            if direction == 0:
                continue
            if (self.rank(issue, a[issue]) - self.rank(issue, b[issue])) * direction > 0:
                return False
        return True

    def their_moves(self, issue: str) -> int:
        """How many steps the other side has moved toward the player on an issue since its first offer."""
        seen = [o[issue] for o in self.their_offers_seen if issue in o]
        if len(seen) < 2:
            return 0
        direction = self.toward_them.get(issue, 0)
        return (self.rank(issue, seen[0]) - self.rank(issue, seen[-1])) * direction

    def walkaway(self, issue: str) -> str:
        return self.view.walkaways.get(issue, self.view.my_stances[issue].reservation)

    def label(self, issue: str, option: str) -> str:
        return option_label(self.scenario, issue, option)

    def issue_label(self, issue: str) -> str:
        return self.scenario.issue(issue).label

    def name(self, delegation: str) -> str:
        return self.scenario.delegation(delegation).name

    def rounds_left(self) -> int:
        return max(0, self.view.rounds - self.view.round)


def package_of(known: Known, action: Action) -> dict[str, str] | None:
    """The package a move would put on the table or settle, or None for a move without one."""
    if action.kind == "propose":
        return dict(action.package)
    if action.kind == "accept":
        return known.their_offer()
    return None


# --- the rules about a move ------------------------------------------------------


def near_walkaway(known: Known, action: Action) -> Hint | None:
    package = package_of(known, action)
    if not package:
        return None
    worth = known.utility(package)
    at_walkaway = [i for i, o in package.items() if i in known.values and o == known.walkaway(i)]
    batna = known.view.my_batna
    if worth >= batna + NEAR_BATNA and not at_walkaway:
        return None
    verb = "Accepting" if action.kind == "accept" else "Proposing"
    where = f" and sits at your walk-away on {', '.join(known.issue_label(i) for i in at_walkaway)}" if at_walkaway else ""
    text = f"{verb} this gives you {worth:.2f}, against {batna:.2f} for no deal{where}."
    why = ("The outcome part of your score is what the deal is worth to you against no deal: at your BATNA it "
           "is only half. A package near your walk-away gains almost nothing over leaving; ask for a step back on "
           "the issue that matters most to you before you settle.")
    return Hint("near_walkaway", text, why, action)


def below_expectation(known: Known, action: Action) -> Hint | None:
    package = package_of(known, action)
    if not package:
        return None
    expected = {i: o for i, o in known.view.expectations.items() if i in package and i in known.values}
    below = [i for i in expected
             if (known.rank(i, package[i]) - known.rank(i, expected[i])) * known.toward_them.get(i, 0) > 0]
    if not below or known.utility(package) >= known.utility(expected) - 1e-9:
        return None
    issue = max(below, key=known.step_value)
    verb = "accept" if action.kind == "accept" else "offer"
    text = (f"You would {verb} {known.label(issue, package[issue])} on {known.issue_label(issue)}, short of what you "
            f"expected ({known.label(issue, expected[issue])}), and the package is worth less to you than your "
            "expectations.")
    why = ("You wrote your expectations in preparation, from what your intelligence told you. Going below them on "
           "the whole package gives away what you thought you could get: concede below an expectation only in "
           "return for something above one elsewhere.")
    return Hint("below_expectation", text, why, action)


def refused_better(known: Known, action: Action) -> Hint | None:
    """Offering a package they have already refused, or one that gives them less than one they refused."""
    if action.kind != "propose":
        return None
    package = dict(action.package)
    earlier = next((old for old in reversed(known.my_offers) if known.worse_for_them(package, old)), None)
    if earlier is None:
        return None
    if earlier == package:
        text = "They have already turned this very package down: the same offer again puts nothing new on the table."
        why = ("An offer repeated is an idle move: it raises tension and sets their concessions back, and a "
               "hard-line side may lose patience with a demand it has called unacceptable. Move one step, on an "
               "issue that costs you little, to get their concessions going.")
        return Hint("refused_better", text, why, action)
    text = ("You would take back ground you gave: they already turned down an offer that gave them more, "
            f"{describe(known.scenario, earlier)}.")
    why = ("A side that refused a package will hardly take one that gives it less, and taking a concession back "
           "takes back the credit it earned you: they stop conceding in return. Hold your position or move on.")
    return Hint("refused_better", text, why, action)


def big_concession(known: Known, action: Action) -> Hint | None:
    if action.kind != "propose" or not known.my_offers:
        return None
    now = known.positions()
    package = {**now, **action.package}
    mine = known.utility(now) - known.utility(package)
    seen = known.their_offers_seen
    theirs = known.utility(seen[-1]) - known.utility(seen[-2]) if len(seen) >= 2 else 0.0
    steps = sum(abs(known.rank(i, package[i]) - known.rank(i, now[i])) for i in package if i in now)
    if steps <= 1 or mine <= 1.5 * max(theirs, 0.0) + SMALL_STEP:
        return None
    text = (f"This gives up {mine:.2f} of your utility in one move; their last move gave you {max(theirs, 0.0):.2f}.")
    why = ("Negotiators concede in answer to each other (the negotiation dance): they meet your concessions with "
           "theirs. A concession much larger than theirs teaches them that waiting pays, and it spends what you could "
           "have traded. Move in small steps, about as large as theirs.")
    return Hint("big_concession", text, why, action)


def missed_trade(known: Known, action: Action) -> Hint | None:
    """Giving on an issue dear to you while one cheap to you, untouched since your opening, is still open."""
    if action.kind != "propose":
        return None
    now = known.positions()
    package = {**now, **action.package}
    theirs = known.their_offer()
    open_gaps = [i for i in known.values if i in theirs and i in package and package[i] != theirs[i]
                 and known.toward_them.get(i, 0) != 0]

    def conceded(issue: str) -> int:
        return ((known.rank(issue, package[issue]) - known.rank(issue, now[issue])) * known.toward_them[issue]
                if issue in now else 0)

    given = [i for i in known.values if i in package and known.toward_them.get(i, 0) != 0 and conceded(i) > 0]
    for dear in sorted(given, key=known.step_value, reverse=True):
        first = known.my_offers[0] if known.my_offers else {}
        cheap = [i for i in open_gaps if i != dear and conceded(i) <= 0 and now.get(i) == first.get(i)
                 and known.step_value(i) <= CHEAPER * known.step_value(dear)
                 and known.their_moves(i) <= known.their_moves(dear)]
        if cheap:
            other = min(cheap, key=known.step_value)
            text = (f"You give ground on {known.issue_label(dear)} (a step is worth {known.step_value(dear):.2f} to "
                    f"you) while {known.issue_label(other)} is still open (a step is worth "
                    f"{known.step_value(other):.2f}). Give on {known.issue_label(other)} and hold "
                    f"{known.issue_label(dear)} instead.")
            shown = (f"They have moved on {known.issue_label(dear)} at least as readily as on "
                     f"{known.issue_label(other)}, so as far as you can tell {known.issue_label(other)} is worth at "
                     "least as much to them" if known.their_moves(dear) > 0 else
                     f"Nothing they have done shows that {known.issue_label(other)} matters less to them than "
                     f"{known.issue_label(dear)}")
            why = ("A trade across issues can leave both sides better off: you give where it costs you little and "
                   f"keep what matters most. {shown}. Efficiency in the score counts the joint value a deal leaves "
                   "on the table.")
            return Hint("missed_trade", text, why, action)
    return None


def rejected_outright(known: Known, action: Action) -> Hint | None:
    """A proposal that moves on few issues after the other side has twice said it cannot accept an option.

    Such an answer (`LineTag.reject`) still comes with a counter-offer: what marks it is that some
    option asked for lies beyond anything the other side can agree to, not that it did not counter.
    """
    if action.kind != "propose":
        return None
    answers = [s.tag for s in known.view.transcript if s.speaker == known.main and s.round > 0
               and s.tag in (LineTag.reject, LineTag.counter, LineTag.accept)]
    if answers[-REJECTIONS:] != [LineTag.reject] * REJECTIONS:
        return None
    now, theirs = known.positions(), known.their_offer()
    package = {**now, **action.package}
    apart = [i for i in theirs if i in now and now[i] != theirs[i] and known.toward_them.get(i, 0)]
    moved = [i for i in apart if i in package
             and (known.rank(i, package[i]) - known.rank(i, now[i])) * known.toward_them[i] > 0]
    if not apart or 2 * len(moved) >= len(apart):
        return None
    issues = "issue" if len(apart) == 1 else "issues"
    text = (f"To each of your last {REJECTIONS} offers {known.name(known.main)} answered that it cannot accept "
            f"something in it, and countered; this one moves toward them on {len(moved)} of the {len(apart)} "
            f"{issues} where you are apart.")
    why = ("When a side says it cannot accept an option, that option lies beyond anything it can agree to on that "
           "issue; its counter-offer shows where it stands. A side that hears such demands again and again may "
           "leave the table. Come toward them on more of the issues, in small steps where they cost you most.")
    return Hint("rejected_outright", text, why, action)


IDLE = {"probe": "idle", "consult": "idle", "pressure": "pressure"}


def tension_limit(known: Known, action: Action) -> Hint | None:
    policy = known.scenario.policy
    kind = IDLE.get(action.kind)
    if action.kind == "propose" and known.my_offers and dict(action.package) == known.positions():
        kind = "idle"
    if kind is None:
        return None
    added = policy.pressure_tension + policy.idle_tension if kind == "pressure" else policy.idle_tension
    worst = max(known.view.counterparts, key=lambda d: known.view.meters[d].tension)
    tension = known.view.meters[worst].tension
    pressing = kind == "pressure" and tension >= PRESSURE_SHARE * policy.tension_limit
    if tension + added < policy.tension_limit - TENSION_MARGIN and not pressing:
        return None
    more = " or more: others at the table answer pressure too" if kind == "pressure" else ""
    text = (f"Tension with {known.name(worst)} is {tension:.2f}; this move adds about {added:.2f}{more}, and at "
            f"{policy.tension_limit:.2f} they leave the table.")
    why = ("Pressure and moves that put nothing new on the table (a probe, a consultation, the same offer again) "
           "raise tension. Past the limit the talks break down, and a breakdown scores no deal, no gap closure and "
           "no efficiency. Make a move that offers something: a small concession or a gesture.")
    return Hint("tension_limit", text, why, action)


def running_out(known: Known, action: Action) -> Hint | None:
    if action.kind not in IDLE or known.view.phase != "bargaining":
        return None
    left = known.rounds_left()
    if left > max(1, known.view.rounds // 4):
        return None
    theirs = known.their_offer()
    mine = known.positions()
    if theirs and all(mine.get(i) == o for i, o in theirs.items()):
        return None
    text = (f"{'One round' if left <= 1 else f'{left} rounds'} left, and no package both sides hold: this move "
            "puts none on the table.")
    why = ("When the rounds run out only what both final offers share is settled, and only if it beats no deal for "
           "both. Use the rounds left to propose a package they can accept, or to accept theirs if it is good enough.")
    return Hint("running_out", text, why, action)


def unprepared(known: Known, action: Action) -> Hint | None:
    if action.kind != "finish_preparation":
        return None
    view, scenario = known.view, known.scenario
    seats_left = len(view.team) < scenario.team.seats
    costs = [m.cost for m in scenario.team.roster
             if seats_left and (not m.serves or view.me in m.serves) and m.id not in view.team]
    costs += [d.consult.cost for d in scenario.delegations
              if d.consult is not None and d.id in view.bystanders and d.id not in view.consulted
              and (not d.consult.open_to or view.me in d.consult.open_to)]
    if not any(c <= view.budget_left + 1e-9 for c in costs):
        return None
    narrowed = any(r.width < len(scenario.issue(i).options) for ranges in view.intel.values() for i, r in ranges.items())
    if narrowed:
        return None
    label = scenario.preparation.label
    text = (f"You still have {view.budget_left:g} {label} of preparation and know nothing yet of what the other "
            "side expects.")
    why = ("Your team and the delegations you consult tell you where the other side's hidden expectations lie. "
           "Realism in the score compares your expectations with what was achievable, and the talks go better when "
           "you know which kind of counterpart you face. Preparation left unspent is lost when the talks open.")
    return Hint("unprepared", text, why, action)


RULES: dict[str, Callable[[Known, Action], Hint | None]] = {
    "unprepared": unprepared,
    "near_walkaway": near_walkaway,
    "below_expectation": below_expectation,
    "refused_better": refused_better,
    "big_concession": big_concession,
    "rejected_outright": rejected_outright,
    "missed_trade": missed_trade,
    "tension_limit": tension_limit,
    "running_out": running_out,
}
"""Every rule about a move, in the order its hints are shown; the registry the tests and the help read."""

SHADOWS = {"near_walkaway": ("below_expectation",)}
"""A rule that fires makes these say nothing: they would say the same thing more weakly."""


def advise(view: PlayerView, scenario: Scenario, action: Action, level: Level = "hints") -> list[Hint]:
    """What the coach says about a move the player is about to make (nothing at level `off`)."""
    if level == "off":
        return []
    known = Known(view, scenario)
    hints: list[Hint] = []
    quiet: set[str] = set()
    for rule, check in RULES.items():
        if rule in quiet:
            continue
        hint = check(known, action)
        if hint is not None:
            hints.append(hint)
            quiet.update(SHADOWS.get(rule, ()))
    return hints


# --- the tutor: the round explained ---------------------------------------------------


def _steps_toward(known: Known, before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, int]:
    """Per issue, how many steps the other side's offer came toward the player between two of its offers."""
    steps: dict[str, int] = {}
    for issue in after:
        direction = known.toward_them.get(issue, 0)
        if issue in before and direction:
            moved = (known.rank(issue, before[issue]) - known.rank(issue, after[issue])) * direction
            if moved > 0:
                steps[issue] = moved
    return steps


def explain(view: PlayerView, scenario: Scenario, level: Level = "tutor") -> list[Hint]:
    """At level `tutor`, after each round: what the other side's answer was worth to you, and what to watch."""
    if level != "tutor" or view.phase not in ("bargaining", "closing") or not view.counterparts:
        return []
    known = Known(view, scenario)
    hints: list[Hint] = []
    seen = known.their_offers_seen
    if seen:
        now = known.utility(seen[-1])
        moved = now - known.utility(seen[-2]) if len(seen) >= 2 else 0.0
        gave = [known.issue_label(i) for i in known.values if known.their_moves(i) > 0]
        steps = _steps_toward(known, seen[-2], seen[-1]) if len(seen) >= 2 else {}
        came = ", ".join(f"{n} step{'s' if n != 1 else ''} on {known.issue_label(i)}" for i, n in steps.items())
        text = (f"Their offer is worth {now:.2f} to you (no deal: {view.my_batna:.2f}); their last move "
                f"{'gave you' if moved > 1e-9 else 'took from you' if moved < -1e-9 else 'changed nothing for you'}"
                f"{f' {abs(moved):.2f}' if abs(moved) > 1e-9 else ''}"
                f"{f' (it came {came} toward you)' if came else ''}." if len(seen) >= 2 else
                f"Their opening offer is worth {now:.2f} to you (no deal: {view.my_batna:.2f}).")
        why = ("Their moves tell you what matters to them: where they give ground readily" +
               (f" (so far: {', '.join(gave)})" if gave else "") +
               " an issue costs them little; where they hold, it matters. Trade what is cheap for you and dear "
               "to them.")
        hints.append(Hint("round", text, why))
    meters = view.meters[known.main]
    limit = scenario.policy.tension_limit
    if meters.tension >= limit - 2 * TENSION_MARGIN:
        hints.append(Hint("tension_high", f"Tension is {meters.tension:.2f} of {limit:.2f}.",
                          "Past the limit they leave the table. A gesture or a real concession lowers the heat; "
                          "pressure and idle moves raise it."))
    if view.phase == "bargaining" and known.rounds_left() <= 1:
        hints.append(Hint("last_round", "This is the last round before the final offers.",
                          "After it each side states a final offer; only what both share is settled. If their offer "
                          "beats no deal for you, this may be the time to close the gap."))
    return hints
