"""A class report from save files: one row per save and a summary, as text, Markdown, CSV or HTML.

Saves are replayed on the scenario version they were played on (the current
file, or the copy kept beside the saves), so every figure is the engine's own.
The summary per side and the debrief pack's charts live in `report_sides`,
`report_pack` and `report_html`.
Damaged saves, saves from a changed scenario and unfinished games are
listed with what is wrong, never fatal.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from roleplay import saves
from roleplay import text as safe
from roleplay.catalogue import ScenarioNotFound
from roleplay.engine.score import their_batna
from roleplay.engine.session import Session
from roleplay.scenario.loader import Loaded, load
from roleplay.scenario.problems import ScenarioError

PARTS = ("outcome", "realism", "gap_closure", "relationship", "efficiency")


@dataclass
class Row:
    file: str
    player: str = ""
    scenario: str = ""
    delegation: str = ""
    status: str = "finished"
    ending: str = ""
    score: float | None = None
    parts: dict[str, float] = field(default_factory=dict)
    reality_gaps: dict[str, float] = field(default_factory=dict)
    version: str = ""
    """Which version of the scenario the game was played and graded on."""
    kind: str = ""
    """agreement, partial or breakdown."""
    lessons: list[tuple[str, str]] = field(default_factory=list)
    """The lessons the debrief showed, as (id, text)."""
    table: Table | None = None
    """Where the game ended against what was possible, for the debrief pack."""
    coach: str = "off"
    """The coach's level the game was played with."""
    parent: str = ""
    """For a fork: the save it was forked from; a fork is listed, never counted as another student."""
    fork_round: int | None = None

    @property
    def counted(self) -> bool:
        return self.status == "finished" and self.score is not None and not self.parent


@dataclass
class Table:
    """One game's outcome against the possible: both sides' utilities, the frontier, Nash and the BATNAs.

    `mine` is the played side's utility, `theirs` the main counterpart's.
    """

    counterpart: str
    mine: float
    theirs: float
    batnas: tuple[float, float]
    nash: tuple[float, float] | None
    frontier: list[tuple[float, float]]


@dataclass
class ClassReport:
    rows: list[Row]

    def finished(self) -> list[Row]:
        return [r for r in self.rows if r.counted]

    def forks(self) -> list[Row]:
        return [r for r in self.rows if r.parent]

    def endings(self) -> Counter[str]:
        return Counter(r.ending for r in self.finished())

    def scores(self) -> dict[str, float]:
        values = [r.score for r in self.finished() if r.score is not None]
        if not values:
            return {}
        return {"mean": statistics.fmean(values), "median": statistics.median(values), "min": min(values), "max": max(values)}

    def most_off(self) -> list[tuple[str, float]]:
        """Issues by mean reality gap: where the class's expectations were furthest from what was achievable."""
        gaps: dict[str, list[float]] = defaultdict(list)
        for row in self.finished():
            for issue, gap in row.reality_gaps.items():
                gaps[f"{row.scenario}:{issue}"].append(gap)
        return sorted(((issue, statistics.fmean(values)) for issue, values in gaps.items()), key=lambda x: (-x[1], x[0]))


def save_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.glob("*.json")) if _is_dir(path) else [path])
    return found


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a looping link: reported as an unreadable save
        return False


def build(paths: list[Path]) -> ClassReport:
    scenarios: dict[str, Loaded | str] = {}
    return ClassReport([_guarded_row(path, scenarios) for path in save_files(paths)])


def _guarded_row(path: Path, cache: dict[str, Loaded | str]) -> Row:
    """One save's row; whatever is wrong with this one file, the rest of the class is still reported."""
    try:
        return _row(path, cache)
    except Exception as exc:  # noqa: BLE001 - one student's file must never stop the class report
        return Row(file=str(path), status=f"could not be reported: {type(exc).__name__}: {exc}")


def _scenario(save: saves.SaveFile, path: Path, cache: dict[str, Loaded | str]) -> tuple[Loaded | str, str]:
    """The scenario a save was played on (the current file, or the version kept beside the saves), and which."""
    try:
        source, which = saves.played_on(save, path)
    except ScenarioNotFound as exc:
        return f"scenario not usable: {str(exc).splitlines()[0]}", ""
    key = str(source)
    if key not in cache:
        try:
            cache[key] = load(source)
        except (ScenarioNotFound, ScenarioError) as exc:
            cache[key] = f"scenario not usable: {(str(exc).splitlines() or ['no such scenario'])[0]}"
    version = save.scenario_digest[:12]
    label = {"current": f"{version} (current)", "earlier": f"{version} (earlier, kept copy)"}.get(which, version)
    return cache[key], label


