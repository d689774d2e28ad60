"""Checks of meaning, after the schema: do the references resolve, do the stances make sense.

Each check is a function from the scenario to findings; `CHECKS` lists them all.
A finding carries the data path of the offending value, which the loader turns
into a line and column.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from roleplay.scenario.conditions import walk
from roleplay.scenario.limits import size_limits
from roleplay.scenario.messages import suggest
from roleplay.scenario.models import COUNTERPART, Delegation, Effects, IntelGrant, Role, Rule, Scenario
from roleplay.scenario.problems import Severity
from roleplay.scenario.yaml_source import Key

Finding = tuple[tuple[Any, ...], str, str, str, Severity]
Check = Callable[[Scenario], Iterator[Finding]]

PLACEHOLDERS = ("name", "player", "counterpart", "issue", "option", "package")
"""What a line may refer to; filled in when it is said."""


def error(path: tuple[Any, ...], code: str, message: str, hint: str = "") -> Finding:
    return (path, code, message, hint, Severity.error)


def unknown(path: tuple[Any, ...], what: str, name: str, known: list[str]) -> Finding:
    hint = suggest(name, known) or (f"known {what}s: {', '.join(known)}" if known else f"define the {what} first")
    return error(path, f"unknown-{what.replace(' ', '-')}", f"no {what} '{name}'", hint)


def check_meaning(scenario: Scenario) -> list[Finding]:
    """Every finding of meaning, the size limits first."""
    limits = list(size_limits(scenario))
    duplicates = list(duplicate_ids(scenario))
    if duplicates:
        return [*limits, *duplicates]  # every other check looks ids up, and a duplicate id makes each lookup of it a guess
    return [*limits, *(finding for check in CHECKS for finding in check(scenario))]


def _duplicates(items: list[Any], path: tuple[Any, ...], what: str) -> Iterator[Finding]:
    counts = Counter(item.id for item in items)
    seen: set[str] = set()
    for index, item in enumerate(items):
        if counts[item.id] > 1 and item.id in seen:
            yield error((*path, index, "id"), "duplicate-id", f"the {what} id '{item.id}' is used twice",
                        "give every " + what + " its own id")
        seen.add(item.id)


def duplicate_ids(s: Scenario) -> Iterator[Finding]:
    yield from _duplicates(s.issues, ("issues",), "issue")
    yield from _duplicates(s.delegations, ("delegations",), "delegation")
    yield from _duplicates(s.gestures, ("gestures",), "gesture")
    yield from _duplicates(s.team.roster, ("team", "roster"), "team member")
    yield from _duplicates(s.events, ("events",), "event")
    yield from _duplicates(s.endings, ("endings",), "ending")
    yield from _duplicates(s.lessons, ("lessons",), "lesson")
    for n, issue in enumerate(s.issues):
        yield from _duplicates(issue.options, ("issues", n, "options"), "option")
    for n, delegation in enumerate(s.delegations):
        yield from _duplicates(delegation.rules, ("delegations", n, "rules"), "rule")


def _option(s: Scenario, issue: str, option: str, path: tuple[Any, ...]) -> Iterator[Finding]:
    options = s.issue(issue).option_ids
    if option not in options:
        yield unknown(path, "option", option, list(options))


def stances(s: Scenario) -> Iterator[Finding]:
    issues = [i.id for i in s.issues]
    for n, d in enumerate(s.delegations):
        base = ("delegations", n)
        for issue, stance in d.stances.items():
            path = (*base, "stances", issue)
            if not s.has_issue(issue):
                yield unknown((*base, "stances", Key(issue)), "issue", issue, issues)
                continue
            found = [f for field in ("ideal", "reservation", "expectation")
                     for f in _option(s, issue, getattr(stance, field), (*path, field))]
            yield from found
            for option in stance.values or {}:
                yield from _option(s, issue, option, (*path, "values", option))
            if found:
                continue
            ideal, reservation, expected = (s.rank(issue, getattr(stance, f)) for f in ("ideal", "reservation", "expectation"))
            if not min(ideal, reservation) <= expected <= max(ideal, reservation):
                yield error((*path, "expectation"), "expectation-outside",
                            f"the expectation '{stance.expectation}' lies outside the range from "
                            f"'{stance.ideal}' to '{stance.reservation}'",
                            "a delegation expects something between its ideal and its walk-away point")
        if d.role is Role.principal:
            for issue in issues:
                if issue not in d.stances:
                    yield error((*base, "stances"), "missing-stance",
                                f"{d.id} sits at the table but has no stance on '{issue}'",
                                f"add a stance for '{issue}' (ideal, reservation, expectation)")
        for issue, option in d.opening.items():
            if not s.has_issue(issue):
                yield unknown((*base, "opening", Key(issue)), "issue", issue, issues)
            else:
                yield from _option(s, issue, option, (*base, "opening", issue))


def seats(s: Scenario) -> Iterator[Finding]:
    playable = s.playable()
    if not playable:
        yield error(("delegations",), "no-playable", "no delegation is playable",
                    "mark at least one delegation at the table with 'playable: true'")
    for n, d in enumerate(s.delegations):
        if d.playable and d.role is not Role.principal:
            yield error(("delegations", n, "playable"), "playable-bystander",
                        f"{d.id} is playable but sits beside the table ({d.role.value})",
                        "only a principal can be played: set 'role: principal' or 'playable: false'")
        if d.playable and len(s.principals()) < 2:
            yield error(("delegations", n), "no-counterpart", f"{d.id} has no counterpart at the table",
                        "add another delegation with 'role: principal'")


def _rules(d: Delegation, base: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Rule]]:
    """A delegation's rules and those of each of its types, with their paths."""
    for r, rule in enumerate(d.rules):
        yield (*base, "rules", r), rule
    for t, kind in enumerate(d.types):
        for r, rule in enumerate(kind.rules):
            yield (*base, "types", t, "rules", r), rule


