"""Coverage: which rules, events, gestures, lessons and endings fire in simulated play.

A scenario is balanced by knowing what actually happens in it. For each side
and built-in strategy the coverage counts, over many simulated games, in how
many games each scripted element fired, and which agreed package was the most
common. An element no game reached is marked `never`.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from roleplay.scenario.models import Scenario

KINDS = ("rule", "event", "gesture", "lesson", "ending")


@dataclass
class Column:
    """One side played with one strategy: how many games each element fired in."""

    side: str
    strategy: str
    games: int = 0
    fired: dict[str, Counter[str]] = field(default_factory=lambda: {kind: Counter() for kind in KINDS})
    packages: Counter[tuple[tuple[str, str], ...]] = field(default_factory=Counter)

    def top_package(self) -> tuple[dict[str, str], int] | None:
        if not self.packages:
            return None
        package, count = sorted(self.packages.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        return dict(package), count

    def as_dict(self) -> dict[str, Any]:
        top = self.top_package()
        return {"side": self.side, "strategy": self.strategy, "games": self.games,
                **{kind + "s": dict(sorted(self.fired[kind].items())) for kind in KINDS},
                "top_package": None if top is None else {"package": top[0], "games": top[1]}}


@dataclass
class Coverage:
    scenario: str
    runs: int
    seed: int
    elements: dict[str, list[str]]
    """Every element the scenario has, per kind, in the scenario's order: what `never` is measured against."""
    columns: list[Column]
    givers: dict[str, list[str]] = field(default_factory=dict)
    """Per gesture, the sides that may offer it (empty: any)."""

    def never(self, kind: str) -> list[str]:
        """Elements of a kind that could fire in some column, and that no game reached."""
        return [e for e in self.elements[kind]
                if any(self.applies(kind, e, c) for c in self.columns) and not any(c.fired[kind][e] for c in self.columns)]

    def applies(self, kind: str, element: str, column: Column) -> bool:
        """False where an element cannot fire: the played side's own rules, a gesture it may not give."""
        if kind in ("rule", "gesture") and element.startswith(f"{column.side}:"):
            return False
        givers = self.givers.get(element) if kind == "gesture" else None
        return not givers or column.side in givers

    def as_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "runs": self.runs, "seed": self.seed,
                "never": {kind + "s": self.never(kind) for kind in KINDS},
                "columns": [c.as_dict() for c in self.columns]}


def elements(scenario: Scenario) -> dict[str, list[str]]:
    from roleplay.whatif import rule_ids

    return {
        "rule": [r for r in rule_ids(scenario) if not r.startswith("event:")],
        "event": [e.id for e in scenario.events],
        "gesture": [g.id for g in scenario.gestures]
        + [f"{d.id}:{g.id}" for d in scenario.principals() for g in scenario.gestures
           if d.id in g.by],
        "lesson": [lesson.id for lesson in scenario.lessons],
        "ending": [e.id for e in scenario.endings],
    }


def record(column: Column, state: Any) -> None:
    """Add one finished game's state to a column."""
    column.games += 1
    fired = set(state.fired)
    for key in fired:
        if key.startswith("event:"):
            column.fired["event"][key.split(":", 1)[1]] += 1
        else:
            column.fired["rule"][key] += 1
    for gesture in set(state.gestures_given) | set(state.gestures_received):
        column.fired["gesture"][gesture] += 1
    for lesson in set(state.lessons):
        column.fired["lesson"][lesson] += 1
    if state.outcome is not None:
        column.fired["ending"][state.outcome.ending] += 1
        if state.outcome.package and state.outcome.kind != "breakdown":
            column.packages[tuple(sorted(state.outcome.package.items()))] += 1


def _column(args: tuple[Scenario, str, str, int, int, Mapping[str, str] | None]) -> Column:
    from roleplay.simulation.simulate import game_seed, play_game

    scenario, side, strategy, runs, seed, forced = args
    column = Column(side, strategy)
    for run in range(runs):
        record(column, play_game(scenario, side, strategy, game_seed(seed, run), forced_types=forced).state)
    return column


