"""The save file's format: pydantic models, read and written only where a save is.

`roleplay.saves` reads and writes saves; this module holds what checks them,
and is imported when the first save is written or read, after a game's first
screen is up (importing pydantic is most of a start's time).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from roleplay.engine.actions import Action
from roleplay.engine.state import Statement
from roleplay.record_models import annotation
from roleplay.saves import SAVE_FORMAT, SEED_LIMIT, HintRecord

if TYPE_CHECKING:
    ActionField: TypeAlias = Action
    HintField: TypeAlias = HintRecord
else:
    ActionField = annotation(Action)
    """An action, as a save holds it: checked by its kind, read back as the engine's record."""
    HintField = annotation(HintRecord)


class Summary(BaseModel):
    """What a list of saves shows without replaying anything."""

    model_config = ConfigDict(defer_build=True)

    phase: str
    round: int
    rounds: int
    ending: str = ""
    score: float | None = None


def _a_time(value: str) -> str:
    """A moment as the game writes it (ISO 8601), or '' for none recorded."""
    if value:
        datetime.fromisoformat(value)  # a ValueError names what is wrong
    return value


Stamp = Annotated[str, AfterValidator(_a_time)]
"""When something happened, in UTC and ISO 8601; '' where it was not recorded."""


class SaveFile(BaseModel):
    """One saved game."""

    model_config = ConfigDict(defer_build=True)

    app: Literal["roleplay"] = Field("roleplay", description="Marks the file as one of ours.")
    format_version: int = Field(SAVE_FORMAT, description="The version of this format.")
    scenario_id: str
    scenario_digest: str = Field(description="SHA-256 of the scenario file's text.")
    scenario_path: str = ""
    seed: int = Field(ge=-SEED_LIMIT, lt=SEED_LIMIT)
    delegation: str
    player: str = Field("", description="The player's label, e.g. a student's name.")
    updated: Stamp = ""
    actions: list[ActionField] = Field(default_factory=list)
    transcript: list[Statement] = Field(default_factory=list, description="For reading when the scenario changed.")
    summary: Summary
    move_times: list[Stamp] = Field(default_factory=list, description="When each action was played (UTC, ISO 8601), "
                                  "one per action; '' for a move saved before times were recorded.")
    parent: str = Field("", description="For a fork: the name of the save it was forked from.")
    fork_round: int | None = Field(None, description="For a fork: the round of the parent it plays on from.")
    coach: str = Field("off", description="The coach's level: off, hints or tutor.")
    hints: list[HintField] = Field(default_factory=list, description="Every hint the coach showed, in order.")