def types(s: Scenario) -> Iterator[Finding]:
    """A type's stances name real options, keep the expectation inside the type's range, and the type sits at the table."""
    issues = [i.id for i in s.issues]
    for n, d in enumerate(s.delegations):
        yield from _duplicates(d.types, ("delegations", n, "types"), "type")
        for t, kind in enumerate(d.types):
            base = ("delegations", n, "types", t)
            if d.role is not Role.principal:
                yield error(base, "type-beside-table", f"{d.id} has types but sits beside the table",
                            "only a delegation at the table (role: principal) can vary by type")
            for issue, change in kind.stances.items():
                path = (*base, "stances", issue)
                if not s.has_issue(issue) or issue not in d.stances:
                    yield unknown((*base, "stances", Key(issue)), "issue", issue, [i for i in issues if i in d.stances])
                    continue
                found = [f for field in ("ideal", "reservation", "expectation") if getattr(change, field)
                         for f in _option(s, issue, getattr(change, field), (*path, field))]
                yield from found
                if found:
                    continue
                stance = d.stances[issue]
                chosen = [getattr(change, f) or getattr(stance, f) for f in ("ideal", "reservation", "expectation")]
                if any(option not in s.issue(issue).option_ids for option in chosen):
                    continue  # the delegation's own stance names an unknown option: the stance check says so
                ideal, reservation, expected = (s.rank(issue, option) for option in chosen)
                if not min(ideal, reservation) <= expected <= max(ideal, reservation):
                    yield error((*path, "expectation"), "expectation-outside",
                                f"the type '{kind.id}' expects an option outside its range on '{issue}'",
                                "a type expects something between its ideal and its walk-away point")


def _flags_set(s: Scenario) -> set[str]:
    flags: set[str] = set()
    for effects in _all_effects(s):
        flags.update(effects[1].set_flags)
    return flags


def _all_effects(s: Scenario) -> Iterator[tuple[tuple[Any, ...], Effects, str | None]]:
    """Every effects block with its path and its owner (who a default target means)."""
    for n, d in enumerate(s.delegations):
        for path, rule in _rules(d, ("delegations", n)):
            yield (*path, "effects"), rule.effects, d.id
        if d.consult:
            yield ("delegations", n, "consult", "effects"), d.consult.effects, d.id
    for n, gesture in enumerate(s.gestures):
        yield ("gestures", n, "effects"), gesture.effects, None
    for n, event in enumerate(s.events):
        yield ("events", n, "effects"), event.effects, None


def _all_conditions(s: Scenario) -> Iterator[tuple[tuple[Any, ...], Any]]:
    for n, d in enumerate(s.delegations):
        for path, rule in _rules(d, ("delegations", n)):
            yield (*path, "when"), rule.when
    for n, event in enumerate(s.events):
        yield ("events", n, "when"), event.when
    for n, ending in enumerate(s.endings):
        if ending.when is not None:
            yield ("endings", n, "when"), ending.when
    for n, lesson in enumerate(s.lessons):
        yield ("lessons", n, "when"), lesson.when


def conditions(s: Scenario) -> Iterator[Finding]:
    """Every id a condition names must exist; a tested flag must be set somewhere."""
    known: dict[str, list[str]] = {
        "issue": [i.id for i in s.issues],
        "delegation": [d.id for d in s.delegations],
        "team member": [m.id for m in s.team.roster],
        "gesture": [g.id for g in s.gestures],
        "flag": sorted(_flags_set(s)),
    }
    known["subject"] = known["issue"] + known["delegation"] + known["gesture"]
    for path, condition in _all_conditions(s):
        for test in walk(condition):
            for kind, name, issue in test.refs():
                yield from _ref(s, path, kind, name, issue, known)


