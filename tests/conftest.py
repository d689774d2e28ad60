from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.record_models import validate
from roleplay.scenario.loader import load
from roleplay.scenario.models import Scenario

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "scenarios" / "tutorial-harbour-cafe.yaml"

os.environ.setdefault("ROLEPLAY_SCENARIOS", str(ROOT / "scenarios"))

MINIMAL: dict[str, Any] = {
    "format_version": 1,
    "id": "mini",
    "title": "Mini",
    "rounds": 4,
    "issues": [
        {"id": "price", "label": "Price", "options": [
            {"id": "p0", "label": "0"}, {"id": "p1", "label": "1"}, {"id": "p2", "label": "2"},
            {"id": "p3", "label": "3"}, {"id": "p4", "label": "4"}]},
        {"id": "time", "label": "Time", "options": [
            {"id": "t0", "label": "short"}, {"id": "t1", "label": "medium"}, {"id": "t2", "label": "long"}]},
    ],
    "delegations": [
        {"id": "buyer", "name": "Buyer", "playable": True, "briefing": "Buy well.", "batna": {"utility": 0.2},
         "stances": {
             "price": {"ideal": "p0", "reservation": "p3", "expectation": "p1", "weight": 1},
             "time": {"ideal": "t2", "reservation": "t0", "expectation": "t1", "weight": 1}}},
        {"id": "seller", "name": "Seller", "playable": True, "briefing": "Sell well.", "batna": {"utility": 0.3},
         "temperament": 1.0,
         "stances": {
             "price": {"ideal": "p4", "reservation": "p1", "expectation": "p3", "weight": 1},
             "time": {"ideal": "t2", "reservation": "t1", "expectation": "t2", "weight": 1}}},
        {"id": "press", "name": "The Press", "role": "observer",
         "consult": {"cost": 1, "text": "The seller needs a sale.", "intel": [{"issue": "price", "width": 1}]}},
    ],
    "endings": [
        {"id": "deal", "title": "Deal", "outcome": ["agreement"], "text": "A deal."},
        {"id": "some", "title": "Some", "outcome": ["partial"], "text": "Some of it."},
        {"id": "none", "title": "None", "outcome": ["breakdown"], "text": "Nothing."},
    ],
}


def minimal(**changes: Any) -> dict[str, Any]:
    """A fresh copy of the minimal scenario, with top-level keys replaced."""
    data = copy.deepcopy(MINIMAL)
    data.update(changes)
    return data


def delegation(data: dict[str, Any], delegation_id: str) -> dict[str, Any]:
    return next(d for d in data["delegations"] if d["id"] == delegation_id)


def scenario_of(data: dict[str, Any]) -> Scenario:
    return validate(Scenario, data)


def to_bargaining(session: Session, expectations: dict[str, str] | None = None,
                  offer: dict[str, str] | None = None, team: tuple[str, ...] = ()) -> Session:
    """Take a session through preparation and opening with the given choices."""
    session.act(a.BeginPreparation())
    for member in team:
        session.act(a.PickMember(member=member))
    for issue in session.scenario.issues:
        chosen = (expectations or {}).get(issue.id, issue.options[0].id)
        session.act(a.SetExpectation(issue=issue.id, option=chosen))
    session.act(a.FinishPreparation())
    session.act(a.OpenTalks(offer=offer or {}))
    return session


@pytest.fixture(autouse=True, scope="session")
def scenario_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Checked scenarios are kept in a folder of the test session's, never in the user's cache."""
    folder = tmp_path_factory.mktemp("scenario-cache")
    os.environ["ROLEPLAY_CACHE"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def tutorial() -> Scenario:
    return load(TUTORIAL).scenario


@pytest.fixture
def mini() -> Scenario:
    return scenario_of(minimal())


@pytest.fixture
def write_yaml(tmp_path: Path):
    def write(data: Any, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path

    return write
