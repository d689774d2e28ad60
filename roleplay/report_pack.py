"""The debrief pack: every table's outcome against the Pareto frontier, the Nash point and both BATNAs.

One chart per scenario and side: across, the utility to the side the
students played; up, the utility to the main counterpart. The same points
are written as CSV (one row per point) for a spreadsheet, drawn in text for
the terminal and as SVG for the HTML report.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from roleplay.text import csv_cell
from roleplay.text import html as escape

if TYPE_CHECKING:
    from roleplay.report import ClassReport

KINDS = {"agreement": ("A", "#2e7d32"), "partial": ("p", "#ef6c00"), "breakdown": ("x", "#c62828")}
"""Outcome kind -> its mark in the text chart and its colour in the SVG."""


@dataclass
class Outcome:
    player: str
    ending: str
    kind: str
    mine: float
    theirs: float


@dataclass
class Chart:
    scenario: str
    side: str
    counterpart: str
    batnas: tuple[float, float]
    nash: tuple[float, float] | None
    frontier: list[tuple[float, float]]
    outcomes: list[Outcome] = field(default_factory=list)

    def bounds(self) -> tuple[float, float, float, float]:
        xs = [0.0, 1.0, self.batnas[0], *(x for x, _ in self.frontier), *(o.mine for o in self.outcomes)]
        ys = [0.0, 1.0, self.batnas[1], *(y for _, y in self.frontier), *(o.theirs for o in self.outcomes)]
        return min(xs), max(xs), min(ys), max(ys)


def charts(report: ClassReport) -> list[Chart]:
    """One chart per scenario and side with at least one finished game; the frontier is the first game's."""
    found: dict[tuple[str, str], Chart] = {}
    for row in report.finished():
        table = row.table
        if table is None:
            continue
        key = (row.scenario, row.delegation)
        if key not in found:
            found[key] = Chart(row.scenario, row.delegation, table.counterpart, table.batnas, table.nash,
                               sorted(table.frontier))
        found[key].outcomes.append(Outcome(row.player or "-", row.ending, row.kind, table.mine, table.theirs))
    return [found[key] for key in sorted(found)]


CSV_HEADERS = ["scenario", "side", "counterpart", "point", "player", "ending", "kind", "utility_side",
               "utility_counterpart"]


def as_csv(report: ClassReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADERS)
    for chart in charts(report):
        head = [csv_cell(chart.scenario), csv_cell(chart.side), csv_cell(chart.counterpart)]
        for outcome in chart.outcomes:
            writer.writerow([*head, "outcome", csv_cell(outcome.player), csv_cell(outcome.ending), outcome.kind,
                             f"{outcome.mine:.4f}", f"{outcome.theirs:.4f}"])
        if chart.nash:
            writer.writerow([*head, "nash", "", "", "", f"{chart.nash[0]:.4f}", f"{chart.nash[1]:.4f}"])
        writer.writerow([*head, "batna", "", "", "", f"{chart.batnas[0]:.4f}", f"{chart.batnas[1]:.4f}"])
        for x, y in chart.frontier:
            writer.writerow([*head, "frontier", "", "", "", f"{x:.4f}", f"{y:.4f}"])
    return out.getvalue()


def as_text(report: ClassReport, width: int = 60, height: int = 18) -> str:
    blocks = [_text_chart(chart, width, height) for chart in charts(report)]
    return "\n".join(blocks) if blocks else "no finished games to chart\n"


def _text_chart(chart: Chart, width: int, height: int) -> str:
    x0, x1, y0, y1 = chart.bounds()
    grid = [[" "] * width for _ in range(height)]

    def cell(x: float, y: float) -> tuple[int, int]:
        column = round((x - x0) / ((x1 - x0) or 1) * (width - 1))
        line = height - 1 - round((y - y0) / ((y1 - y0) or 1) * (height - 1))
        return line, column

    column = cell(chart.batnas[0], y0)[1]
    for line in range(height):
        grid[line][column] = "|"
    line = cell(x0, chart.batnas[1])[0]
    for column in range(width):
        grid[line][column] = "+" if grid[line][column] == "|" else "-"
    for x, y in chart.frontier:
        line, column = cell(x, y)
        grid[line][column] = "."
    if chart.nash:
        line, column = cell(*chart.nash)
        grid[line][column] = "N"
    stacked: dict[tuple[int, int], int] = {}
    for outcome in chart.outcomes:
        line, column = cell(outcome.mine, outcome.theirs)
        stacked[line, column] = stacked.get((line, column), 0) + 1
        count = stacked[line, column]
        grid[line][column] = KINDS.get(outcome.kind, ("o", ""))[0] if count == 1 else (str(count) if count < 10 else "#")
    title = f"{chart.scenario} as {chart.side}: {len(chart.outcomes)} tables"
    rows = [f"{y1:5.2f} ┤" + "".join(grid[0])] + ["      │" + "".join(r) for r in grid[1:-1]]
    rows.append(f"{y0:5.2f} ┤" + "".join(grid[-1]))
    rows.append("      └" + "─" * width)
    rows.append(f"       {x0:<5.2f}{'utility to ' + chart.side:^{width - 10}}{x1:>5.2f}")
    legend = ("up: utility to " + chart.counterpart + " · A agreement · p partial · x breakdown · N Nash point · "
              ". Pareto frontier · | - both BATNAs · 2-9 tables in one place")
    return "\n".join([title, *rows, legend, ""])


