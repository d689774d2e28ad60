"""The simulation results as terminal tables (with small bar charts) and CSV."""

from __future__ import annotations

import csv
import io
import textwrap
from typing import Any


def balance_csv(rows: list[dict[str, Any]]) -> str:
    issues = sorted({issue for row in rows for issue in row["mean_final_gaps"]})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["side", "strategy", "runs", "agreement_rate", "mean", "p25", "median", "p75", "endings",
                     *(f"gap_{issue}" for issue in issues)])
    for row in rows:
        score, gaps, endings = row["score"], row["mean_final_gaps"], row["endings"]
        writer.writerow([row["delegation"], row["strategy"], row["runs"], row["agreement_rate"],
                         *(score[k] for k in ("mean", "p25", "median", "p75")),
                         " ".join(f"{k}={v}" for k, v in endings.items()),
                         *(gaps.get(issue, "") for issue in issues)])
    return out.getvalue()


def bar(value: float, width: int = 10) -> str:
    filled = max(0, min(width, round(value * width)))
    return "█" * filled + "·" * (width - filled)


def balance_text(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'side':<12} {'strategy':<11} {'agree':>5}  {'median score':<22} {'p25-p75':>11}  endings"]
    for row in rows:
        score = row["score"]
        assert isinstance(score, dict)
        endings = ", ".join(f"{k} {v}" for k, v in sorted(row["endings"].items(), key=lambda kv: -kv[1]))
        lines.append(f"{row['delegation']!s:<12} {row['strategy']!s:<11} {float(row['agreement_rate']):>5.0%}  "
                     f"{bar(score['median'] / 100)} {score['median']:>5.1f}      "
                     f"{score['p25']:>5.1f}-{score['p75']:<5.1f}  {endings}")
    lines.append("\nmean final position gap per issue (0: closed, 1: opposite ends):")
    for row in rows:
        gaps = row["mean_final_gaps"]
        assert isinstance(gaps, dict)
        lines.append(f"  {row['delegation']!s:<12} {row['strategy']!s:<11} "
                     + "  ".join(f"{issue} {bar(gap, 5)} {gap:.2f}" for issue, gap in gaps.items()))
    return "\n".join(lines)


def summary_text(summary: dict[str, Any]) -> str:
    score = summary["score"]
    assert isinstance(score, dict)
    endings = summary["endings"]
    assert isinstance(endings, dict)
    runs = int(summary["runs"])
    lines = [
        f"{summary['scenario']} as {summary['delegation']}, strategy {summary['strategy']}: "
        f"{runs} games, seed {summary['seed']}",
        f"  agreement rate  {float(summary['agreement_rate']):.0%}",
        f"  score           mean {score['mean']:.1f}   p25 {score['p25']:.1f}   "
        f"median {score['median']:.1f}   p75 {score['p75']:.1f}",
        "  endings",
    ]
    for ending, count in endings.items():
        bar = "#" * max(1, round(30 * count / runs))
        lines.append(f"    {ending:<24} {count:>6}  {bar}")
    return "\n".join(lines)


def audit_text(sides: list[dict[str, object]]) -> str:
    """The audit of each side: one row per class of play, its best policy in words beneath it."""
    blocks = []
    for side in sides:
        exploits = side["exploits"]
        assert isinstance(exploits, list)
        verdict = f"exploitable ({', '.join(exploits)})" if exploits else "robust"
        lines = [f"{side['scenario']} as {side['side']}: {side['games']} games, {verdict}",
                 f"  {'class':<21} {'best':>6} {'median':>7}  most frequent ending"]
        classes = side["classes"]
        assert isinstance(classes, dict)
        for name, result in classes.items():
            best = "-" if result["best"] is None else f"{result['best']:.1f}"
            median = "-" if result["median"] is None else f"{result['median']:.1f}"
            flag = "  <- not below sensible" if name in exploits else ""
            lines.append(f"  {name:<21} {best:>6} {median:>7}  {result['ending'] or '-'}{flag}")
            lines.extend(textwrap.wrap(result["policy"], width=80, initial_indent="      ", subsequent_indent="      "))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
