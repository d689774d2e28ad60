"""The scenario format: the one description of what an instructor writes.

Validation, the JSON Schema for editors and the authoring docs all come from
these records (through the pydantic models `roleplay.record_models` derives
from them); the engine reads the records themselves. Each field says who may see it (`audience`): `public` for every
player, `delegation` for the player of that delegation only, `instructor` for
nobody before the debrief. The engine's player view is built to respect it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from enum import Enum
from functools import cached_property
from typing import Annotated, Any, Literal, TypeVar

from roleplay.record import Record, spec
from roleplay.scenario.conditions import Condition

FORMAT_VERSION = 1

COUNTERPART = "counterpart"
"""The effect target that means the player's counterpart(s) at the table, whoever the player is."""

Id = Annotated[
    str,
    spec(
        pattern=r"^[a-z][a-z0-9_-]*$",
        max_length=64,
        description="A short identifier: lower-case letters, digits, '-' and '_', starting with a letter.",
        examples=["budget"],
    ),
]
Unit = Annotated[float, spec(ge=0, le=1)]
Delta = Annotated[float, spec(ge=-1, le=1)]


def audience(who: Literal["public", "delegation", "instructor"]) -> dict[str, Any]:
    return {"audience": who}


def _one_or_many(schema: dict[str, Any]) -> None:
    """In the JSON Schema, a single line is as good as a list of them (the validator wraps it)."""
    items = schema.pop("items")
    schema.pop("type")
    schema["anyOf"] = [{"type": "string"}, {"type": "array", "items": items}]


T = TypeVar("T")


class Strict(Record):
    """A part of the format: frozen, and no field but its own (the model derived from it forbids others)."""


class Role(str, Enum):
    """Where a delegation sits: at the table, or beside it."""

    principal = "principal"
    ally = "ally"
    observer = "observer"


class LineTag(str, Enum):
    """What a counterpart is doing when it speaks; lines are chosen by tag."""

    opening = "opening"
    accept = "accept"
    counter = "counter"
    reject = "reject"
    warn = "warn"
    walk_out = "walk_out"
    probe = "probe"
    deflect = "deflect"
    thanks = "thanks"
    consult = "consult"
    closing = "closing"


class Mood(str, Enum):
    """How a delegation feels about the player, read off its trust and tension."""

    warm = "warm"
    neutral = "neutral"
    tense = "tense"


class Option(Strict):
    """One possible settlement of an issue."""

    id: Id
    label: str = spec(min_length=1, description="How the option is named on screen.", json_schema_extra=audience("public"))
    description: str = spec(default="", description="What settling here would mean.", json_schema_extra=audience("public"))


class Issue(Strict):
    """One topic on the agenda, with its settlements ordered on a scale."""

    id: Id
    label: str = spec(min_length=1, description="The issue's name on screen.", json_schema_extra=audience("public"))
    description: str = spec(default="", description="What the issue is about.", json_schema_extra=audience("public"))
    options: list[Option] = spec(
        min_length=2,
        max_length=12,
        description="The possible settlements, ordered from least to most demanding along one direction.",
        json_schema_extra=audience("public"),
    )

    @cached_property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


class Stance(Strict):
    """What one delegation wants on one issue. Only its own player sees it."""

    ideal: str = spec(description="The option this delegation likes best (utility 1).", json_schema_extra=audience("delegation"))
    reservation: str = spec(
        description="The worst option it still accepts (utility 0); options beyond it are unacceptable.",
        json_schema_extra=audience("delegation"),
    )
    expectation: str = spec(
        description="What it believes it will get. Hidden from every other side until the debrief.",
        json_schema_extra=audience("instructor"),
    )
    weight: float = spec(default=1.0, gt=0, le=100, description="How much the issue matters to it, relative to its other issues.")
    values: dict[str, Unit] | None = spec(
        default=None,
        description="Explicit utility per option id, instead of the straight line from ideal to reservation.",
    )


class Batna(Strict):
    """What a delegation gets from no deal."""

    utility: Unit = spec(description="The value of no deal, on the same 0..1 scale as a package.")
    story: str = spec(default="", description="What no deal means, told at the end.", json_schema_extra=audience("delegation"))


