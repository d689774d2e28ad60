"""What changed between two versions of a scenario, and what the change did to its balance.

An instructor who edits a scenario wants to know what the edit was (issues,
options, stances, rules, endings, types...) and whether it moved the balancing
table. Items are matched by id, so a renamed label reads as a change and a
renamed id as one removal and one addition.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from roleplay.record import Record, data
from roleplay.scenario.models import Scenario


@dataclass
class Change:
    section: str
    item: str
    kind: str  # "added", "removed", "changed", "moved"
    details: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"section": self.section, "item": self.item, "kind": self.kind, "details": self.details}

    def text(self) -> str:
        mark = {"added": "+", "removed": "-", "changed": "~", "moved": "↕"}[self.kind]
        head = f"  {mark} {self.item}"
        if self.kind in ("added", "removed"):
            return f"{head} ({self.kind})"
        return head + ": " + "; ".join(self.details)


def _dump(record: Record) -> dict[str, Any]:
    """Every field, defaults included: a value changed to its default is a change, not a removal."""
    dumped = data(record, json=True, by_alias=True)
    assert isinstance(dumped, dict)
    return dumped


EMPTY: tuple[Any, ...] = (None, "", [], {})
"""Values that mean "not given": a field going from one of these is set, a field going to one is removed."""


SHORT = 40
"""Characters a changed value is shown in."""


def _text(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return " ".join(str(text).split())


def _short(value: Any) -> str:
    text = _text(value)
    return text if len(text) <= SHORT else text[:SHORT - 1] + "…"


def _pair(old: Any, new: Any) -> str:
    """'old → new', each cut to where the two differ, so that a long value's change stays visible."""
    a, b = _text(old), _text(new)
    same = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, same - SHORT // 4) if max(len(a), len(b)) > SHORT else 0

    def cut(text: str) -> str:
        text = ("…" + text[start:]) if start else text
        return text if len(text) <= SHORT else text[:SHORT - 1] + "…"
    return f"{cut(a)} → {cut(b)}"


def _fields(old: dict[str, Any], new: dict[str, Any], skip: Iterable[str] = (), prefix: str = "") -> list[str]:
    """'field old → new' for each field that differs; a mapping on both sides is followed into (`effects.shift`)."""
    out = []
    for key in [*old, *(k for k in new if k not in old)]:
        if key in skip or old.get(key) == new.get(key):
            continue
        name = prefix + str(key)
        if old.get(key) in EMPTY:
            out.append(f"{name} set to {_short(new[key])}")
        elif new.get(key) in EMPTY:
            out.append(f"{name} {_short(old[key])} removed")
        elif isinstance(old[key], dict) and isinstance(new[key], dict):
            out += _fields(old[key], new[key], prefix=name + ".")
        else:
            out.append(f"{name} {_pair(old[key], new[key])}")
    return out


def _by_id(section: str, old: list[Any], new: list[Any], prefix: str = "",
           skip: Iterable[str] = ()) -> Iterator[Change]:
    before = {item.id: item for item in old}
    after = {item.id: item for item in new}
    for key in before:
        if key not in after:
            yield Change(section, prefix + key, "removed")
    for key in after:
        if key not in before:
            yield Change(section, prefix + key, "added")
        else:
            details = _fields(_dump(before[key]), _dump(after[key]), skip)
            if details:
                yield Change(section, prefix + key, "changed", details)
    common_old = [k for k in before if k in after]
    common_new = [k for k in after if k in before]
    if common_old != common_new:
        yield Change(section, prefix.rstrip(":") or section, "moved",
                     [f"order {' '.join(common_old)} → {' '.join(common_new)}"])


def changes(old: Scenario, new: Scenario) -> list[Change]:
    found: list[Change] = []
    found += _by_id("issues", old.issues, new.issues, skip=("options",))
    for issue in new.issues:
        if old.has_issue(issue.id):
            found += _by_id("options", old.issue(issue.id).options, issue.options, f"{issue.id}:")
    top = _fields(_dump(old), _dump(new), skip=("issues", "delegations", "gestures", "events", "endings", "lessons",
                                                "team"))
    if top:
        found.append(Change("scenario", old.id, "changed", top))
    found += _by_id("delegations", old.delegations, new.delegations, skip=("stances", "rules", "types", "lines"))
    before = {d.id: d for d in old.delegations}
    for d in new.delegations:
        if d.id not in before:
            continue
        was = before[d.id]
        for issue_id in [*was.stances, *(i for i in d.stances if i not in was.stances)]:
            a, b = was.stances.get(issue_id), d.stances.get(issue_id)
            if a is None or b is None:
                found.append(Change("stances", f"{d.id}.{issue_id}", "added" if a is None else "removed"))
            elif a != b:
                found.append(Change("stances", f"{d.id}.{issue_id}", "changed", _fields(_dump(a), _dump(b))))
        found += _by_id("rules", was.rules, d.rules, f"{d.id}:")
        found += _by_id("types", was.types, d.types, f"{d.id}:", skip=("rules",))
        for kind in d.types:
            earlier = next((t for t in was.types if t.id == kind.id), None)
            if earlier is not None:
                found += _by_id("rules", earlier.rules, kind.rules, f"{d.id}/{kind.id}:")
        if was.lines != d.lines:
            found.append(Change("lines", d.id, "changed", ["lines edited"]))
    found += _by_id("gestures", old.gestures, new.gestures)
    found += _by_id("events", old.events, new.events)
    found += _by_id("endings", old.endings, new.endings)
    found += _by_id("lessons", old.lessons, new.lessons)
    found += _by_id("team", old.team.roster, new.team.roster)
    return found


SECTIONS = ("scenario", "issues", "options", "delegations", "stances", "types", "rules", "lines", "gestures", "events",
            "endings", "lessons", "team")


def text(found: list[Change], old_name: str, new_name: str) -> str:
    lines = [f"changes from {old_name} to {new_name}:" if found else f"no changes from {old_name} to {new_name}"]
    for section in SECTIONS:
        items = [c for c in found if c.section == section]
        if items:
            lines.append(section)
            lines += [c.text() for c in items]
    return "\n".join(lines)


def balance_rows(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per side and strategy: agreement rate and median score before and after."""
    before = {(r["delegation"], r["strategy"]): r for r in old}
    rows = []
    for row in new:
        key = (row["delegation"], row["strategy"])
        was = before.get(key)
        rows.append({"side": key[0], "strategy": key[1],
                     "agreement_before": None if was is None else was["agreement_rate"],
                     "agreement_after": row["agreement_rate"],
                     "median_before": None if was is None else was["score"]["median"],
                     "median_after": row["score"]["median"]})
    return rows


def balance_text(rows: list[dict[str, Any]], runs: int, seed: int) -> str:
    lines = [f"balance, {runs} games per side and strategy, seed {seed}: before → after",
             f"  {'side':<12} {'strategy':<11} {'agreement':>17}   {'median score':>17}"]
    for r in rows:
        agree = ("    -" if r["agreement_before"] is None else f"{r['agreement_before']:>5.0%}") + \
            f" → {r['agreement_after']:>5.0%}"
        median = ("    -" if r["median_before"] is None else f"{r['median_before']:>5.1f}") + \
            f" → {r['median_after']:>5.1f}"
        moved = r["median_before"] is not None and abs(r["median_after"] - r["median_before"]) >= 1
        lines.append(f"  {r['side']:<12} {r['strategy']:<11} {agree:>17}   {median:>17}" + ("  *" if moved else ""))
    lines.append("  (* the median moved by a point or more)")
    return "\n".join(lines)
