"""The exploit search: its classes, its reproducibility, its report and its exit code."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest
import yaml

from roleplay import cli
from roleplay.simulation import audit as audit_module
from roleplay.simulation.audit import (
    CLASSES,
    SEEDS_PER_POLICY,
    ClassResult,
    PlayClass,
    Runner,
    SideAudit,
    audit_side,
    budgets,
    exploits,
    scenario_at,
    side_seeds,
)
from roleplay.simulation.pilot import IDLE_MOVES, play
from roleplay.simulation.policy import PARAMETERS, Policy, describe, full_space, preparations
from tests.conftest import TUTORIAL

CLASS_NAMES = [c.name for c in CLASSES]
GAMES = 180


def _audit_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, object]:
    code = cli.main(["audit", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def tenant_audit() -> SideAudit:
    """One small audit of the tutorial's tenant, shared by the tests that read its report."""
    scenario = scenario_at(str(TUTORIAL))
    return audit_side(scenario, "tenant", Runner(str(TUTORIAL), 1), games=GAMES, seed=3)


# --- the report ------------------------------------------------------------------


def test_with_a_side_the_json_is_one_object_with_every_class(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _audit_json(capsys, str(TUTORIAL), "--as", "landlord", "--games", str(GAMES), "--jobs", "1")
    assert isinstance(report, dict)
    assert set(report) == {"scenario", "side", "games", "classes", "verdict", "exploits"}
    assert (report["scenario"], report["side"]) == ("tutorial-harbour-cafe", "landlord")
    assert report["games"] >= GAMES and report["games"] % SEEDS_PER_POLICY == 0
    assert list(report["classes"]) == CLASS_NAMES
    for result in report["classes"].values():
        assert set(result) == {"best", "median", "policy", "ending"}
        assert result["best"] is None or 0 <= result["best"] <= 100
        assert isinstance(result["policy"], str) and result["policy"]
    assert report["verdict"] == ("exploitable" if report["exploits"] else "robust")
    sensible = report["classes"]["sensible"]["best"]
    assert report["exploits"] == [name for name, r in report["classes"].items()
                                  if name != "sensible" and r["best"] is not None and r["best"] > sensible]
    assert code == (1 if report["exploits"] else 0)


def test_without_a_side_every_playable_side_is_audited_in_a_list(capsys: pytest.CaptureFixture[str]) -> None:
    _, report = _audit_json(capsys, str(TUTORIAL), "--games", "30", "--jobs", "1")
    assert isinstance(report, list)
    assert [side["side"] for side in report] == ["tenant", "landlord"]


def test_the_text_report_has_a_row_and_the_words_for_each_class(capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["audit", str(TUTORIAL), "--as", "tenant", "--games", "30", "--jobs", "1"])
    out = capsys.readouterr().out
    assert out.startswith("tutorial-harbour-cafe as tenant: ")
    for name in CLASS_NAMES:
        assert any(line.strip().startswith(name + " ") for line in out.splitlines())
    assert "picks " in out and "walks out" in out


def test_a_side_that_is_not_playable_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["audit", str(TUTORIAL), "--as", "council", "--games", "30"]) == 2
    assert "tenant, landlord" in capsys.readouterr().err


# --- reproducible, whatever the number of processes ----------------------------------


def test_the_same_arguments_print_the_same_report(capsys: pytest.CaptureFixture[str]) -> None:
    args = (str(TUTORIAL), "--as", "tenant", "--games", str(GAMES), "--seed", "5", "--jobs", "1")
    assert _audit_json(capsys, *args) == _audit_json(capsys, *args)
    other = _audit_json(capsys, *args[:-3], "7", "--jobs", "1")
    assert other != _audit_json(capsys, *args)


def test_one_process_and_two_give_the_same_report(capsys: pytest.CaptureFixture[str]) -> None:
    args = (str(TUTORIAL), "--as", "landlord", "--games", str(GAMES), "--seed", "2")
    assert _audit_json(capsys, *args, "--jobs", "1") == _audit_json(capsys, *args, "--jobs", "2")


# --- each class reports a policy that really plays that way ---------------------------