def collect(scenario: Scenario, runs: int = 30, seed: int = 0, sides: list[str] | None = None,
            strategies: list[str] | None = None, forced_types: Mapping[str, str] | None = None,
            jobs: int = 1) -> Coverage:
    """Simulate each side with each strategy `runs` times; the same arguments always give the same coverage.

    With `jobs` above 1 the columns are spread over processes; each column's
    games are the same as in one process, so the result does not change.
    """
    from roleplay.simulation.strategies import STRATEGIES

    sides = sides or [d.id for d in scenario.playable()]
    strategies = strategies or list(STRATEGIES)
    work = [(scenario, side, name, runs, seed, forced_types) for side in sides for name in strategies]
    if jobs > 1 and len(work) > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(min(jobs, len(work))) as pool:
            columns = pool.map(_column, work)
    else:
        columns = [_column(item) for item in work]
    return Coverage(scenario.id, runs, seed, elements(scenario), columns, {g.id: list(g.by) for g in scenario.gestures})


def _cell(coverage: Coverage, kind: str, element: str, column: Column) -> str:
    """A share of games; `-` where the element cannot fire in this column."""
    if not coverage.applies(kind, element, column):
        return "-"
    count = column.fired[kind][element]
    return "never" if count == 0 else f"{count / column.games:.0%}" if column.games else "-"


def text(coverage: Coverage) -> str:
    """A table: one row per element, one column per side and strategy (share of games it fired in)."""
    letters = [chr(ord("A") + n) for n in range(len(coverage.columns))]
    lines = textwrap.wrap(f"coverage of {coverage.scenario}: {coverage.runs} games per column, seed "
                          f"{coverage.seed}; the share of games in which each fired (-: the side played, whose own "
                          "rules never run; !: fired in no game at all)", width=80)
    lines += [f"  {letter} = {c.side} playing {c.strategy}" for letter, c in zip(letters, coverage.columns, strict=True)]
    longest = max([len(e) for kind in KINDS for e in coverage.elements[kind]] + [10])
    width = max(16, min(longest, 80 - 2 - 6 * len(letters)))
    for kind in KINDS:
        if not coverage.elements[kind]:
            continue
        lines.append("")
        lines.append(f"{kind + 's':<{width + 2}}" + "".join(f"{letter:>6}" for letter in letters))
        never = set(coverage.never(kind))
        for element in coverage.elements[kind]:
            cells = "".join(f"{_cell(coverage, kind, element, c):>6}" for c in coverage.columns)
            mark = "!" if element in never else " "
            lines.append(f"{mark} {_clip(element, width)}{cells}")
    lines.append("")
    lines.append("most common agreed package:")
    for letter, column in zip(letters, coverage.columns, strict=True):
        top = column.top_package()
        if top is None:
            lines.append(f"  {letter}  no agreement")
        else:
            package, count = top
            words = " ".join(f"{k}={v}" for k, v in package.items()) + f" ({count} of {column.games})"
            lines += textwrap.wrap(words, width=80, initial_indent=f"  {letter}  ", subsequent_indent="     ")
    return "\n".join(lines)


def _clip(name: str, width: int) -> str:
    return f"{name:<{width}}" if len(name) <= width else name[: width - 1] + "…"


def as_csv(coverage: Coverage) -> str:
    """One row per column and element: side, strategy, kind, id, games it fired in, games played."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["side", "strategy", "kind", "id", "fired", "games"])
    for column in coverage.columns:
        for kind in KINDS:
            for element in coverage.elements[kind]:
                writer.writerow([column.side, column.strategy, kind, element, column.fired[kind][element], column.games])
        top = column.top_package()
        if top is not None:
            writer.writerow([column.side, column.strategy, "package",
                             " ".join(f"{k}={v}" for k, v in top[0].items()), top[1], column.games])
    return out.getvalue()
