"""Warnings and notes: a scenario that plays, but where something is probably off.

Each finding has a stable code (see `CODES`). A scenario silences a warning on
purpose by listing its code under `lint_ignore`; errors cannot be silenced.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import get_close_matches
from itertools import combinations, pairwise
from typing import Any

from roleplay.scenario.checks import Finding, _all_conditions, _all_effects
from roleplay.scenario.conditions import (
    AllOf,
    AnyOf,
    FlagSet,
    MoveIs,
    MoveKind,
    NotOf,
    PhaseIs,
    RoundAtLeast,
    RoundAtMost,
    TensionIs,
    TrustIs,
    walk,
)
from roleplay.scenario.models import Delegation, LineTag, Role, Rule, Scenario
from roleplay.scenario.problems import Severity
from roleplay.scenario.yaml_source import Key

CODES: dict[str, tuple[Severity, str]] = {
    "rule-never-fires": (Severity.warning,
                         "a rule that an earlier rule always answers first, or whose condition contradicts itself"),
    "rule-hidden-by-type": (Severity.info, "a delegation's rule that a rule of one of its counterpart types always "
                            "answers first: it never fires against that type"),
    "flag-never-read": (Severity.warning, "a flag that is set but that no condition tests"),
    "unused-line-tag": (Severity.warning, "lines under a tag this delegation never speaks"),
    "unreachable-ending": (Severity.warning,
                           "an ending that an earlier ending always takes first, or whose condition cannot hold"),
    "no-briefing": (Severity.warning, "a playable delegation without private instructions"),
    "ending-never-reached": (Severity.warning, "an ending no built-in strategy reached in simulation (--deep)"),
    "unfilled-placeholder": (Severity.warning, "a line names a placeholder that has no value when it is spoken "
                             "(the game says another line), or a text told as written (events, endings, lessons, "
                             "advice) names one"),
    "rule-never-fired": (Severity.warning, "a rule no built-in strategy made fire in simulation (--deep)"),
    "options-out-of-order": (Severity.warning,
                             "options not along one scale: numbers in their labels, or a side's values, go up and down"),
    "effect-reaches-nobody": (Severity.warning, "meters changed only for a delegation beside the table, which never bargains"),
    "label-too-long": (Severity.info, "a label longer than an 80-column screen has room for"),
    "unknown-lint-code": (Severity.warning, "a `lint_ignore` entry that is no warning's code: it silences nothing"),
    "yes-no-value": (Severity.warning, "yes, no, on or off written for true or false (told by the loader)"),
    "no-zopa": (Severity.info,
                "an issue on which the two sides' acceptable ranges do not overlap: it can only be settled by a trade"),
}


def finding(path: tuple[Any, ...], code: str, message: str, hint: str = "") -> Finding:
    return (path, code, message, hint, CODES[code][0])


def always(condition: Any) -> bool:
    """True when the condition holds in every game at every moment (as far as a reading can tell)."""
    if isinstance(condition, RoundAtLeast):
        return condition.round_at_least == 0
    if isinstance(condition, AllOf):
        return all(always(c) for c in condition.all)
    if isinstance(condition, AnyOf):
        return any(always(c) for c in condition.any)
    if isinstance(condition, NotOf):
        return never(condition.not_)
    return False


def never(condition: Any) -> bool:
    """True when the condition cannot hold: a meter bound that excludes itself, or an `all` that contradicts itself."""
    if isinstance(condition, (TrustIs, TensionIs)):
        meter = condition.trust if isinstance(condition, TrustIs) else condition.tension
        return meter.at_least is not None and meter.below is not None and meter.at_least >= meter.below
    if isinstance(condition, AnyOf):
        return all(never(c) for c in condition.any)
    if isinstance(condition, NotOf):
        return always(condition.not_)
    if isinstance(condition, AllOf):
        return any(never(c) for c in condition.all) or _contradicts(condition.all)
    return False


def implies(a: Any, b: Any) -> bool:
    """True when `a` holding means `b` holds too (as far as a reading can tell; False when unsure)."""
    if always(b) or a == b:
        return True
    if isinstance(b, AllOf):
        return all(implies(a, c) for c in b.all)
    if isinstance(a, AnyOf):
        return all(implies(c, b) for c in a.any)
    if isinstance(a, AllOf) and any(implies(c, b) for c in a.all):
        return True
    if isinstance(b, AnyOf):
        return any(implies(a, c) for c in b.any)
    if isinstance(a, MoveIs) and isinstance(b, MoveIs):
        return set(_moves(a)) <= set(_moves(b))
    if isinstance(a, RoundAtLeast) and isinstance(b, RoundAtLeast):
        return a.round_at_least >= b.round_at_least
    if isinstance(a, RoundAtMost) and isinstance(b, RoundAtMost):
        return a.round_at_most <= b.round_at_most
    if type(a) is type(b) and isinstance(a, (TrustIs, TensionIs)):
        inner, outer = (a.trust, b.trust) if isinstance(a, TrustIs) else (a.tension, b.tension)
        return inner.of == outer.of and _within(inner, outer)
    return False


def _moves(test: MoveIs) -> list[str]:
    return list(test.move) if isinstance(test.move, list) else [test.move]


def _within(inner: Any, outer: Any) -> bool:
    low = outer.at_least is None or (inner.at_least is not None and inner.at_least >= outer.at_least)
    high = outer.below is None or (inner.below is not None and inner.below <= outer.below)
    return low and high


def _contradicts(tests: list[Any]) -> bool:
    lowest = max((t.round_at_least for t in tests if isinstance(t, RoundAtLeast)), default=0)
    highest = min((t.round_at_most for t in tests if isinstance(t, RoundAtMost)), default=10**6)
    moves = [set(t.move if isinstance(t.move, list) else [t.move]) for t in tests if isinstance(t, MoveIs)]
    phases = {t.phase for t in tests if isinstance(t, PhaseIs)}
    negated = [t.not_ for t in tests if isinstance(t, NotOf)]
    return (
        lowest > highest
        or (bool(moves) and not set.intersection(*moves))
        or len(phases) > 1
        or any(n in tests for n in negated)
    )


Placed = tuple[tuple[Any, ...], Rule]
"""A rule and its path in the file."""


def _hidden(chain: list[Placed]) -> Iterator[tuple[int, str, str]]:
    """The rules of a chain (checked in order, first match wins) that never fire: index, reason and hint."""
    blocker: Rule | None = None
    earlier: list[Rule] = []
    for k, (_, rule) in enumerate(chain):
        covering = next((e for e in earlier if implies(rule.when, e.when)), None)
        if blocker is not None:
            yield k, f"'{blocker.id}' always answers first", "move it above that rule, or narrow the earlier rule's condition"
        elif never(rule.when):
            yield k, "its condition contradicts itself", "check the bounds and the moves it asks for"
        elif covering is not None:
            yield (k, f"whenever it holds, the earlier rule '{covering.id}' holds too and answers first",
                   f"move it above '{covering.id}' (first match wins), or narrow '{covering.id}'")
        if blocker is None and always(rule.when) and not rule.once:
            blocker = rule
        if not rule.once:
            earlier.append(rule)


@dataclass(frozen=True)
class Hidden:
    """A rule that an earlier one always answers first: never at all, or never against some counterpart types."""

    path: tuple[Any, ...]
    rule: Rule
    kinds: tuple[str, ...]
    """The types against which it never fires; empty: it never fires whatever type is drawn."""
    reason: str
    hint: str


def hidden_rules(s: Scenario) -> Iterator[Hidden]:
    """Every rule that an earlier rule (not `once`) always answers first, or whose condition contradicts itself.

    A counterpart type's rules are checked before its delegation's own, so each type makes its own chain: a
    type's rule can hide a later one of the same type, and a delegation's rule hidden in every type's chain
    never fires at all (one type is always drawn); hidden in some only, it never fires against those types.
    """
    for n, delegation in enumerate(s.delegations):
        own: list[Placed] = [(("delegations", n, "rules", r, "when"), rule) for r, rule in enumerate(delegation.rules)]
        chains: list[tuple[str | None, list[Placed]]] = [
            (kind.id, [(("delegations", n, "types", t, "rules", r, "when"), rule)
                       for r, rule in enumerate(kind.rules)] + own)
            for t, kind in enumerate(delegation.types)] or [(None, own)]
        reasons: dict[int, dict[str | None, tuple[str, str]]] = {}
        for kind_id, chain in chains:
            for k, reason, hint in _hidden(chain):
                path, rule = chain[k]
                if path[2] == "types":
                    yield Hidden(path, rule, (), reason, hint)
                else:
                    reasons.setdefault(path[3], {})[kind_id] = (reason, hint)
        for r, by_kind in sorted(reasons.items()):
            path, rule = own[r]
            if len(by_kind) < len(chains):
                yield Hidden(path, rule, tuple(str(kind) for kind in by_kind),
                             "; ".join(why for why, _ in by_kind.values()),
                             "a type's rules are checked before the delegation's own: narrow the type's rule if "
                             "this one should answer for that type too")
                continue
            reason, hint = next(iter(by_kind.values()))
            if len({why for why, _ in by_kind.values()}) > 1:
                reason = "whichever type is drawn, a rule of that type answers first (" + "; ".join(
                    f"{kind}: {why}" for kind, (why, _) in by_kind.items()) + ")"
                hint = "a type's rules are checked before the delegation's own: narrow them"
            yield Hidden(path, rule, (), reason, hint)


def shadowed_rules(s: Scenario) -> Iterator[Finding]:
    for hidden in hidden_rules(s):
        if hidden.kinds:
            owner = s.delegations[hidden.path[1]].id
            kinds = ", ".join(f"'{kind}'" for kind in hidden.kinds)
            yield finding(hidden.path, "rule-hidden-by-type",
                          f"rule '{hidden.rule.id}' never fires against {owner} of type {kinds}: {hidden.reason}",
                          hidden.hint)
        else:
            yield finding(hidden.path, "rule-never-fires", f"rule '{hidden.rule.id}' never fires: {hidden.reason}",
                          hidden.hint)


def rules_after_the_last_round(s: Scenario) -> Iterator[Finding]:
    """Rules whose condition holds only in rounds the talks never reach: the last is the last-offer round,
    one after the scenario's `rounds`."""
    last = s.rounds + 1
    for n, delegation in enumerate(s.delegations):
        for path, rule in _placed_rules(n, delegation):
            first = rule.when.needs().first_round
            if first > last:
                yield finding((*path, "when"), "rule-never-fires",
                              f"rule '{rule.id}' never fires: it needs round {first:g} or later, and the talks end "
                              f"with round {last} (the last-offer round after {s.rounds} rounds)",
                              f"lower the round, or raise rounds to {int(first) - 1}")


