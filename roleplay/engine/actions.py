"""What a player can do, as data.

Every input of a game is an `Action`; a game is its seed plus the list of its
actions, which is what a save records and what a replay feeds back in. The
`kind` of an action is the name of the state machine trigger it fires.

The union `Action` is the registry of action kinds: `KINDS` and `MOVE_KINDS`
are read off its classes, and the engine's other tables (the flow's routes,
the handlers, the moves of a round, the checks) are keyed by them, with a test
that they agree. The move kinds are also the words of the scenario language
(`roleplay.scenario.conditions.MoveKind`): the scenario layer cannot import
the engine, so it declares those words itself and the same test holds the
engine's table moves to them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args

from roleplay.engine.posture import Posture
from roleplay.record import Record, spec

if TYPE_CHECKING:
    from pydantic import TypeAdapter


class _Action(Record):
    def subject(self) -> str | None:
        """What the action is about (an issue, gesture or delegation), for conditions."""
        return None


class BeginPreparation(_Action):
    kind: Literal["begin_preparation"] = "begin_preparation"


class PickMember(_Action):
    kind: Literal["pick_member"] = "pick_member"
    member: str


class DropMember(_Action):
    kind: Literal["drop_member"] = "drop_member"
    member: str


class ConsultAlly(_Action):
    kind: Literal["consult_ally"] = "consult_ally"
    delegation: str

    def subject(self) -> str | None:
        return self.delegation


class SetExpectation(_Action):
    kind: Literal["set_expectation"] = "set_expectation"
    issue: str
    option: str


class SetWalkaway(_Action):
    kind: Literal["set_walkaway"] = "set_walkaway"
    issue: str
    option: str


class FinishPreparation(_Action):
    kind: Literal["finish_preparation"] = "finish_preparation"


class OpenTalks(_Action):
    kind: Literal["open_talks"] = "open_talks"
    posture: Posture = Posture.balanced
    offer: dict[str, str] = spec(default_factory=dict, description="The player's opening position.")


class Propose(_Action):
    kind: Literal["propose"] = "propose"
    package: dict[str, str]


class Probe(_Action):
    kind: Literal["probe"] = "probe"
    issue: str
    to: str | None = None

    def subject(self) -> str | None:
        return self.issue


class OfferGesture(_Action):
    kind: Literal["gesture"] = "gesture"
    gesture: str

    def subject(self) -> str | None:
        return self.gesture


class Pressure(_Action):
    kind: Literal["pressure"] = "pressure"
    issue: str | None = None
    to: str | None = None

    def subject(self) -> str | None:
        return self.issue


class Consult(_Action):
    kind: Literal["consult"] = "consult"
    delegation: str

    def subject(self) -> str | None:
        return self.delegation


class Accept(_Action):
    kind: Literal["accept"] = "accept"
    to: str | None = None


class WalkOut(_Action):
    kind: Literal["walk_out"] = "walk_out"


class CallClosing(_Action):
    kind: Literal["call_closing"] = "call_closing"


class ShowDebrief(_Action):
    kind: Literal["show_debrief"] = "show_debrief"


Move = Union[Propose, Probe, OfferGesture, Pressure, Consult, Accept, WalkOut]
"""The moves of a round at the table, each answered by the counterparts (`rounds.play`); conditions name them."""

Action = Annotated[
    Union[
        BeginPreparation, PickMember, DropMember, ConsultAlly, SetExpectation, SetWalkaway, FinishPreparation,
        OpenTalks, Move, CallClosing, ShowDebrief,
    ],
    spec(discriminator="kind"),
]


def kind_of(action_type: type[_Action]) -> str:
    """The kind an action class declares: the default of its `kind` literal."""
    kind = action_type.record_fields["kind"].default
    assert isinstance(kind, str)
    return kind


ACTION_TYPES: tuple[type[_Action], ...] = get_args(get_args(Action)[0])
"""Every action class, in the order of the union."""
MOVE_TYPES: tuple[type[_Action], ...] = get_args(Move)
KINDS: tuple[str, ...] = tuple(kind_of(t) for t in ACTION_TYPES)
"""Every action kind: the triggers of the flow."""
MOVE_KINDS: tuple[str, ...] = tuple(kind_of(t) for t in MOVE_TYPES)
"""The kinds of table move, in the order conditions list them."""


def _actions() -> TypeAdapter[list[Action]]:
    from roleplay.record_models import adapter

    return adapter(list[Action])


def __getattr__(name: str) -> Any:
    """`ACTIONS`, the validator of a list of actions, is built on first use: building it costs a start time
    that only saves, replays and the coach need."""
    if name == "ACTIONS":
        return _actions()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
