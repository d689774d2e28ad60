"""The class report's summary per side and its debrief pack (chart data, text chart, HTML page)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from roleplay.cli import main
from roleplay.engine.session import Session
from roleplay.saves import Slot
from roleplay.scenario.loader import load
from roleplay.simulation.simulate import play_game
from tests.conftest import ROOT, TUTORIAL

FLAGSHIP = ROOT / "scenarios" / "us-dprk-summit-2018.yaml"
GAMES = [(FLAGSHIP, "us", "realistic", 0), (FLAGSHIP, "us", "maximalist", 1), (FLAGSHIP, "us", "passive", 2),
         (FLAGSHIP, "dprk", "realistic", 3), (TUTORIAL, "tenant", "realistic", 4), (TUTORIAL, "tenant", "random", 5)]


@pytest.fixture
def played(tmp_path: Path) -> tuple[Path, dict[str, Session]]:
    folder = tmp_path / "class"
    sessions: dict[str, Session] = {}
    for n, (path, side, strategy, seed) in enumerate(GAMES):
        loaded = load(path)
        session = play_game(loaded.scenario, side, strategy, seed=seed)
        player = f"<b>Student {n}</b>" if n == 0 else f"Student {n}"
        Slot(folder / f"game{n}.json", loaded.digest, str(path), player=player).record(session)
        sessions[player] = session
    return folder, sessions


def test_the_summary_per_side_counts_agreements_and_lessons(played: tuple[Path, dict[str, Session]], capsys) -> None:
    folder, sessions = played
    assert main(["report", str(folder)]) == 0
    out = capsys.readouterr().out
    us = [s for s in sessions.values() if s.scenario.id == "us-dprk-summit-2018" and s.me == "us"]
    agreed = sum(1 for s in us if s.state.outcome and s.state.outcome.kind in ("agreement", "partial"))
    assert f"us-dprk-summit-2018 as us: 3 saves, 3 finished, agreement rate {agreed / 3:.0%}" in out
    assert "tutorial-harbour-cafe as tenant: 2 saves, 2 finished" in out
    lessons = [lesson for s in us for lesson in s.state.lessons]
    if lessons:
        top = max(sorted(set(lessons)), key=lessons.count)
        assert f"lesson {top} ({lessons.count(top)})" in out


def test_the_chart_data_are_the_engine_utilities_frontier_nash_and_batnas(
        played: tuple[Path, dict[str, Session]], capsys) -> None:
    folder, sessions = played
    assert main(["report", "--format", "chart-csv", str(folder)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    for player, session in sessions.items():
        score = session.state.score
        assert score is not None
        mine = [r for r in rows if r["point"] == "outcome" and r["player"] == player]
        assert len(mine) == 1
        assert (float(mine[0]["utility_side"]), float(mine[0]["utility_counterpart"])) == pytest.approx(
            (score.player_utility, score.counterpart_utility), abs=1e-4)
    first = sessions["<b>Student 0</b>"]
    group = [r for r in rows if (r["scenario"], r["side"]) == ("us-dprk-summit-2018", "us")]
    drawn = first.state.score
    assert drawn is not None
    assert len([r for r in group if r["point"] == "frontier"]) == len(drawn.frontier)
    batna = next(r for r in group if r["point"] == "batna")
    assert (float(batna["utility_side"]), float(batna["utility_counterpart"])) == pytest.approx(
        (first.player.batna.utility, first.main.batna.utility))
    nash = next(r for r in group if r["point"] == "nash")
    assert (float(nash["utility_side"]), float(nash["utility_counterpart"])) == pytest.approx(
        drawn.nash_utilities, abs=1e-4)


def test_the_text_chart_draws_one_chart_per_side_with_its_points(played: tuple[Path, dict[str, Session]], capsys) -> None:
    folder, _ = played
    assert main(["report", "--format", "chart", str(folder)]) == 0
    out = capsys.readouterr().out
    titles = re.findall(r"^(\S+) as (\S+): (\d+) tables$", out, flags=re.MULTILINE)
    assert titles == [("tutorial-harbour-cafe", "tenant", "2"), ("us-dprk-summit-2018", "dprk", "1"),
                      ("us-dprk-summit-2018", "us", "3")]
    assert out.count("N") >= 3 and "+" in out


def test_the_html_page_stands_alone_with_a_chart_per_side_and_escapes_names(
        played: tuple[Path, dict[str, Session]], tmp_path: Path) -> None:
    folder, _ = played
    target = tmp_path / "report.html"
    assert main(["report", "--format", "html", "--output", str(target), str(folder)]) == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == 3 and page.count("<circle") == len(GAMES)
    assert "<script" not in page and not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    assert "<b>Student 0</b>" not in page and "&lt;b&gt;Student 0&lt;/b&gt;" in page