def _placed_rules(n: int, delegation: Delegation) -> list[tuple[tuple[str | int, ...], Rule]]:
    """The `n`th delegation's rules with where each is written: its types' first, as they are checked."""
    placed: list[tuple[tuple[str | int, ...], Rule]] = [
        (("delegations", n, "types", t, "rules", r), rule) for t, kind in enumerate(delegation.types)
        for r, rule in enumerate(kind.rules)]
    return placed + [(("delegations", n, "rules", r), rule) for r, rule in enumerate(delegation.rules)]


def lint_codes_ignored(s: Scenario) -> Iterator[Finding]:
    """`lint_ignore` entries that silence nothing: a misspelt warning code, or an error's (errors cannot be)."""
    for k, code in enumerate(s.lint_ignore):
        if code in CODES:
            continue
        close = get_close_matches(code, list(CODES), n=1)
        yield finding(("lint_ignore", k), "unknown-lint-code",
                      f"'{code}' is no warning's code, so listing it silences nothing",
                      f"did you mean '{close[0]}'?" if close else
                      "only warning and info codes can be listed (roleplay validate names each one it reports)")


def flags_never_read(s: Scenario) -> Iterator[Finding]:
    read = {t.flag for _, condition in _all_conditions(s) for t in walk(condition) if isinstance(t, FlagSet)}
    for path, effects, _owner in _all_effects(s):
        for k, flag in enumerate(effects.set_flags):
            if flag not in read:
                yield finding((*path, "set_flags", k), "flag-never-read", f"the flag '{flag}' is set but never tested",
                              "test it in a condition, or remove it")


