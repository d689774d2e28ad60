"""The benchmark harness's own logic: percentiles, the table, the generated scenario (no timing here)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bench import generate
from bench.measure import Row, Stats, alternate, table
from roleplay.scenario.loader import check_file


def test_p99_is_the_nearest_rank_and_the_slowest_sample_below_a_hundred() -> None:
    assert Stats(tuple(range(1, 201))).p99 == 198
    assert Stats((5.0, 1.0, 3.0)).p99 == 5.0
    assert Stats((5.0, 1.0, 3.0)).median == 3.0


def test_alternate_takes_a_and_b_in_turn() -> None:
    order: list[str] = []

    def timed(name: str, seconds: float) -> Callable[[], float]:
        def run() -> float:
            order.append(name)
            return seconds
        return run

    first, second = alternate(timed("a", 1.0), timed("b", 2.0), 3)
    assert order == ["a", "b"] * 3
    assert first.samples == (1.0,) * 3 and second.samples == (2.0,) * 3


def test_the_table_marks_missed_targets_and_rows_without_one() -> None:
    rows = [Row("fast", "1 ms", "2 ms", "ref", "0.5", "< 5 ms", True),
            Row("slow", "9 ms", "", "ref", "", "< 5 ms", False),
            Row("info", "3 MiB", "", "ref", "", "", None)]
    lines = table(rows).splitlines()
    assert lines[0].startswith("| measure |") and len(lines) == 5
    assert lines[2].endswith("| yes |") and lines[3].endswith("| **no** |") and lines[4].endswith("| — |")


def test_the_generated_scenario_is_valid_and_has_the_size_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "generated.yaml"
    path.write_text(generate.text(40, 6), encoding="utf-8")
    report = check_file(path)
    assert report.ok, report.problems
    assert report.scenario is not None
    assert len(report.scenario.issues) == 40 and len(report.scenario.delegations) == 6


def test_the_fitted_exponent_is_the_power_the_cost_grows_by() -> None:
    from bench.engine import exponent

    assert abs(exponent((6, 50, 200), [3.0 * n for n in (6, 50, 200)]) - 1.0) < 1e-9
    assert abs(exponent((8, 20, 40), [0.5 * n**2 for n in (8, 20, 40)]) - 2.0) < 1e-9


def test_the_floor_plays_whole_games_the_same_way_for_a_seed() -> None:
    from bench.floor import game

    scores = [game([6, 5, 5, 5, 4, 5], 8, seed) for seed in range(20)]
    assert scores == [game([6, 5, 5, 5, 4, 5], 8, seed) for seed in range(20)]
    assert len(set(scores)) > 1 and all(0 <= s <= 100 for s in scores)


def test_the_small_domain_is_a_valid_scenario_of_sixty_four_outcomes_that_plays_to_the_end() -> None:
    from bench.throughput import SMALL, small_scenario
    from roleplay.simulation.simulate import play_game

    scenario = small_scenario()
    issues, options, rounds = SMALL
    sizes = [len(issue.options) for issue in scenario.issues]
    assert sizes == [options] * issues and options**issues == 64 and scenario.rounds == rounds
    assert [d.id for d in scenario.delegations] == ["buyer", "seller"]
    assert play_game(scenario, "buyer", "realistic", 1).finished()