class Shift(Strict):
    """A counterpart softens on one issue: its offer and its walk-away move toward the player."""

    issue: str = spec(description="The issue on which the position moves.")
    steps: int = spec(default=1, ge=-5, le=5, strict=True, description="Options moved toward the player (negative: hardens).")


class Effects(Strict):
    """What a rule, an event or a gesture changes."""

    trust: Delta = spec(default=0.0, description="Added to trust (0..1).")
    tension: Delta = spec(default=0.0, description="Added to tension (0..1); too much ends the talks.")
    target: str | None = spec(
        default=None,
        description="Whose meters change: a delegation's id, or `counterpart` for the player's counterpart(s) at the "
        "table. Default: the rule's owner; for events and gestures, every counterpart at the table.",
        examples=["counterpart"],
    )
    set_flags: list[str] = spec(default_factory=list, description="Flags to set; conditions can test them later.")
    clear_flags: list[str] = spec(default_factory=list, description="Flags to clear.")
    shift: list[Shift] = spec(default_factory=list, description="Positions the owner moves.")
    reveal: list[str] = spec(
        default_factory=list, description="Issues on which the owner lets its hidden expectation be known."
    )
    end: Literal["walk_out"] | None = spec(default=None, description="The owner walks out: the talks break down.")
    call_closing: bool = spec(default=False, description="The owner calls for a last-offer round.")


Lines = list[str] | dict[Mood, list[str]]


class Rule(Strict):
    """A scripted answer: the first rule of a delegation whose condition holds is the one used."""

    id: Id
    when: Condition = spec(description="When the rule applies.")
    say: list[str] = spec(
        default_factory=list,
        description="A line, or lines of which one is chosen at random (seeded).",
        json_schema_extra=lambda schema: _one_or_many(schema),
    )
    effects: Effects = spec(default_factory=Effects, description="What the rule changes when it fires.")
    decide: Literal["default", "accept", "hold"] = spec(
        default="default",
        description="How a counterpart then treats an offer: by its default policy, accept it, or hold its last offer.",
    )
    once: bool = spec(default=False, description="Fire at most once in a game.")
    note: str = spec(default="", description="For the instructor: why the rule exists.", json_schema_extra=audience("instructor"))

    @classmethod
    def prepare_data(cls, data: Any) -> Any:
        """One line is as good as a list of them."""
        if isinstance(data, dict) and isinstance(data.get("say"), str):
            return {**data, "say": [data["say"]]}
        return data


class IntelGrant(Strict):
    """Intelligence on a counterpart's hidden expectation: a range of options that holds it."""

    issue: str = spec(description="The issue the intelligence is about.")
    about: str | None = spec(default=None, description="The delegation it concerns; default: every counterpart.")
    width: int = spec(default=2, ge=1, le=12, strict=True, description="How many options the range spans (1: exact).")


class Consultation(Strict):
    """What consulting a delegation beside the table gives."""

    cost: float = spec(default=1, ge=0, description="Preparation budget it takes.")
    text: str = spec(default="", description="What the delegation tells the player.", json_schema_extra=audience("delegation"))
    intel: list[IntelGrant] = spec(default_factory=list, description="What the consultation reveals.")
    effects: Effects = spec(default_factory=Effects, description="What consulting changes (flags, meters).")
    open_to: list[str] = spec(default_factory=list, description="Playable delegations that may consult it; empty: all.")


class StanceChange(Strict):
    """How a counterpart type differs from its delegation's stance on one issue; fields left out are kept."""

    ideal: str | None = spec(default=None, description="The type's ideal option.", json_schema_extra=audience("instructor"))
    reservation: str | None = spec(
        default=None, description="The worst option this type still accepts.", json_schema_extra=audience("instructor"))
    expectation: str | None = spec(
        default=None, description="What this type believes it will get.", json_schema_extra=audience("instructor"))
    weight: float | None = spec(default=None, gt=0, le=100, description="How much the issue matters to this type.")