def _replayed(audit: SideAudit, name: str) -> tuple[Policy, list]:
    policy = audit.policies[name]
    assert policy is not None, f"the search found no {name} policy"
    scenario = scenario_at(str(TUTORIAL))
    return policy, [play(scenario, audit.side, policy, seed) for seed in side_seeds(3)]


@pytest.mark.parametrize("name", CLASS_NAMES)
def test_the_reported_score_and_words_are_those_of_the_reported_policy(tenant_audit: SideAudit, name: str) -> None:
    result = tenant_audit.classes[name]
    if tenant_audit.policies[name] is None:
        assert result.best is None and result.policy.startswith("none of the")
        return
    policy, games = _replayed(tenant_audit, name)
    assert result.best == round(sum(g.score for g in games) / len(games), 2)
    assert result.policy == describe(policy, scenario_at(str(TUTORIAL)).rounds)
    assert result.ending in {g.ending for g in games}


def test_sensible_play_prepares_expects_within_reason_and_neither_walks_out_nor_presses(tenant_audit: SideAudit) -> None:
    policy, games = _replayed(tenant_audit, "sensible")
    team, allies = policy.prep
    assert team and allies and policy.expect != 0.0 and policy.walk_out == 0 and policy.pace <= 0.5
    for game in games:
        assert game.moves.count("pressure") <= 1 and not game.walked_out
        assert sum(kind in IDLE_MOVES for kind in game.moves) <= 1


def test_the_unprepared_pick_and_consult_nobody(tenant_audit: SideAudit) -> None:
    policy, _ = _replayed(tenant_audit, "no-preparation")
    assert policy.prep == ((), ())


def test_stalling_spends_the_first_half_of_the_rounds_on_idle_moves(tenant_audit: SideAudit) -> None:
    _, games = _replayed(tenant_audit, "stalling")
    for game in games:
        first = game.moves[:2]
        assert first and all(kind in IDLE_MOVES | {"pressure"} for kind in first)
        assert "propose" not in first and "accept" not in first


def test_pressure_presses_three_times(tenant_audit: SideAudit) -> None:
    _, games = _replayed(tenant_audit, "pressure")
    assert all(g.moves.count("pressure") >= 3 or g.kind == "breakdown" for g in games)


def test_walk_out_games_end_in_a_walk_out(tenant_audit: SideAudit) -> None:
    _, games = _replayed(tenant_audit, "walk-out")
    assert all(g.walked_out and g.kind == "breakdown" for g in games)


def test_maximal_expectations_expect_the_ideal(tenant_audit: SideAudit) -> None:
    policy, _ = _replayed(tenant_audit, "maximal-expectations")
    assert policy.expect == 0.0


def test_early_deals_are_made_in_the_first_two_rounds(tenant_audit: SideAudit) -> None:
    _, games = _replayed(tenant_audit, "early-deal")
    assert all(g.kind in ("agreement", "partial") and g.round <= 2 for g in games)


# --- the verdict and the exit code -------------------------------------------------------


def test_a_bad_class_is_an_exploit_unless_its_best_is_below_sensible() -> None:
    assert exploits({"sensible": 70.0, "stalling": 69.99, "walk-out": None}) == []
    assert exploits({"sensible": 70.0, "pressure": 70.0}) == ["pressure"]  # a tie is not good play winning
    assert exploits({"sensible": 70.0, "stalling": 70.01, "walk-out": 90.0}) == ["stalling", "walk-out"]
    assert exploits({"sensible": None, "stalling": 90.0}) == []


def _fixed(best: dict[str, float]) -> SideAudit:
    return SideAudit("tutorial-harbour-cafe", "tenant", 84,
                     {name: ClassResult(score, score, "plays", "signed") for name, score in best.items()})


@pytest.mark.parametrize(("stalling", "code", "verdict"), [(60.0, 0, "robust"), (75.5, 1, "exploitable")])
def test_the_exit_code_follows_the_verdict(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                           stalling: float, code: int, verdict: str) -> None:
    side = _fixed({"sensible": 75.0, "stalling": stalling, "walk-out": 50.0})
    monkeypatch.setattr(audit_module, "audit", lambda *args, **kwargs: [side])
    assert _audit_json(capsys, str(TUTORIAL), "--as", "tenant") == (code, side.as_dict())
    assert side.as_dict()["verdict"] == verdict


