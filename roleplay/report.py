"""A class report from save files: one row per save and a summary, as text, Markdown or CSV.

Saves are replayed on their scenario, so every figure is the engine's own.
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


@dataclass
class ClassReport:
    rows: list[Row]

    def finished(self) -> list[Row]:
        return [r for r in self.rows if r.status == "finished" and r.score is not None]

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


def _scenario(save: saves.SaveFile, cache: dict[str, Loaded | str]) -> Loaded | str:
    key = save.scenario_path or save.scenario_id
    if key not in cache:
        try:
            cache[key] = load(saves.scenario_file(save))
        except (ScenarioNotFound, ScenarioError) as exc:
            cache[key] = f"scenario not usable: {(str(exc).splitlines() or ['no such scenario'])[0]}"
    return cache[key]


def _row(path: Path, cache: dict[str, Loaded | str]) -> Row:
    try:
        save = saves.read(path)
    except saves.SaveError as exc:
        return Row(file=str(path), status=f"unreadable: {exc}")
    row = Row(file=str(path), player=save.player, scenario=save.scenario_id, delegation=save.delegation)
    loaded = _scenario(save, cache)
    if isinstance(loaded, str):
        row.status = loaded
        return row
    try:
        session = saves.replay(save, loaded.scenario, loaded.digest, path)
    except saves.SaveError as exc:
        row.status = "scenario changed since the game was played" if isinstance(exc, saves.ScenarioChanged) else str(exc)
        return row
    state = session.state_data
    if state.outcome is None or state.score is None:
        row.status = f"unfinished ({session.state}, round {state.round})"
        return row
    row.ending = state.outcome.ending
    row.score = state.score.total
    row.parts = {p.name: p.value for p in state.score.parts}
    last = state.gaps[-1].round
    row.reality_gaps = {g.issue: g.reality for g in state.gaps if g.round == last and g.counterpart == session.main.id}
    return row


def _columns(row: Row) -> list[str]:
    score = "" if row.score is None else f"{row.score:.1f}"
    return [row.player or "-", row.scenario or "-", row.delegation or "-", row.ending or row.status, score,
            *(f"{row.parts[p]:.2f}" if p in row.parts else "" for p in PARTS), Path(row.file).name]


HEADERS = ["player", "scenario", "side", "ending", "score", *PARTS, "file"]


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


def as_html(report: ClassReport) -> str:
    """A standalone page: every value from a save or a scenario is escaped, so it shows as text."""
    head = "".join(f"<th>{safe.html(h)}</th>" for h in HEADERS)
    body = "\n".join("<tr>" + "".join(f"<td>{safe.html(c)}</td>" for c in _columns(row)) + "</tr>"
                     for row in report.rows)
    summary = "\n".join(f"<li>{line}</li>" for line in _summary(report, bullet="", escape=safe.html))
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Class report</title></head><body>\n"
            f"<h1>Class report</h1>\n<table>\n<tr>{head}</tr>\n{body}\n</table>\n<ul>\n{summary}\n</ul>\n"
            "</body></html>\n")


def as_text(report: ClassReport) -> str:
    table = [HEADERS, *([safe.one_line(cell) for cell in _columns(row)] for row in report.rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADERS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip() for line in table]
    return "\n".join([*lines, "", *_summary(report, bullet="  ", escape=safe.one_line)]) + "\n"


def _summary(report: ClassReport, bullet: str, escape: Callable[[str], str]) -> list[str]:
    finished = report.finished()
    lines = [f"{len(report.rows)} saves, {len(finished)} finished games"]
    scores = report.scores()
    if scores:
        lines.append("scores: " + ", ".join(f"{k} {v:.1f}" for k, v in scores.items()))
        lines.append("endings:")
        lines += [f"{bullet}{escape(ending)}: {count}" for ending, count in report.endings().most_common()]
        lines.append("expectations furthest from what was achievable (mean reality gap):")
        lines += [f"{bullet}{escape(issue)}: {gap:.2f}" for issue, gap in report.most_off()[:5]]
    problems = [r for r in report.rows if r.status != "finished"]
    if problems:
        lines.append("not counted:")
        lines += [f"{bullet}{escape(f'{Path(r.file).name}: {r.status}')}" for r in problems]
    return lines


FORMATS = {"text": as_text, "markdown": as_markdown, "csv": as_csv, "html": as_html}
