"""The flagship scenario: every ending reached by a scripted game, as either side; balance in simulation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.scenario.loader import load
from roleplay.scenario.models import Scenario
from roleplay.simulation.simulate import play_game, simulate
from tests.conftest import ROOT

FLAGSHIP = ROOT / "scenarios" / "us-dprk-summit-2018.yaml"
MODEST = {"denuclearisation": "declaration", "security": "written", "sanctions": "partial",
          "exercises": "readiness", "ties": "channel", "alliance": "confidence"}


@pytest.fixture(scope="module")
def flagship() -> Scenario:
    return load(FLAGSHIP).scenario


SOFT = {"us": "pragmatist", "dprk": "dealmaker"}
"""The type of the other side that answers each step with one of its own, by the side played."""


def seed_facing(scenario: Scenario, side: str, kind: str) -> int:
    """The first seed on which the other side is drawn as this type."""
    return next(seed for seed in range(200)
                if kind in Session(scenario, side, seed).state.types.values())


def prepared(scenario: Scenario, side: str, team: list[str], consult: list[str],
             expect: dict[str, str] | None = None, kind: str | None = None) -> Session:
    session = Session(scenario, side, seed=seed_facing(scenario, side, kind) if kind else 5)
    session.act(a.BeginPreparation())
    for member in team:
        session.act(a.PickMember(member=member))
    for delegation in consult:
        session.act(a.ConsultAlly(delegation=delegation))
    for issue, option in {**MODEST, **(expect or {})}.items():
        session.act(a.SetExpectation(issue=issue, option=option))
    session.act(a.FinishPreparation())
    session.act(a.OpenTalks())
    return session


def repeat(session: Session, move: a.Action) -> Session:
    while not session.finished():
        session.act(move)
    return session


def approach(session: Session, package: dict[str, str], steps: int = 3) -> Session:
    """Concede toward a package over a few rounds, as a patient side does, then hold it (accepting their offer if it is as
    good)."""
    scenario = session.scenario
    start = {**session.true_utility(session.me).ideal()}
    for k in range(1, steps + 1):
        if session.finished():
            return session
        step = {}
        for issue, option in package.items():
            a_rank, b_rank = scenario.rank(issue, start[issue]), scenario.rank(issue, option)
            step[issue] = scenario.issue(issue).options[a_rank + round((b_rank - a_rank) * k / steps)].id
        session.act(a.Propose(package=step))
    mine = session.true_utility(session.me)
    while not session.finished():
        theirs = session.their_offer(session.main.id)
        take = session.can(a.Accept()) and mine.of(theirs) >= mine.of(package)
        session.act(a.Accept() if take else a.Propose(package=package))
    return session


def ending(session: Session) -> str:
    assert session.state.outcome is not None
    return session.state.outcome.ending


US_TEAM, US_ALLIES = ["special-rep", "ambassador", "nonpro-expert"], ["rok"]
DPRK_TEAM, DPRK_ALLIES = ["fm-veteran", "un-envoy", "inter-korean"], ["china"]


def all_you_may_give(session: Session) -> dict[str, str]:
    """Their offer wherever the player may take it, its walk-away where it may not, and nothing where they would refuse it."""
    scenario, theirs = session.scenario, session.their_offer(session.main.id)
    utility = session.utility(session.main.id)
    package = {}
    for issue, option in theirs.items():
        lo, hi = session.player_range(issue)
        given = scenario.issue(issue).options[min(max(scenario.rank(issue, option), lo), hi)].id
        if utility.option(issue, given) is not None:
            package[issue] = given
    return package


ROADMAP = {
    "us": {"denuclearisation": "declaration", "security": "end-of-war", "sanctions": "partial", "exercises": "paused",
           "ties": "channel", "alliance": "unchanged"},
    "dprk": {"denuclearisation": "timetable", "security": "end-of-war", "sanctions": "broad", "exercises": "paused",
             "ties": "channel", "alliance": "unchanged"},
}


@pytest.mark.parametrize("side", ["us", "dprk"])
def test_an_unprepared_side_that_gets_a_deal_gets_a_photo_opportunity(flagship: Scenario, side: str) -> None:
    session = approach(prepared(flagship, side, [], [], kind=SOFT[side]), ROADMAP[side])
    assert session.state.outcome is not None and session.state.outcome.kind in ("agreement", "partial")
    assert ending(session) == "photo-opportunity"
    assert "skipped-team" in session.state.lessons


@pytest.mark.parametrize("side", ["us", "dprk"])
def test_an_unprepared_side_giving_all_it_may_gets_no_deal_below_its_batna(flagship: Scenario, side: str) -> None:
    session = prepared(flagship, side, [], [])
    assert session.why_not(a.Accept()) is not None  # their opening crosses every instruction
    while not session.finished():
        session.act(a.Accept() if session.can(a.Accept()) else a.Propose(package=all_you_may_give(session)))
    outcome = session.state.outcome
    assert outcome is not None
    if outcome.cause == "timeout" and outcome.kind != "breakdown":  # settled by the clock, not chosen
        assert session.true_utility(side).of(outcome.package) >= session.player.batna.utility


@pytest.mark.parametrize(("side", "expect", "lesson"), [
    ("us", {"denuclearisation": "cvid"}, "expected-cvid"),
    ("dprk", {"alliance": "withdrawal"}, "expected-withdrawal"),
])
def test_pressing_for_everything_ends_in_overreach(flagship: Scenario, side: str, expect: dict[str, str], lesson: str) -> None:
    session = repeat(prepared(flagship, side, [], [], expect), a.Pressure())
    assert session.state.outcome is not None and session.state.outcome.cause == "escalation"
    assert ending(session) == "overreach"
    assert {lesson, "escalated" if side == "us" else "escalated-from-pyongyang"} <= set(session.state.lessons)


@pytest.mark.parametrize("side", ["us", "dprk"])
def test_leaving_early_without_a_fight_is_no_deal(flagship: Scenario, side: str) -> None:
    session = prepared(flagship, side, [], [])
    session.act(a.WalkOut())
    assert ending(session) == "no-deal"


@pytest.mark.parametrize(("side", "team", "allies", "gesture", "package"), [
    ("us", US_TEAM, US_ALLIES, "readiness-framing", ROADMAP["us"]),
    ("dprk", DPRK_TEAM, DPRK_ALLIES, "remains", ROADMAP["dprk"]),
])
def test_trading_security_for_verified_steps_is_a_breakthrough(
    flagship: Scenario, side: str, team: list[str], allies: list[str], gesture: str, package: dict[str, str]
) -> None:
    session = prepared(flagship, side, team, allies, kind=SOFT[side])
    session.act(a.OfferGesture(gesture=gesture))
    approach(session, package)
    assert ending(session) == "breakthrough"
    assert {"us": "patience-paid", "dprk": "guarantees-for-steps"}[side] in session.state.lessons
    assert {"us": "guarantees-for-steps", "dprk": "patience-paid"}[side] not in session.state.lessons


@pytest.mark.parametrize(("side", "team", "allies", "package"), [
    ("us", US_TEAM, US_ALLIES, {"denuclearisation": "inspectors", "security": "end-of-war", "sanctions": "partial",
                                "exercises": "paused", "ties": "channel", "alliance": "unchanged"}),
    ("dprk", DPRK_TEAM, DPRK_ALLIES,  # sanctions left open: no roadmap without a declaration on the table first
     {"denuclearisation": "declaration", "security": "end-of-war", "exercises": "paused", "ties": "channel",
      "alliance": "unchanged"}),
])
def test_a_first_step_and_a_channel_is_a_modest_success(
    flagship: Scenario, side: str, team: list[str], allies: list[str], package: dict[str, str]
) -> None:
    session = approach(prepared(flagship, side, team, allies, kind=SOFT[side]), package)
    assert session.state.outcome is not None and session.state.outcome.kind == "partial"
    assert ending(session) == "modest-success"


@pytest.mark.parametrize("side", ["us", "dprk"])
def test_simulation_rewards_realism_and_punishes_maximalism(flagship: Scenario, side: str) -> None:
    runs = {name: simulate(flagship, side, name, runs=25, seed=1) for name in ("random", "maximalist", "passive", "realistic")}
    medians = {name: summary.quartiles()[1] for name, summary in runs.items()}
    assert medians["realistic"] == max(medians.values())
    assert runs["maximalist"].endings["overreach"] > runs["maximalist"].runs / 2
    assert not runs["passive"].endings.keys() & {"breakthrough"}  # taking what comes never builds a roadmap


def test_the_types_drawn_give_more_than_one_outcome(flagship: Scenario) -> None:
    """Replaying teaches nothing by hindsight: the same sensible play meets different sides and ends differently."""
    for side in ("us", "dprk"):
        games = [play_game(flagship, side, "realistic", seed) for seed in range(30)]
        assert len({next(iter(g.state.types.values())) for g in games}) == 2
        deals = {tuple(sorted(g.state.outcome.package.items())) for g in games if g.state.outcome}
        assert len(deals) > 1
        assert len({g.state.score.total for g in games if g.state.score}) > 1


@pytest.mark.parametrize("side", ["us", "dprk"])
def test_the_built_in_players_reach_the_main_endings_from_each_side(flagship: Scenario, side: str) -> None:
    """The scripted games above reach every ending from each side; the built-in players reach these."""
    seen: set[str] = set()
    for name in ("random", "maximalist", "passive", "realistic"):
        seen |= set(simulate(flagship, side, name, runs=60, seed=1).endings)
    assert {"breakthrough", "overreach", "no-deal"} <= seen


def test_the_notes_table_is_the_one_simulation_prints() -> None:
    notes = (ROOT / "scenarios" / "README.md").read_text(encoding="utf-8")
    flagship = load(FLAGSHIP).scenario
    for side in ("us", "dprk"):
        summary: dict[str, Any] = simulate(flagship, side, "realistic", runs=200, seed=1).as_dict()
        assert f"| {side} | realistic | {summary['agreement_rate']:.0%} | {summary['score']['median']:.1f} |" in notes


def test_no_line_repeats_and_lines_carry_no_placeholders(flagship: Scenario) -> None:
    for side in ("us", "dprk"):
        session = prepared(flagship, side, [], [])
        while not session.finished():
            session.act(a.Probe(issue="sanctions") if session.phase == "bargaining" else a.WalkOut())
        said = [s.text for s in session.state.transcript if s.speaker not in (side, "narrator")]
        assert all("{" not in text for text in said)
        by_speaker: dict[str, str] = {}
        for statement in session.state.transcript:
            if statement.speaker in (side, "narrator"):
                continue
            assert by_speaker.get(statement.speaker) != statement.text
            by_speaker[statement.speaker] = statement.text


def test_the_scenario_file_is_utf8_and_valid() -> None:
    assert Path(FLAGSHIP).read_bytes().decode("utf-8")


def test_only_gestures_the_engine_allows_are_offered(flagship: Scenario) -> None:
    without = prepared(flagship, "us", [], [])
    assert without.gestures_available() == []  # the readiness framing needs the ambassador
    with_ambassador = prepared(flagship, "us", ["ambassador"], [])
    assert [g.id for g in with_ambassador.gestures_available()] == ["readiness-framing"]
    pyongyang = prepared(flagship, "dprk", [], [])
    pyongyang.act(a.OfferGesture(gesture="remains"))
    assert [g.id for g in pyongyang.gestures_available()] == ["family-reunions"]