class CounterpartType(Strict):
    """One way a delegation at the table can be, drawn once per game from the seed.

    The player learns which type they face only through intelligence, probing
    and how the other side behaves: its label and likelihood are public, the
    rest is hidden until the debrief.
    """

    id: Id
    label: str = spec(min_length=1, description="How the type is named: 'a hard-liner'.",
                       json_schema_extra=audience("public"))
    weight: float = spec(default=1.0, gt=0, le=100, description="How likely this type is, relative to the others.",
                          json_schema_extra=audience("public"))
    description: str = spec(default="", description="What this type is like, told at the debrief.",
                             json_schema_extra=audience("instructor"))
    temperament: float | None = spec(default=None, gt=0, le=10,
        description="Its concession temperament; default: the delegation's.")
    batna: Unit | None = spec(default=None, description="The utility of no deal to this type; default: the delegation's.")
    stances: dict[str, StanceChange] = spec(default_factory=dict, description="Where it differs, per issue id.")
    trust: Unit | None = spec(default=None, description="Its initial trust in the player; default: the delegation's.")
    tension: Unit | None = spec(default=None, description="Its initial tension; default: the delegation's.")
    holds_until_trust: Unit = spec(
        default=0.0, description="Trust it needs before it answers the player's concessions with its own; until then only "
        "the clock moves it.")
    patience: int | None = spec(
        default=None, ge=0, le=40,
        description="Maximal demands (proposals it finds unacceptable on half the issues or more) it sits through "
        "before it walks out; none: it never walks out over them.")
    rules: list[Rule] = spec(default_factory=list, description="Rules of this type only, checked before the delegation's own.")


class Delegation(Strict):
    """One party at the table or beside it."""

    id: Id
    name: str = spec(min_length=1, description="How it is named in sentences and on screen.",
                      json_schema_extra=audience("public"))
    short: str = spec(default="", max_length=12, description="An abbreviation for narrow screens.",
        json_schema_extra=audience("public"))
    role: Role = spec(default=Role.principal, description="principal: at the table; ally or observer: beside it.")
    playable: bool = spec(default=False, description="Whether a player may take this delegation.")
    public: str = spec(default="", description="What everyone knows of it.", json_schema_extra=audience("public"))
    briefing: str = spec(
        default="", description="Private instructions, Markdown, for its player only.", json_schema_extra=audience("delegation")
    )
    temperament: float = spec(
        default=1.0,
        gt=0,
        le=10,
        description="Concession temperament e: below 1 hard-line (concedes late), 1 linear, above 1 conciliatory.",
    )
    batna: Batna = spec(default_factory=lambda: Batna(utility=0.3), description="What it gets from no deal.")
    stances: dict[str, Stance] = spec(default_factory=dict, description="Its stance per issue id.")
    opening: dict[str, str] = spec(
        default_factory=dict, description="Its opening offer per issue; default: its ideal.", json_schema_extra=audience("public")
    )
    trust: Unit = spec(default=0.5, description="Its initial trust in the player.")
    tension: Unit = spec(default=0.2, description="Its initial tension with the player.")
    rules: list[Rule] = spec(default_factory=list, description="Scripted answers, checked in order.")
    lines: dict[LineTag, Lines] = spec(default_factory=dict, description="What it says, by tag (and mood).")
    consult: Consultation | None = spec(default=None, description="What consulting it gives, for delegations beside the table.")
    types: list[CounterpartType] = spec(
        default_factory=list,
        description="The kinds of counterpart it may be, one drawn per game by weight; none: it is always as written.")
    notes: str = spec(default="", description="For the instructor only.", json_schema_extra=audience("instructor"))


class Gesture(Strict):
    """A goodwill act: it costs the giver a little and moves trust and tension."""

    id: Id
    label: str = spec(min_length=1, description="The gesture, as an imperative: 'Return the remains'.",
                       json_schema_extra=audience("public"))
    description: str = spec(default="", description="What it involves.", json_schema_extra=audience("public"))
    by: list[str] = spec(default_factory=list, description="Delegations that may offer it; empty: any player.")
    cost: Unit = spec(default=0.02, description="Utility the giver gives up.")
    effects: Effects = spec(default_factory=Effects, description="Its effect on every counterpart at the table.")
    requires: str | None = spec(default=None,
        description="A roster member who must be on the player's team for the player to offer it "
                                 "(a counterpart making it needs no team).")