SPOKEN_BY_BYSTANDERS = {LineTag.consult}


def unused_line_tags(s: Scenario) -> Iterator[Finding]:
    for n, delegation in enumerate(s.delegations):
        beside = delegation.role is not Role.principal
        for tag in delegation.lines:
            unused = (tag not in SPOKEN_BY_BYSTANDERS) if beside else (tag in SPOKEN_BY_BYSTANDERS)
            if unused:
                who = "a delegation beside the table" if beside else "a delegation at the table"
                yield finding(("delegations", n, "lines", Key(tag.value)), "unused-line-tag",
                              f"{who} never speaks lines tagged '{tag.value}'",
                              "beside the table only 'consult' lines are spoken; at the table every tag but 'consult'")


ALWAYS_NAMED = {"name", "player", "counterpart"}
NAMED_BY_TAG: dict[LineTag, set[str]] = {
    LineTag.opening: {"package"}, LineTag.accept: {"package"}, LineTag.closing: {"package"},
    LineTag.counter: {"package", "issue", "option"}, LineTag.reject: {"package", "issue", "option"},
    LineTag.probe: {"issue"}, LineTag.deflect: {"issue"}, LineTag.warn: {"issue"},
    LineTag.thanks: set(), LineTag.walk_out: set(), LineTag.consult: {"issue"},
}
"""What a line can name beyond the speaker and the two sides, by what the speaker is doing."""
NAMED_AFTER_MOVE: dict[MoveKind, set[str]] = {
    "propose": {"package", "issue", "option"}, "accept": {"package", "issue", "option"},
    "probe": {"issue"}, "pressure": {"issue"}, "gesture": set(), "consult": set(), "walk_out": set(),
}
"""What a rule's line can name, by the move its condition answers (a rule for any move: only the speaker and sides)."""


