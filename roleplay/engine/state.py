"""The state of a session, as data.

`SessionState` is everything that changes during a game. These are plain
classes with slots, and the records a game makes by the hundred (offers, gap
records) are named tuples, immutable and the cheapest to build: none of it
needs validating, since only the engine writes it. Where they meet the
outside (a save's transcript, JSON for tests and tools) pydantic reads and
writes them as they are. The state machine lives on the session beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from roleplay.engine.dance import Dance
from roleplay.engine.intel import Range

OutcomeKind = Literal["agreement", "partial", "breakdown"]
Cause = Literal["accepted", "walk_out", "counterpart_walk_out", "escalation", "timeout"]


@dataclass(slots=True)
class Meters:
    """A delegation's feelings toward the player, each 0..1."""

    trust: float
    tension: float


@dataclass(frozen=True, slots=True)
class Statement:
    """One line of the transcript."""

    round: int
    speaker: str
    """A delegation id, or 'narrator'."""
    text: str
    tag: str = ""
    """What the line does, as a word: `roleplay.engine.dialogue.Tag` lists them."""


class Offer(NamedTuple):
    """A package put on the table."""

    round: int
    by: str
    package: dict[str, str]
    dance: Dance | None = None
    """For the player's offers: its class in the negotiation dance."""


class GapRecord(NamedTuple):
    """The gaps on one issue with one counterpart after one round (distances on the 0..1 scale)."""

    round: int
    counterpart: str
    issue: str
    position: float | None
    """Between the two sides' standing offers."""
    expectation: float
    """Between the player's expectation and the counterpart's hidden one."""
    expectation_seen: tuple[float, float]
    """What the player can know of it: lowest and highest."""
    reality: float
    """Between the player's expectation and what is (or was) achievable."""
    zopa: tuple[int, int] | None
    """Ranks both sides accept, or none."""


@dataclass(slots=True)
class Outcome:
    kind: OutcomeKind
    cause: Cause
    package: dict[str, str] = field(default_factory=dict)
    """What was agreed (empty after a breakdown)."""
    ending: str = ""
    round: int = 0


@dataclass(slots=True)
class ScorePart:
    name: str
    value: float
    """0..1"""
    weight: float
    detail: str


@dataclass(slots=True)
class Score:
    total: float
    """0..100"""
    parts: list[ScorePart]
    player_utility: float
    counterpart_utility: float
    nash: dict[str, str] = field(default_factory=dict)
    nash_utilities: tuple[float, float] = (0.0, 0.0)
    frontier: list[tuple[float, float]] = field(default_factory=list)
    left_on_table: float = 0.0


@dataclass(slots=True)
class SessionState:
    """Everything about a game in progress; rebuilt by replaying its actions."""

    scenario: str
    delegation: str
    seed: int
    phase: str = "briefing"
    round: int = 0
    budget_left: float = 0.0
    expectations: dict[str, str] = field(default_factory=dict)
    walkaways: dict[str, str] = field(default_factory=dict)
    team: list[str] = field(default_factory=list)
    consulted: list[str] = field(default_factory=list)
    posture: str = ""
    intel: dict[str, dict[str, Range]] = field(default_factory=dict)
    """Counterpart -> issue -> range."""
    meters: dict[str, Meters] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    shifts: dict[str, dict[str, int]] = field(default_factory=dict)
    pressure: dict[str, int] = field(default_factory=dict)
    player_offer: dict[str, str] = field(default_factory=dict)
    their_offers: dict[str, dict[str, str]] = field(default_factory=dict)
    offers: list[Offer] = field(default_factory=list)
    transcript: list[Statement] = field(default_factory=list)
    gaps: list[GapRecord] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)
    """Rules and events that fired, as owner:id."""
    gestures_given: list[str] = field(default_factory=list)
    gestures_received: list[str] = field(default_factory=list)
    """Counterparts' own gestures, as owner:id."""
    types: dict[str, str] = field(default_factory=dict)
    """The type drawn for each counterpart: hidden until the debrief."""
    believed: dict[str, dict[str, float]] = field(default_factory=dict)
    """What the player could believe of each counterpart's type when preparation ended."""
    credit: dict[str, float] = field(default_factory=dict)
    """Per counterpart: how far gestures moved it along its concession curve, less what idle moves cost."""
    maximal: dict[str, int] = field(default_factory=dict)
    """Per counterpart: maximal demands it sat through."""
    move_counts: dict[str, int] = field(default_factory=dict)
    last_move: str | None = None
    last_subject: str | None = None
    closing_called: bool = False
    outcome: Outcome | None = None
    score: Score | None = None
    lessons: list[str] = field(default_factory=list)
