"""The state of a session, as data.

`SessionState` is everything that changes during a game. It is a pydantic
model so that it can be shown, compared and saved; the state machine lives on
a plain object beside it (transitions cannot drive a pydantic model).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from roleplay.engine.dance import Dance
from roleplay.engine.intel import Range

OutcomeKind = Literal["agreement", "partial", "breakdown"]
Cause = Literal["accepted", "walk_out", "counterpart_walk_out", "escalation", "timeout"]


class Meters(BaseModel):
    """A delegation's feelings toward the player, each 0..1."""

    trust: float
    tension: float


class Statement(BaseModel):
    """One line of the transcript."""

    model_config = ConfigDict(frozen=True)
    round: int
    speaker: str = Field(description="A delegation id, or 'narrator'.")
    text: str
    tag: str = ""
    """What the line does, as a word: `roleplay.engine.dialogue.Tag` lists them."""


class Offer(BaseModel):
    """A package put on the table."""

    model_config = ConfigDict(frozen=True)
    round: int
    by: str
    package: dict[str, str]
    dance: Dance | None = Field(None, description="For the player's offers: its class in the negotiation dance.")


class GapRecord(BaseModel):
    """The gaps on one issue with one counterpart after one round (distances on the 0..1 scale)."""

    model_config = ConfigDict(frozen=True)
    round: int
    counterpart: str
    issue: str
    position: float | None = Field(description="Between the two sides' standing offers.")
    expectation: float = Field(description="Between the player's expectation and the counterpart's hidden one.")
    expectation_seen: tuple[float, float] = Field(description="What the player can know of it: lowest and highest.")
    reality: float = Field(description="Between the player's expectation and what is (or was) achievable.")
    zopa: tuple[int, int] | None = Field(description="Ranks both sides accept, or none.")


class Outcome(BaseModel):
    kind: OutcomeKind
    cause: Cause
    package: dict[str, str] = Field(default_factory=dict, description="What was agreed (empty after a breakdown).")
    ending: str = ""
    round: int = 0


class ScorePart(BaseModel):
    name: str
    value: float = Field(description="0..1")
    weight: float
    detail: str


class Score(BaseModel):
    total: float = Field(description="0..100")
    parts: list[ScorePart]
    player_utility: float
    counterpart_utility: float
    nash: dict[str, str] = Field(default_factory=dict)
    nash_utilities: tuple[float, float] = (0.0, 0.0)
    frontier: list[tuple[float, float]] = Field(default_factory=list)
    left_on_table: float = 0.0


class SessionState(BaseModel):
    """Everything about a game in progress; rebuilt by replaying its actions."""

    scenario: str
    delegation: str
    seed: int
    phase: str = "briefing"
    round: int = 0
    budget_left: float = 0.0
    expectations: dict[str, str] = Field(default_factory=dict)
    walkaways: dict[str, str] = Field(default_factory=dict)
    team: list[str] = Field(default_factory=list)
    consulted: list[str] = Field(default_factory=list)
    posture: str = ""
    intel: dict[str, dict[str, Range]] = Field(default_factory=dict, description="Counterpart -> issue -> range.")
    meters: dict[str, Meters] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list)
    shifts: dict[str, dict[str, int]] = Field(default_factory=dict)
    pressure: dict[str, int] = Field(default_factory=dict)
    player_offer: dict[str, str] = Field(default_factory=dict)
    their_offers: dict[str, dict[str, str]] = Field(default_factory=dict)
    offers: list[Offer] = Field(default_factory=list)
    transcript: list[Statement] = Field(default_factory=list)
    gaps: list[GapRecord] = Field(default_factory=list)
    fired: list[str] = Field(default_factory=list, description="Rules and events that fired, as owner:id.")
    gestures_given: list[str] = Field(default_factory=list)
    gestures_received: list[str] = Field(default_factory=list, description="Counterparts' own gestures, as owner:id.")
    types: dict[str, str] = Field(default_factory=dict,
                                  description="The type drawn for each counterpart: hidden until the debrief.")
    believed: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="What the player could believe of each counterpart's type when preparation ended.")
    credit: dict[str, float] = Field(
        default_factory=dict, description="Per counterpart: how far gestures moved it along its concession curve, "
        "less what idle moves cost.")
    maximal: dict[str, int] = Field(default_factory=dict, description="Per counterpart: maximal demands it sat through.")
    move_counts: dict[str, int] = Field(default_factory=dict)
    last_move: str | None = None
    last_subject: str | None = None
    closing_called: bool = False
    outcome: Outcome | None = None
    score: Score | None = None
    lessons: list[str] = Field(default_factory=list)
