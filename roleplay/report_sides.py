"""The class report's summary per scenario and side: how each delegation fared across the class.

Figures are computed the way `simulate` computes them (an agreement is a
full or partial deal; quartiles inclusive), so a class can be set beside the
built-in strategies' balancing table.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.report import ClassReport, Row

AGREEING = ("agreement", "partial")


@dataclass
class SideSummary:
    scenario: str
    side: str
    count: int = 0
    scores: list[float] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    endings: Counter[str] = field(default_factory=Counter)
    lessons: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def finished(self) -> int:
        return len(self.scores)

    @property
    def agreement_rate(self) -> float | None:
        if not self.finished:
            return None
        return sum(self.kinds[kind] for kind in AGREEING) / self.finished

    def quartiles(self) -> tuple[float, float, float] | None:
        if not self.scores:
            return None
        if len(self.scores) == 1:
            return self.scores[0], self.scores[0], self.scores[0]
        q1, q2, q3 = statistics.quantiles(self.scores, n=4, method="inclusive")
        return q1, q2, q3

    def add(self, row: Row) -> None:
        self.count += 1
        if row.status != "finished" or row.score is None:
            return
        self.scores.append(row.score)
        self.kinds[row.kind] += 1
        self.endings[row.ending] += 1
        self.lessons.update(row.lessons)


def by_side(report: ClassReport) -> list[SideSummary]:
    """One summary per scenario and side that any readable save played, in order of scenario then side."""
    groups: dict[tuple[str, str], SideSummary] = {}
    for row in report.rows:
        if row.scenario and row.delegation and not row.parent:
            key = (row.scenario, row.delegation)
            groups.setdefault(key, SideSummary(*key)).add(row)
    return [groups[key] for key in sorted(groups)]


def side_lines(report: ClassReport, bullet: str, lessons: int = 3,
               escape: Callable[[str], str] = lambda text: text) -> list[str]:
    """The per-side summary as lines of text (for the text, Markdown and HTML reports); `escape` makes
    what comes from saves and scenarios safe for the output."""
    lines: list[str] = []
    for side in by_side(report):
        head = f"{side.scenario} as {side.side}: {side.count} saves, {side.finished} finished"
        rate = side.agreement_rate
        if rate is not None:
            head += f", agreement rate {rate:.0%}"
        lines.append(escape(head))
        quartiles = side.quartiles()
        if quartiles:
            lines.append(f"{bullet}score p25 {quartiles[0]:.1f} · median {quartiles[1]:.1f} · p75 {quartiles[2]:.1f}")
            lines.append(f"{bullet}endings: " + escape(", ".join(f"{e} {n}" for e, n in side.endings.most_common())))
        for (lesson, text), count in side.lessons.most_common(lessons):
            lines.append(f"{bullet}" + escape(f"lesson {lesson} ({count}): {_short(text)}"))
    return lines


def _short(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