def test_a_scenario_that_gives_in_to_pressure_is_found_exploitable(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A landlord who accepts whatever is asked after three rounds of pressure, on a score of the outcome alone."""
    data = yaml.safe_load(TUTORIAL.read_text(encoding="utf-8"))
    data["id"] = "gives-in-to-pressure"
    landlord = next(d for d in data["delegations"] if d["id"] == "landlord")
    landlord["temperament"] = 0.3
    landlord["rules"].insert(0, {
        "id": "gives-in", "say": "Fine. Have it your way: {package}.", "decide": "accept",
        "when": {"all": [{"move": "pressure"}, {"moves": {"kind": "pressure", "at_least": 3}}]}})
    data["score"] = {"outcome": 1, "realism": 0, "gap_closure": 0, "relationship": 0, "efficiency": 0}
    path = tmp_path / "gives-in-to-pressure.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, report = _audit_json(capsys, str(path), "--as", "tenant", "--games", "120", "--jobs", "1")
    assert code == 1
    assert isinstance(report, dict) and report["verdict"] == "exploitable" and "pressure" in report["exploits"]


# --- the policy family ----------------------------------------------------------------------


def test_the_budget_is_split_evenly_and_covers_the_games_asked() -> None:
    for games in (1, 60, 2000, 2001):
        shares = budgets(games, len(CLASSES))
        assert max(shares) - min(shares) <= 1 and min(shares) >= 2
        assert sum(shares) * SEEDS_PER_POLICY >= games
        assert sum(shares) <= max(2 * len(CLASSES), math.ceil(games / SEEDS_PER_POLICY))


def test_preparations_respect_seats_budget_and_who_serves_whom() -> None:
    scenario = scenario_at(str(TUTORIAL))
    preps = preparations(scenario, "tenant")
    assert ((), ()) in preps and (("accountant", "lawyer"), ()) in preps
    assert (("accountant", "lawyer"), ("council",)) in preps
    assert all(not {"agent", "builder"} & set(team) for team, _ in preps)
    assert all(len(team) <= scenario.team.seats for team, _ in preps)


@pytest.mark.parametrize("play_class", CLASSES, ids=CLASS_NAMES)
def test_a_neighbour_changes_one_parameter_and_stays_in_its_class(play_class: PlayClass) -> None:
    scenario = scenario_at(str(TUTORIAL))
    space = play_class.narrow(full_space(scenario, "tenant"))
    rng = random.Random(1)
    for _ in range(50):
        policy = space.sample(rng)
        neighbour = space.neighbour(policy, rng)
        changed = [name for name in PARAMETERS if getattr(policy, name) != getattr(neighbour, name)]
        assert len(changed) == 1
        assert all(getattr(neighbour, name) in space.domains[name] for name in PARAMETERS)


def test_the_schedule_puts_pressure_first_and_stops_where_bargaining_stops() -> None:
    policy = Policy(pressure=2, pressure_at=2, idle=2, idle_at=1, gestures=1, gesture_at=1)
    assert policy.schedule(6) == {1: "idle", 2: "pressure", 3: "pressure", 4: "idle", 5: "gesture"}
    assert policy.schedule(3) == {1: "idle", 2: "pressure", 3: "pressure"}
    assert Policy(idle=4, call_closing=3).schedule(6) == {1: "idle", 2: "idle"}
    assert Policy(idle=3, accept_from=-1).takes_from(6) == 4


def test_a_policy_in_words() -> None:
    policy = Policy(prep=(("lawyer",), ("council",)), idle=2, pace=1 / 3, accept_at=0.55, gestures=1, gesture_at=3)
    words = describe(policy, 4)
    assert words.startswith("picks lawyer; consults council; expects the intel midpoint; opens balanced at its ideal")
    assert "probes twice in rounds 1-2" in words and "concedes a third of the way" in words
    assert "accepts at 0.55" in words and "gives one gesture in round 3" in words
    assert words.endswith("never pressures; never walks out")
    assert "picks nobody; consults nobody; expects its ideal everywhere" in describe(Policy(expect=0.0), 4)


CHANGED_FROM_SENSIBLE = {
    "no-preparation": {"prep"},
    "stalling": {"idle", "idle_at", "accept_from", "pace", "call_closing"},
    "pressure": {"pressure"},
    "walk-out": {"walk_out"},
    "maximal-expectations": {"expect"},
    "early-deal": {"accept_from"},
    "gives-in": {"opening", "floor"},
}


@pytest.mark.parametrize("play_class", CLASSES[1:], ids=CLASS_NAMES[1:])
def test_each_bad_class_is_sensible_play_changed_where_it_says(play_class: PlayClass) -> None:
    scenario = scenario_at(str(TUTORIAL))
    full = full_space(scenario, "landlord")
    sensible = CLASSES[0].narrow(full)
    bad = play_class.narrow(full)
    changed = {name for name in PARAMETERS if bad.domains[name] != sensible.domains[name]}
    assert changed == CHANGED_FROM_SENSIBLE[play_class.name]
    for name in changed:
        assert bad.domains[name] and set(bad.domains[name]) <= set(full.domains[name])
    widened = [name for name in changed if set(bad.domains[name]) - set(sensible.domains[name])]
    assert widened or play_class.name == "no-preparation", "the class only narrows sensible play"


def test_a_staller_that_never_bargains_is_not_said_to_concede() -> None:
    staller = describe(Policy(idle=3, idle_kind="mixed", accept_from=-1), 4)
    assert "probes and consults at the table by turns 3 times in rounds 1-3" in staller
    assert "takes whatever is offered from round 4" in staller and "concedes" not in staller
    assert "concedes" in describe(Policy(idle=2, idle_at=2, accept_from=4), 4)


def test_a_scenario_that_cannot_be_loaded_is_not_mistaken_for_an_exploit(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["audit", "no-such-scenario", "--games", "30"]) == 2
    assert "no-such-scenario" in capsys.readouterr().err


def test_a_walk_out_after_calling_for_closing_happens_in_the_closing_round() -> None:
    scenario = scenario_at(str(TUTORIAL))
    policy = Policy(prep=(("lawyer",), ("council",)), call_closing=2, walk_out=4)
    assert describe(policy, 4).endswith("calls for closing in round 2; walks out in the closing round")
    game = play(scenario, "tenant", policy, 1)
    assert game.moves[-2:] == ("call_closing", "walk_out") and game.walked_out


def test_a_call_for_closing_that_comes_after_the_walk_out_is_not_mentioned() -> None:
    words = describe(Policy(call_closing=4, walk_out=3), 4)
    assert "calls for closing" not in words and words.endswith("walks out in round 3")


def test_a_class_with_no_choice_of_its_own_on_a_side_is_not_searched_and_never_an_exploit(tmp_path: Path) -> None:
    """A scenario with nothing to prepare: skipping preparation is what sensible play does there too."""
    assert cli.main(["new", "fresh", "--folder", str(tmp_path)]) == 0  # the starting scenario offers none
    path = tmp_path / "fresh.yaml"
    scenario = scenario_at(str(path))
    assert not scenario.team.roster and not any(d.consult for d in scenario.delegations)
    side_id = scenario.playable()[0].id
    side = audit_side(scenario, side_id, Runner(str(path), 1), games=60, seed=1)
    assert list(side.classes) == CLASS_NAMES
    skipped = side.classes["no-preparation"]
    assert (skipped.best, skipped.median) == (None, None) and "same choices as sensible play" in skipped.policy
    assert "no-preparation" not in side.exploits and side.classes["sensible"].best is not None


def test_giving_in_opens_at_the_floor_a_whisker_above_no_deal(tenant_audit: SideAudit) -> None:
    from roleplay.simulation.pilot import Pilot

    policy, games = _replayed(tenant_audit, "gives-in")
    assert policy.opening == 0.0 and policy.floor <= 0.05
    scenario = scenario_at(str(TUTORIAL))
    pilot = Pilot(scenario, "tenant", policy)
    worth = pilot.utility.of(pilot.opening().offer)
    batna = scenario.delegation("tenant").batna.utility
    assert batna + policy.floor - 1e-9 <= worth <= batna + policy.floor + 0.2, "just above no deal, not below it"
    assert "opens" in describe(policy, 4) and "at its floor" in describe(policy, 4)
    given_in, sensible = tenant_audit.classes["gives-in"].best, tenant_audit.classes["sensible"].best
    assert given_in is not None and sensible is not None and given_in < sensible