def _row(path: Path, cache: dict[str, Loaded | str]) -> Row:
    try:
        save = saves.read(path)
    except saves.SaveError as exc:
        return Row(file=str(path), status=f"unreadable: {exc}")
    row = Row(file=str(path), player=save.player, scenario=save.scenario_id, delegation=save.delegation,
              coach=save.coach, parent=save.parent, fork_round=save.fork_round)
    loaded, row.version = _scenario(save, path, cache)
    if isinstance(loaded, str):
        row.status = loaded
        return row
    try:
        session = saves.replay(save, loaded.scenario, loaded.digest, path)
    except saves.SaveError as exc:
        row.status = "scenario changed since the game was played" if isinstance(exc, saves.ScenarioChanged) else str(exc)
        return row
    state = session.state
    if state.outcome is None or state.score is None:
        row.status = f"unfinished ({session.phase}, round {state.round})"
        return row
    row.ending = state.outcome.ending
    row.score = state.score.total
    row.parts = {p.name: p.value for p in state.score.parts}
    last = state.gaps[-1].round
    row.reality_gaps = {g.issue: g.reality for g in state.gaps if g.round == last and g.counterpart == session.main.id}
    row.kind = str(getattr(state.outcome.kind, "value", state.outcome.kind))
    texts = {lesson.id: lesson.text for lesson in session.scenario.lessons}
    row.lessons = [(lesson, texts.get(lesson, lesson)) for lesson in state.lessons]
    row.table = _table(session)
    return row


def _table(session: Session) -> Table | None:
    """The game's point and its frontier, read from the score by name so that a richer score still fits."""
    score = session.state.score
    mine, theirs = getattr(score, "player_utility", None), getattr(score, "counterpart_utility", None)
    if mine is None or theirs is None:
        return None
    nash = getattr(score, "nash_utilities", None)
    return Table(counterpart=session.main.id, mine=float(mine), theirs=float(theirs),
                 batnas=(session.player.batna.utility, their_batna(session)),
                 nash=(float(nash[0]), float(nash[1])) if getattr(score, "nash", None) and nash is not None else None,
                 frontier=[(float(x), float(y)) for x, y in getattr(score, "frontier", [])])


def _columns(row: Row) -> list[str]:
    score = "" if row.score is None else f"{row.score:.1f}"
    return [row.player or "-", row.scenario or "-", row.delegation or "-", row.ending or row.status, score,
            *(f"{row.parts[p]:.2f}" if p in row.parts else "" for p in PARTS), Path(row.file).name,
            row.version or "-", row.coach,
            (f"{row.parent} r{row.fork_round}" if row.fork_round is not None else f"{row.parent} replayed")
            if row.parent else "-"]


HEADERS = ["player", "scenario", "side", "ending", "score", *PARTS, "file", "version", "coach", "fork of"]


def as_csv(report: ClassReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in report.rows:
        writer.writerow([safe.csv_cell(cell) for cell in _columns(row)])
    return out.getvalue()


def as_markdown(report: ClassReport) -> str:
    lines = ["# Class report", "", "| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(safe.markdown(c) for c in _columns(row)) + " |" for row in report.rows]
    lines += ["", *(_summary(report, bullet="- ", escape=safe.markdown))]
    return "\n".join(lines) + "\n"


def as_text(report: ClassReport) -> str:
    table = [HEADERS, *([safe.one_line(cell) for cell in _columns(row)] for row in report.rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADERS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in table]
    return "\n".join([*lines, "", *_summary(report, bullet="  ", escape=safe.one_line)]) + "\n"


def _summary(report: ClassReport, bullet: str, escape: Callable[[str], str]) -> list[str]:
    finished = report.finished()
    forks = report.forks()
    lines = [f"{len(report.rows)} saves, {len(finished)} finished games"
             + (f" ({len(forks)} fork{'s' if len(forks) != 1 else ''} listed, not counted)" if forks else "")]
    scores = report.scores()
    if scores:
        lines.append("scores: " + ", ".join(f"{k} {v:.1f}" for k, v in scores.items()))
        lines.append("endings:")
        lines += [f"{bullet}{escape(ending)}: {count}" for ending, count in report.endings().most_common()]
        lines.append("expectations furthest from what was achievable (mean reality gap):")
        lines += [f"{bullet}{escape(issue)}: {gap:.2f}" for issue, gap in report.most_off()[:5]]
    from roleplay.report_sides import side_lines

    per_side = side_lines(report, bullet, escape=escape)
    if per_side:
        lines += ["by scenario and side:", *per_side]
    if forks:
        lines.append("forks and replays (played on from a parent's round, or its moves on a changed scenario):")
        lines += [f"{bullet}{Path(r.file).name}: {saves.descent(r.parent, r.fork_round)}"
                  + (f", {r.ending} {r.score:.1f}" if r.score is not None else f", {r.status}") for r in forks]
    problems = [r for r in report.rows if r.status != "finished"]
    if problems:
        lines.append("not counted:")
        lines += [f"{bullet}{escape(f'{Path(r.file).name}: {r.status}')}" for r in problems]
    return lines


def as_html(report: ClassReport) -> str:
    from roleplay.report_html import as_html as page

    return page(report)


def as_chart(report: ClassReport) -> str:
    from roleplay.report_pack import as_text as chart

    return chart(report)


def as_chart_csv(report: ClassReport) -> str:
    from roleplay.report_pack import as_csv as points

    return points(report)


FORMATS = {"text": as_text, "markdown": as_markdown, "csv": as_csv, "html": as_html, "chart": as_chart,
           "chart-csv": as_chart_csv}