def _ref(s: Scenario, path: tuple[Any, ...], kind: str, name: str, issue: str | None,
         known: dict[str, list[str]]) -> Iterator[Finding]:
    if kind == "option":
        if issue in known["issue"]:
            yield from _option(s, issue, name, path)
    elif name not in known[kind]:
        if kind == "flag":
            hint = suggest(name, known[kind]) or "set it with 'set_flags' in a rule, event or consultation"
            yield error(path, "flag-never-set", f"the flag '{name}' is tested but nothing sets it", hint)
        else:
            yield unknown(path, kind, name, known[kind])


def effects(s: Scenario) -> Iterator[Finding]:
    issues = [i.id for i in s.issues]
    delegations = [d.id for d in s.delegations]
    for path, block, _owner in _all_effects(s):
        if block.target is not None and block.target not in delegations and block.target != COUNTERPART:
            yield unknown((*path, "target"), "delegation", block.target, [*delegations, COUNTERPART])
        for n, shift in enumerate(block.shift):
            if shift.issue not in issues:
                yield unknown((*path, "shift", n, "issue"), "issue", shift.issue, issues)
        for n, issue in enumerate(block.reveal):
            if issue not in issues:
                yield unknown((*path, "reveal", n), "issue", issue, issues)


def _intel(grants: list[IntelGrant], path: tuple[Any, ...], issues: list[str], delegations: list[str]) -> Iterator[Finding]:
    for n, grant in enumerate(grants):
        if grant.issue not in issues:
            yield unknown((*path, n, "issue"), "issue", grant.issue, issues)
        if grant.about is not None and grant.about not in delegations:
            yield unknown((*path, n, "about"), "delegation", grant.about, delegations)


def preparation(s: Scenario) -> Iterator[Finding]:
    issues = [i.id for i in s.issues]
    delegations = [d.id for d in s.delegations]
    playable = [d.id for d in s.playable()]
    members = [m.id for m in s.team.roster]
    for n, member in enumerate(s.team.roster):
        yield from _intel(member.intel, ("team", "roster", n, "intel"), issues, delegations)
        for k, served in enumerate(member.serves):
            if served not in playable:
                yield unknown(("team", "roster", n, "serves", k), "playable delegation", served, playable)
    for n, d in enumerate(s.delegations):
        if d.consult is None:
            continue
        yield from _intel(d.consult.intel, ("delegations", n, "consult", "intel"), issues, delegations)
        for k, who in enumerate(d.consult.open_to):
            if who not in playable:
                yield unknown(("delegations", n, "consult", "open_to", k), "playable delegation", who, playable)
    for n, gesture in enumerate(s.gestures):
        for k, giver in enumerate(gesture.by):
            if giver not in delegations:
                yield unknown(("gestures", n, "by", k), "delegation", giver, delegations)
        if gesture.requires is not None and gesture.requires not in members:
            yield unknown(("gestures", n, "requires"), "team member", gesture.requires, members)
    for n, event in enumerate(s.events):
        if event.by is not None and event.by not in delegations:
            yield unknown(("events", n, "by"), "delegation", event.by, delegations)


def endings(s: Scenario) -> Iterator[Finding]:
    for outcome in ("agreement", "partial", "breakdown"):
        if not any(outcome in ending.outcome for ending in s.endings):
            yield error(("endings",), "no-ending", f"no ending tells how a {outcome} ends",
                        f"add an ending with 'outcome: [{outcome}]' and no 'when', as the fallback")


def _placeholders(text: str, path: tuple[Any, ...]) -> Iterator[Finding]:
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        yield error(path, "bad-braces", "unbalanced '{' or '}' in a line",
                    "write '{{' or '}}' for a literal brace, or close the placeholder")
        return
    for name in names:
        if name not in PLACEHOLDERS:
            yield error(path, "unknown-placeholder", f"'{{{name}}}' is not something a line can name",
                        suggest(name, PLACEHOLDERS) or "use one of " + ", ".join("{" + p + "}" for p in PLACEHOLDERS))


def lines(s: Scenario) -> Iterator[Finding]:
    for n, d in enumerate(s.delegations):
        for tag, group in d.lines.items():
            by_mood = group.items() if isinstance(group, dict) else [(None, group)]
            for mood, texts in by_mood:
                for k, text in enumerate(texts):
                    key = (tag.value,) if mood is None else (tag.value, mood.value)
                    yield from _placeholders(text, ("delegations", n, "lines", *key, k))
        for path, rule in _rules(d, ("delegations", n)):
            for k, text in enumerate(rule.say):
                yield from _placeholders(text, (*path, "say", k))


CHECKS: tuple[Check, ...] = (duplicate_ids, stances, types, seats, conditions, effects, preparation, endings, lines)