class Member(Strict):
    """Someone the player may bring to the table."""

    id: Id
    name: str = spec(min_length=1, description="Who this is.", json_schema_extra=audience("public"))
    title: str = spec(default="", description="Their post or trade.", json_schema_extra=audience("public"))
    description: str = spec(default="", description="What they bring.", json_schema_extra=audience("public"))
    cost: float = spec(default=1, ge=0, description="Preparation budget it takes.")
    intel: list[IntelGrant] = spec(default_factory=list, description="What this member knows.")
    serves: list[str] = spec(default_factory=list, description="Playable delegations it can join; empty: all.")

    def who(self) -> str:
        """The member as the lists of the team name them: the name, and the title when there is one."""
        return f"{self.name}, {self.title}" if self.title else self.name


class Team(Strict):
    """The seats the player fills in preparation."""

    seats: int = spec(default=2, ge=0, le=10, strict=True, description="How many people the player may bring.")
    roster: list[Member] = spec(default_factory=list, description="Who can be picked.")


class Preparation(Strict):
    budget: float = spec(default=4, ge=0, le=100, description="Points to spend on the team and consultations.")
    label: str = spec(default="points", description="What the budget counts (points, days, ...).")


class Event(Strict):
    """Something that happens between rounds when its condition holds."""

    id: Id
    when: Condition
    text: str = spec(min_length=1, description="What happens, as the transcript tells it.", json_schema_extra=audience("public"))
    by: str | None = spec(default=None, description="Who speaks; none: the narrator.")
    effects: Effects = spec(default_factory=Effects, description="What the event changes.")
    once: bool = spec(default=True, description="Happen at most once in a game.")


class Ending(Strict):
    """How the story ends; the first ending whose outcome and condition match is told."""

    id: Id
    title: str = spec(min_length=1, description="The ending's headline.")
    outcome: list[Literal["agreement", "partial", "breakdown"]] = spec(
        min_length=1, description="The outcomes this ending can tell.")
    when: Condition | None = spec(default=None, description="An extra condition; none: the fallback for its outcomes.")
    text: str = spec(min_length=1, description="What happened next, told at the end.")
    weight: Unit = spec(
        default=1.0,
        description="How much of a deal's gain over no deal this ending is worth in the outcome score: "
        "1 for a real deal, less for a hollow one (a photo opportunity).",
        examples=[0.4])


class Lesson(Strict):
    """A lesson shown in the debrief when its condition holds."""

    id: Id
    when: Condition = spec(description="When the lesson applies (checked at the end).")
    text: str = spec(min_length=1, description="The lesson, addressed to the player.")


class ScoreWeights(Strict):
    """How much each part of the score counts."""

    outcome: float = spec(default=0.35, ge=0, description="The player's utility of the result against its BATNA.")
    realism: float = spec(default=0.2, ge=0, description="How close the expectations were to what was achievable.")
    gap_closure: float = spec(default=0.15, ge=0, description="How much of the opening position gaps was closed.")
    relationship: float = spec(default=0.15, ge=0, description="Final trust, and tension kept off the brink.")
    efficiency: float = spec(default=0.15, ge=0, description="How little joint value was left on the table.")

    @staticmethod
    def check_record(weights: Any) -> None:
        if sum(getattr(weights, name) for name in ScoreWeights.record_fields) <= 0:
            raise ValueError("at least one score weight must be above 0")


class Policy(Strict):
    """Tuning of the default counterpart policy."""

    tension_limit: float = spec(default=1.0, gt=0, le=1, description="Tension at which a counterpart breaks off the talks.")
    trust_shift: float = spec(default=0.2, ge=0, le=1, description="How far trust above 0.5 lowers a counterpart's aspiration.")
    pressure_tension: float = spec(default=0.15, ge=0, le=1, description="Tension added by each pressure move.")
    pressure_trust: float = spec(default=-0.05, ge=-1, le=0, description="Trust changed by each pressure move.")
    pressure_concession: float = spec(default=0.03, ge=0, le=1, description="Aspiration given up per pressure move.")
    pressure_credit: float = spec(
        default=0.08, ge=0, le=1,
        description="How far each pressure move sets the pressed counterpart back along its concession curve: "
        "what pressure wins at once it costs in what the other side will give later.")
    probe_trust: float = spec(default=0.3, ge=0, le=1, description="Trust needed before a probe reveals anything.")
    time_pressure: float = spec(
        default=0.45, ge=0, le=1,
        description="How far the clock alone moves a counterpart along its concession curve by the last round.")
    reciprocity: float = spec(
        default=1.0, ge=0, le=2,
        description="How far a counterpart answers the player's concessions: 1 meets each share of the distance "
        "the player covers with the same share of its own.")
    gesture_credit: float = spec(default=0.08, ge=0, le=1,
        description="How far each gesture moves a counterpart along its curve.")
    idle_tension: float = spec(
        default=0.04, ge=0, le=1, description="Tension added when a move changes nothing for a counterpart (a probe, a "
        "consultation at the table, the same offer again).")
    idle_credit: float = spec(default=0.04, ge=0, le=1,
        description="How far such a move sets a counterpart back along its curve.")
    gesture_trust: float = spec(
        default=0.6, ge=0, le=1, description="Trust at which a counterpart makes a gesture of its own (it also returns one).")


