"""The class report as one self-contained HTML page to project: no script, no file beside it.

Every text that comes from a save or a scenario (names, endings, lessons)
is escaped; the charts are inline SVG.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from roleplay.report_pack import LEGEND, as_svg, charts
from roleplay.report_sides import by_side
from roleplay.text import html as escape

if TYPE_CHECKING:
    from roleplay.report import ClassReport

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #222; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 2rem; } figure { margin: 0; }
figcaption { font-weight: bold; margin-bottom: 0.3rem; } .muted { color: #666; }
.key span { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 50%; margin: 0 0.3rem 0 1rem; }
"""


def as_html(report: ClassReport) -> str:
    finished = report.finished()
    body = [f"<h1>Class report</h1><p class=\"muted\">{len(report.rows)} saves, {len(finished)} finished games</p>",
            _sides(report), _charts(report), _rows(report)]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>Class report</title><style>{STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def _sides(report: ClassReport) -> str:
    head = ("<tr><th>scenario</th><th>side</th><th>saves</th><th>finished</th><th>agreement</th><th>score p25</th>"
            "<th>median</th><th>p75</th><th>endings</th><th>most common lessons</th></tr>")
    rows = []
    for side in by_side(report):
        quartiles = side.quartiles()
        q = [f"{v:.1f}" for v in quartiles] if quartiles else ["", "", ""]
        rate = "" if side.agreement_rate is None else f"{side.agreement_rate:.0%}"
        endings = ", ".join(f"{escape(e)} {n}" for e, n in side.endings.most_common())
        lessons = "<br>".join(f"{escape(text)} <span class=\"muted\">({n})</span>"
                              for (_, text), n in side.lessons.most_common(3))
        rows.append(f"<tr><td>{escape(side.scenario)}</td><td>{escape(side.side)}</td><td class=\"n\">{side.count}</td>"
                    f"<td class=\"n\">{side.finished}</td><td class=\"n\">{rate}</td>"
                    + "".join(f"<td class=\"n\">{v}</td>" for v in q) + f"<td>{endings}</td><td>{lessons}</td></tr>")
    return f"<h2>By scenario and side</h2><table>{head}{''.join(rows)}</table>"


def _charts(report: ClassReport) -> str:
    key = "".join(f"<span style=\"background:{colour}\"></span>{kind}" for kind, colour in LEGEND)
    figures = [f"<figure><figcaption>{escape(c.scenario)} as {escape(c.side)} ({len(c.outcomes)} tables)"
               f"</figcaption>{as_svg(c)}</figure>" for c in charts(report)]
    return ("<h2>Outcomes against what was possible</h2><p class=\"muted\">Each dot is one table; the blue line is "
            "the Pareto frontier, the diamond the Nash bargaining point, the dashed lines both sides' BATNAs. "
            f"Dots towards the top right left less on the table.</p><p class=\"key\">{key}</p>"
            f"<div class=\"charts\">{''.join(figures) or '<p>No finished games yet.</p>'}</div>")


def _rows(report: ClassReport) -> str:
    from roleplay.report import HEADERS, _columns

    head = "".join(f"<th>{escape(h)}</th>" for h in HEADERS)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in _columns(row)) + "</tr>"
                   for row in report.rows)
    problems = [r for r in report.rows if r.status != "finished"]
    notes = "".join(f"<li>{escape(Path(r.file).name)}: {escape(r.status)}</li>" for r in problems)
    return (f"<h2>Every save</h2><table><tr>{head}</tr>{body}</table>"
            + (f"<h3>Not counted</h3><ul>{notes}</ul>" if notes else ""))