def as_svg(chart: Chart, width: int = 520, height: int = 400) -> str:
    """The chart as an inline SVG element, every label escaped."""
    left, right, top, bottom = 56, 16, 16, 48
    x0, x1, y0, y1 = chart.bounds()

    def sx(x: float) -> float:
        return left + (x - x0) / ((x1 - x0) or 1) * (width - left - right)

    def sy(y: float) -> float:
        return height - bottom - (y - y0) / ((y1 - y0) or 1) * (height - top - bottom)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="{escape(chart.scenario)} as {escape(chart.side)}">',
             f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{height - top - bottom}" '
             'fill="none" stroke="#999"/>']
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        if x0 <= tick <= x1:
            parts.append(f'<text x="{sx(tick):.1f}" y="{height - bottom + 16}" font-size="11" '
                         f'text-anchor="middle">{tick:.2f}</text>')
        if y0 <= tick <= y1:
            parts.append(f'<text x="{left - 6}" y="{sy(tick) + 4:.1f}" font-size="11" text-anchor="end">{tick:.2f}</text>')
    parts.append(f'<text x="{(left + width - right) / 2:.1f}" y="{height - 10}" font-size="12" text-anchor="middle">'
                 f'utility to {escape(chart.side)}</text>')
    parts.append(f'<text x="14" y="{(top + height - bottom) / 2:.1f}" font-size="12" text-anchor="middle" '
                 f'transform="rotate(-90 14 {(top + height - bottom) / 2:.1f})">utility to {escape(chart.counterpart)}</text>')
    bx, by = sx(chart.batnas[0]), sy(chart.batnas[1])
    parts.append(f'<line x1="{bx:.1f}" y1="{top}" x2="{bx:.1f}" y2="{height - bottom}" stroke="#777" '
                 'stroke-dasharray="4 3"><title>BATNA of ' + escape(chart.side) + f' ({chart.batnas[0]:.2f})</title></line>')
    parts.append(f'<line x1="{left}" y1="{by:.1f}" x2="{width - right}" y2="{by:.1f}" stroke="#777" '
                 'stroke-dasharray="4 3"><title>BATNA of ' + escape(chart.counterpart)
                 + f' ({chart.batnas[1]:.2f})</title></line>')
    if chart.frontier:
        points = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in chart.frontier)
        parts.append(f'<polyline points="{points}" fill="none" stroke="#1565c0" stroke-width="2">'
                     '<title>Pareto frontier</title></polyline>')
    if chart.nash:
        nx, ny = sx(chart.nash[0]), sy(chart.nash[1])
        parts.append(f'<path d="M{nx:.1f},{ny - 8:.1f} L{nx + 8:.1f},{ny:.1f} L{nx:.1f},{ny + 8:.1f} '
                     f'L{nx - 8:.1f},{ny:.1f} Z" fill="#6a1b9a"><title>Nash point ({chart.nash[0]:.2f}, '
                     f'{chart.nash[1]:.2f})</title></path>')
    for outcome in chart.outcomes:
        colour = KINDS.get(outcome.kind, ("o", "#555"))[1]
        parts.append(f'<circle cx="{sx(outcome.mine):.1f}" cy="{sy(outcome.theirs):.1f}" r="5" fill="{colour}" '
                     f'fill-opacity="0.7"><title>{escape(outcome.player)}: {escape(outcome.ending)} '
                     f'({outcome.mine:.2f}, {outcome.theirs:.2f})</title></circle>')
    parts.append("</svg>")
    return "\n".join(parts)


LEGEND = [("agreement", KINDS["agreement"][1]), ("partial", KINDS["partial"][1]), ("breakdown", KINDS["breakdown"][1])]