class Scenario(Strict):
    """A negotiation scenario."""

    format_version: Literal[1] = spec(description="The version of this format.")
    id: Id
    title: str = spec(min_length=1, description="The scenario's title.", json_schema_extra=audience("public"))
    summary: str = spec(default="", description="One paragraph for the list of scenarios.", json_schema_extra=audience("public"))
    briefing: str = spec(default="", description="The public story, Markdown.", json_schema_extra=audience("public"))
    credits: list[str] = spec(default_factory=list, description="Sources and authors.", json_schema_extra=audience("public"))
    notes: str = spec(default="", description="For instructors: how the scenario is built.",
        json_schema_extra=audience("instructor"))
    rounds: int = spec(default=6, ge=1, le=40, strict=True, description="Bargaining rounds before the last-offer round.")
    issues: list[Issue] = spec(min_length=1, max_length=2000, description="The agenda.")
    delegations: list[Delegation] = spec(min_length=2, description="Everyone at the table or beside it.")
    gestures: list[Gesture] = spec(default_factory=list, description="Goodwill acts players can offer.")
    team: Team = spec(default_factory=Team, description="The seats and roster of preparation.")
    preparation: Preparation = spec(default_factory=Preparation, description="The preparation budget.")
    events: list[Event] = spec(default_factory=list, description="Scripted events between rounds.")
    endings: list[Ending] = spec(min_length=1, description="How the talks can end, checked in order.")
    lessons: list[Lesson] = spec(default_factory=list, description="Lessons for the debrief.")
    score: ScoreWeights = spec(default_factory=ScoreWeights, description="How much each part of the score counts.")
    policy: Policy = spec(default_factory=Policy, description="Tuning of the default counterpart policy.")
    coach: Literal["off", "hints", "tutor"] = spec(
        default="off", description="The coach's level when a game starts: off, hints (warns before a clear mistake) or tutor "
        "(also explains each round). The player can change it; say so in the briefing when it is not off.")
    lint_ignore: list[str] = spec(
        default_factory=list, description="Warning codes silenced on purpose in this file (errors cannot be).",
        examples=[["no-zopa"]],
    )

    @cached_property
    def _memo(self) -> dict[Hashable, Any]:
        return {}

    def memo(self, key: Hashable, make: Callable[[], T]) -> T:
        """A value derived from this scenario alone, computed the first time it is asked for.

        A loaded scenario never changes, so what the engine derives from it
        (utilities, the Pareto frontier) can be shared by every game played on
        it, and is freed with it.
        """
        kept = self._memo
        try:
            return kept[key]
        except KeyError:
            value = kept[key] = make()
            return value

    def issue(self, issue_id: str) -> Issue:
        return self._issue_index[issue_id]

    def has_issue(self, issue_id: str) -> bool:
        return issue_id in self._issue_index

    def delegation(self, delegation_id: str) -> Delegation:
        return self._delegation_index[delegation_id]

    def rank(self, issue_id: str, option_id: str) -> int:
        return self._rank_index[issue_id][option_id]

    def playable(self) -> list[Delegation]:
        return [d for d in self.delegations if d.playable]

    def principals(self) -> list[Delegation]:
        return [d for d in self.delegations if d.role is Role.principal]

    @cached_property
    def _issue_index(self) -> dict[str, Issue]:
        return {i.id: i for i in self.issues}

    @cached_property
    def _delegation_index(self) -> dict[str, Delegation]:
        return {d.id: d for d in self.delegations}

    @cached_property
    def _rank_index(self) -> dict[str, dict[str, int]]:
        return {i.id: {o.id: n for n, o in enumerate(i.options)} for i in self.issues}