def _named_in(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return set()  # unbalanced braces are the loader's error, not a warning


def _rule_moves(condition: Any) -> set[MoveKind] | None:
    """The moves a rule can answer, when its condition (or an `all` in it) names them; None: any move."""
    if isinstance(condition, MoveIs):
        return set(condition.move if isinstance(condition.move, list) else [condition.move])
    if isinstance(condition, AllOf):
        named = [moves for test in condition.all if (moves := _rule_moves(test)) is not None]
        return set.intersection(*named) if named else None
    return None


def unfilled_placeholders(s: Scenario) -> Iterator[Finding]:
    for n, delegation in enumerate(s.delegations):
        beside = delegation.role is not Role.principal
        for tag, group in delegation.lines.items():
            by_mood = group.items() if isinstance(group, dict) else [(None, group)]
            for mood, texts in by_mood:
                for k, text in enumerate(texts):
                    missing = _named_in(text) - ALWAYS_NAMED - NAMED_BY_TAG[tag]
                    if missing:
                        key = (tag.value,) if mood is None else (tag.value, mood.value)
                        yield _unfilled(("delegations", n, "lines", *key, k), missing, f"a '{tag.value}' line")
        placed: list[Placed] = [(("delegations", n, "types", t, "rules", r), rule)
                                 for t, kind in enumerate(delegation.types) for r, rule in enumerate(kind.rules)]
        placed += [(("delegations", n, "rules", r), rule) for r, rule in enumerate(delegation.rules)]
        for path, rule in placed:
            moves = _rule_moves(rule.when)
            if beside:
                can = {"issue"}
            elif moves is None:
                can = set()
            else:
                can = set.intersection(*(NAMED_AFTER_MOVE[m] for m in moves)) if moves else set()
            for k, text in enumerate(rule.say):
                missing = _named_in(text) - ALWAYS_NAMED - can
                if missing:
                    yield _unfilled((*path, "say", k), missing, f"rule '{rule.id}'", _rule_hint(missing, beside))
    for path, text, what in _told_as_written(s):
        named = _named_in(text)
        if named:
            yield finding(path, "unfilled-placeholder",
                          f"{what} is told as written: " + ", ".join("{" + n + "}" for n in sorted(named))
                          + " would be shown as it stands", "name things in plain words here")


def _rule_hint(missing: set[str], beside: bool) -> str:
    """Which moves give each missing placeholder a value: a rule's line is filled from the move it answers."""
    if beside:
        return "beside the table a rule's line can name only {issue} (and {name}, {player}, {counterpart})"
    by_moves: dict[tuple[str, ...], list[str]] = {}
    for name in sorted(missing):
        moves = tuple(move for move, named in NAMED_AFTER_MOVE.items() if name in named)
        by_moves.setdefault(moves, []).append("{" + name + "}")
    needs = [" and ".join(names) + (" needs" if len(names) == 1 else " need") + " a condition that asks for "
             + " or ".join(f"'move: {move}'" for move in moves) for moves, names in by_moves.items() if moves]
    told = "; ".join(needs) or "a rule's line can name {name}, {player} and {counterpart} whatever the move"
    return told + "; otherwise the game says another line"


def _unfilled(path: tuple[Any, ...], missing: set[str], where: str, hint: str = "") -> Finding:
    named = ", ".join("{" + name + "}" for name in sorted(missing))
    verb = "has" if len(missing) == 1 else "have"
    return finding(path, "unfilled-placeholder", f"{where} names {named}, which {verb} no value when it is spoken",
                   hint or "a line under this tag cannot name it; otherwise the game says another line")


def unreachable_endings(s: Scenario) -> Iterator[Finding]:
    covered: set[str] = set()
    for n, ending in enumerate(s.endings):
        path = ("endings", n)
        if set(ending.outcome) <= covered:
            yield finding(path, "unreachable-ending",
                          f"ending '{ending.id}' is never told: earlier endings take all its outcomes",
                          "move it above the fallback ending, or give the fallback a condition")
        elif ending.when is not None and never(ending.when):
            yield finding(path, "unreachable-ending", f"ending '{ending.id}' is never told: its condition cannot hold")
        if ending.when is None or always(ending.when):
            covered |= set(ending.outcome)


def briefings(s: Scenario) -> Iterator[Finding]:
    for n, delegation in enumerate(s.delegations):
        if delegation.playable and not delegation.briefing.strip():
            yield finding(("delegations", n, Key("playable")), "no-briefing", f"{delegation.id} is playable but has no briefing",
                          "write its private instructions under 'briefing'")


def zopas(s: Scenario) -> Iterator[Finding]:
    from roleplay.engine.utility import Utility  # the engine's reading of stances, not a second one

    principals = s.principals()
    pairs = list(combinations(principals, 2))
    if not pairs:
        return
    utilities = {d.id: Utility(s, d.id) for d in principals}
    for k, issue in enumerate(s.issues):
        ranges = {d: utility.issues[issue.id].acceptable_range() for d, utility in utilities.items()}
        if all(max(ranges[a.id][0], ranges[b.id][0]) > min(ranges[a.id][1], ranges[b.id][1]) for a, b in pairs):
            yield finding(("issues", k), "no-zopa", f"no two delegations at the table both accept an option of '{issue.id}'",
                          "intended? then a rule that shifts a position (a trade) is needed to settle it")


def options_out_of_order(s: Scenario) -> Iterator[Finding]:
    """Options must lie on one scale: numbers in their labels rise or fall, and `values` fall away from the ideal."""
    for k, issue in enumerate(s.issues):
        numbers = [n for n in (_number(o.label) for o in issue.options) if n is not None]
        if len(numbers) == len(issue.options) and len(set(numbers)) == len(numbers):
            rising = all(a < b for a, b in pairwise(numbers))
            falling = all(a > b for a, b in pairwise(numbers))
            if not rising and not falling:
                labels = ", ".join(o.label for o in issue.options)
                yield finding(("issues", k, Key("options")), "options-out-of-order",
                              f"the options of '{issue.id}' are not in order: {labels}",
                              "list them along one scale, from one end to the other")
                continue
    for n, delegation in enumerate(s.delegations):
        for issue_id, stance in delegation.stances.items():
            if not stance.values or not s.has_issue(issue_id):
                continue
            options = s.issue(issue_id).option_ids
            if stance.ideal not in options:
                continue
            peak = options.index(stance.ideal)
            values = [stance.values.get(o) for o in options]
            away = [values[peak::-1], values[peak:]]
            if any(_rises(side) for side in away):
                yield finding(("delegations", n, "stances", Key(issue_id), Key("values")), "options-out-of-order",
                              f"{delegation.id}'s values on '{issue_id}' rise again moving away from its ideal "
                              f"'{stance.ideal}': the options or the values are out of order",
                              "order the options along one scale; values fall from the ideal toward either end")


def _number(label: str) -> float | None:
    import re

    found = re.search(r"-?\d[\d,]*(?:\.\d+)?", label)
    return float(found.group().replace(",", "")) if found else None


def _rises(values: list[float | None]) -> bool:
    known = [v for v in values if v is not None]
    return any(b > a + 1e-9 for a, b in pairwise(known))


def meters_read(s: Scenario) -> set[tuple[str, str]]:
    """(delegation, 'trust' or 'tension') for every meter some condition reads."""
    read: set[tuple[str, str]] = set()
    for path, condition in _all_conditions(s):
        owner = s.delegations[path[1]].id if path[0] == "delegations" else None
        for test in walk(condition):
            if isinstance(test, (TrustIs, TensionIs)):
                meter = test.trust if isinstance(test, TrustIs) else test.tension
                who = meter.of or owner
                if who is not None:
                    read.add((who, "trust" if isinstance(test, TrustIs) else "tension"))
    return read


def effects_reaching_nobody(s: Scenario) -> Iterator[Finding]:
    """A delegation beside the table never bargains: its own meters matter only where a condition reads them."""
    read = meters_read(s)
    for path, effects, owner in _all_effects(s):
        if owner is None or effects.target is not None or s.delegation(owner).role is Role.principal:
            continue
        for meter in ("trust", "tension"):
            if getattr(effects, meter) and (owner, meter) not in read:
                yield finding((*path, Key(meter)), "effect-reaches-nobody",
                              f"this changes the {meter} of {owner} only, which no condition reads; {owner} "
                              "sits beside the table, so it does nothing in play",
                              "add 'target: counterpart' to move the player's counterpart(s), or name a delegation")


STATUS_WIDTH = 80
ISSUE_LABEL_MAX = 22
"""The preparation screen gives an issue's label 22 columns before what the player expects."""
OPTION_LABEL_MAX = (STATUS_WIDTH - len("    you:  · them: ")) // 2
"""The table's line under the selected issue shows two option labels: 'you: A · them: B'."""
NAME_MAX = STATUS_WIDTH - len("round 40 of 40 · ")
"""The table's status line: 'round N of M · NAME'."""


def long_labels(s: Scenario) -> Iterator[Finding]:
    for k, issue in enumerate(s.issues):
        if len(issue.label) > ISSUE_LABEL_MAX:
            yield finding(("issues", k, Key("label")), "label-too-long",
                          f"the label '{issue.label}' is {len(issue.label)} characters; an 80-column screen gives an "
                          f"issue {ISSUE_LABEL_MAX}", "shorten it; the description can say more")
        long = [(len(o.label), n) for n, o in enumerate(issue.options) if len(o.label) > OPTION_LABEL_MAX]
        if long:
            _, o = max(long)
            yield finding(("issues", k, "options", o, Key("label")), "label-too-long",
                          f"{len(long)} option label(s) of '{issue.id}' are longer than the {OPTION_LABEL_MAX} "
                          f"columns an 80-column status line gives each of two side by side (this one: "
                          f"{len(issue.options[o].label)})", "shorten them; an option's description can say more")
    for n, delegation in enumerate(s.delegations):
        if len(delegation.name) > NAME_MAX:
            yield finding(("delegations", n, Key("name")), "label-too-long",
                          f"the name is {len(delegation.name)} characters; the status line has room for {NAME_MAX}",
                          "shorten it, and keep the long form in 'public'")


def _told_as_written(s: Scenario) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """Texts the engine shows without filling placeholders: events, endings, lessons, advice, BATNA stories."""
    for e, event in enumerate(s.events):
        yield ("events", e, Key("text")), event.text, "an event's text"
    for e, ending in enumerate(s.endings):
        yield ("endings", e, Key("text")), ending.title + " " + ending.text, "an ending"
    for k, lesson in enumerate(s.lessons):
        yield ("lessons", k, Key("text")), lesson.text, "a lesson"
    for n, delegation in enumerate(s.delegations):
        if delegation.consult is not None:
            yield ("delegations", n, "consult", Key("text")), delegation.consult.text, "advice"
        yield ("delegations", n, "batna", Key("story")), delegation.batna.story, "a BATNA's story"


LINTS = (shadowed_rules, rules_after_the_last_round, lint_codes_ignored, flags_never_read,
         unused_line_tags, unfilled_placeholders, unreachable_endings, briefings,
         zopas, options_out_of_order, effects_reaching_nobody, long_labels)


def lint(s: Scenario) -> list[Finding]:
    ignored = set(s.lint_ignore)
    return [f for check in LINTS for f in check(s) if f[1] not in ignored]


DEEP_RUNS = 30


def deep_coverage(s: Scenario, runs: int = DEEP_RUNS, seed: int = 0) -> Any:
    """The coverage `validate --deep` reports, computed once per loaded scenario (on both cores when there are two)."""
    import os

    from roleplay.coverage import collect

    jobs = min(2, os.cpu_count() or 1)
    return s.memo(("coverage", runs, seed), lambda: collect(s, runs, seed, jobs=jobs))


def deep(s: Scenario, runs: int = DEEP_RUNS, seed: int = 0) -> list[Finding]:
    """Simulate every built-in strategy from every side; warn about endings and rules nothing reached."""
    coverage = deep_coverage(s, runs, seed)
    found = [finding(("endings", n), "ending-never-reached",
                     f"no simulated game reached the ending '{ending.id}'",
                     "check its condition against how the counterparts behave, or run more games with simulate")
             for n, ending in enumerate(s.endings) if ending.id in coverage.never("ending")]
    never = set(coverage.never("rule"))
    players = {column.side for column in coverage.columns}
    for n, delegation in enumerate(s.delegations):
        if {delegation.id} == players:
            continue  # the only side ever played: its rules never run, by design
        for path, rule in _placed_rules(n, delegation):
            if f"{delegation.id}:{rule.id}" in never:
                found.append(finding(path, "rule-never-fired",
                                     f"rule '{rule.id}' of {delegation.id} fired in no simulated game",
                                     "see which rules do fire with simulate --coverage; an earlier rule may "
                                     "answer first, or no strategy makes its condition hold"))
    return [f for f in found if f[1] not in set(s.lint_ignore)]
