"""What delegations say: lines chosen by tag and mood, filled with the names of things.

A scenario's lines are text with placeholders ({issue}, {option}, {package},
{name}, {player}, {counterpart}). Filling is done by hand, not with
`str.format`, so that no format spec in a scenario can do anything but name a
value, and a line whose placeholder has no value at this moment is not said at
all. When a scenario has no line for a tag, a plain built-in line speaks.
"""

from __future__ import annotations

import random
import string
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import chain
from typing import Literal, TypeAlias

from roleplay.scenario.conditions import MoveKind
from roleplay.scenario.models import Delegation, LineTag, Mood, Scenario

Narration = Literal["call_closing", "event", "ending", "batna", ""]
"""What else a line of the transcript can be: the player calling for final offers, an event, the ending, the BATNA."""
Tag: TypeAlias = LineTag | MoveKind | Narration
"""What a line of the transcript does: a counterpart's line by its `LineTag`, the player's by the move it
states, the narrator's by what it tells. A `Statement` keeps the word (`LineTag` values among them), so
saves stay plain text and a line costs no enum lookup."""

DEFAULT_LINES: dict[LineTag, str] = {
    LineTag.opening: "{name} sets out its opening position: {package}.",
    LineTag.accept: "{name} accepts: {package}.",
    LineTag.counter: "{name} counters: {package}.",
    LineTag.reject: "{name} cannot accept {option} on {issue}, and counters: {package}.",
    LineTag.warn: "{name} warns that pressure will not help the talks.",
    LineTag.walk_out: "{name} leaves the table.",
    LineTag.probe: "{name} hints at what it hopes for on {issue}.",
    LineTag.deflect: "{name} will not be drawn on {issue}.",
    LineTag.thanks: "{name} acknowledges the gesture.",
    LineTag.consult: "{name} shares its view.",
    LineTag.closing: "{name} puts its final offer on the table: {package}.",
}


BARE_LINES = ("{name} answers: {package}.", "{name} answers.")
"""The last resort when no line of a tag can be filled in: it names only what is known."""


def mood(trust: float, tension: float, limit: float) -> Mood:
    """How a delegation feels, for choosing among its lines."""
    if tension >= 0.6 * limit:
        return Mood.tense
    if trust >= 0.65:
        return Mood.warm
    return Mood.neutral


def candidates(delegation: Delegation, tag: LineTag, feeling: Mood) -> list[str]:
    group = delegation.lines.get(tag)
    if group is None:
        return [DEFAULT_LINES[tag]]
    if isinstance(group, list):
        return group or [DEFAULT_LINES[tag]]
    chosen = group.get(feeling) or group.get(Mood.neutral) or [line for texts in group.values() for line in texts]
    return chosen or [DEFAULT_LINES[tag]]


def choose(options: list[str], words: Mapping[str, str], said: Sequence[str], rng: random.Random,
           fallbacks: Sequence[list[str]] = (), in_order: bool = False) -> str:
    """The line to say: complete, new in this game where possible, and otherwise the one said longest ago.

    A line whose placeholders this moment cannot fill (a rule's `{package}` when
    the counterpart walks out instead of countering) is never said: the next
    list of `fallbacks` speaks instead, down to a line that names only the
    speaker. Lines are compared filled in: two templates can read the same once
    filled, and one template reads differently for different issues.

    `in_order` is for a rule's lines: an author lists them as they should come
    ("1,800? ..." before "1,800 again? ..."), so the first one not yet said is
    said, where a delegation's lines for a tag are drawn at random.
    """
    ordered = in_order
    complete: list[str] = []
    for group in chain((options,), fallbacks, (BARE_LINES,)):
        for option in group:
            text = fill(option, words)
            if text is not None:
                complete.append(text)
        if complete:
            break
        ordered = False
    fresh = [text for text in dict.fromkeys(complete) if text not in said]
    if fresh:
        return fresh[0] if ordered else fresh[rng.randrange(len(fresh))]
    last_said = {text: max(n for n, line in enumerate(said) if line == text) for text in complete}
    return min(complete, key=lambda text: last_said[text])


def fill(template: str, values: Mapping[str, str]) -> str | None:
    """The template with its placeholders named, or None when one of them has no value now."""
    parsed = _parsed(template)
    if parsed is None:
        return None
    parts: list[str] = []
    for literal, name in parsed:
        parts.append(literal)
        if name is not None:
            if name not in values:
                return None
            parts.append(values[name])
    return "".join(parts)


@lru_cache(maxsize=4096)
def _parsed(template: str) -> tuple[tuple[str, str | None], ...] | None:
    """A template's literal runs and placeholder names; None when its braces do not balance.

    A scenario has a few hundred lines and a game says dozens: each is parsed once.
    """
    try:
        return tuple((literal, name) for literal, name, _spec, _conversion in string.Formatter().parse(template))
    except ValueError:  # unbalanced braces: the loader refuses such lines, but never show one
        return None


def describe(scenario: Scenario, package: Mapping[str, str]) -> str:
    """A package in words: 'Rent: 2,200 a month; Term: three years'."""
    if not package:
        return "nothing settled"
    named = scenario.memo(("settled in words",), lambda: {
        issue.id: {option.id: f"{issue.label}: {option.label}" for option in issue.options}
        for issue in scenario.issues})
    return "; ".join([named[issue][package[issue]] for issue in named if issue in package])


def option_label(scenario: Scenario, issue: str, option: str) -> str:
    """An option's label, from a table of every issue's labels kept per scenario: every counter-offer
    names one."""
    return scenario.memo(("option labels",), lambda: {
        issue.id: {option.id: option.label for option in issue.options} for issue in scenario.issues})[issue][option]


NARRATOR = "narrator"
"""The speaker of whatever no delegation says: events, endings, the last-offer round."""


def speaker_names(scenario: Scenario) -> dict[str, str]:
    """Who each transcript line is said by, as every client names them."""
    return {d.id: d.name for d in scenario.delegations} | {NARRATOR: "Narrator"}


def move_words(player: str, text: str) -> str:
    """A player's own line as the words of its move, for lists of moves joined by '; ': "The buyer
    proposes: Price: low." becomes "proposes: Price: low"."""
    return text.removeprefix(player).strip().rstrip(".")
