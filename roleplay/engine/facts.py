"""The session as conditions see it: read-only answers about the game.

One `SessionFacts` is made per evaluation, with the delegation whose rule is
being checked as its owner, so that `trust` without `of` means "my trust".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from roleplay.engine.history import standing_positions

if TYPE_CHECKING:
    from roleplay.engine.session import Session


class SessionFacts:
    def __init__(self, session: Session, owner: str | None = None) -> None:
        self.session = session
        self.owner = owner if owner in session.state.meters else None
        self.round = session.state.round
        self.phase = "concluded" if session.finished() else session.phase
        self._positions: Mapping[str, str] | None = None
        self.rank = session.scenario.rank
        """An option's rank on its issue's scale: the scenario's own look-up, asked for by most rules."""

    def _whose(self, of: str | None) -> str:
        return of or self.owner or self.session.main.id

    def trust(self, of: str | None) -> float:
        meters = self.session.state.meters.get(self._whose(of))
        return meters.trust if meters else 0.0

    def tension(self, of: str | None) -> float:
        meters = self.session.state.meters.get(self._whose(of))
        return meters.tension if meters else 0.0

    def last_move(self) -> str | None:
        return self.session.state.last_move

    def last_subject(self) -> str | None:
        return self.session.state.last_subject

    def offered(self, issue: str) -> str | None:
        if self._positions is None:
            self._positions = standing_positions(self.session.state)
        return self._positions.get(issue)

    def expected(self, issue: str) -> str | None:
        return self.session.state.expectations.get(issue)

    def agreed(self, issue: str) -> str | None:
        outcome = self.session.state.outcome
        return outcome.package.get(issue) if outcome else None

    def has_flag(self, flag: str) -> bool:
        return flag in self.session.state.flags

    def has_member(self, member: str) -> bool:
        return member in self.session.state.team

    def has_consulted(self, delegation: str) -> bool:
        return delegation in self.session.state.consulted

    def outcome(self) -> str | None:
        outcome = self.session.state.outcome
        return outcome.kind if outcome else None

    def move_count(self, kind: str) -> int:
        return self.session.state.move_counts.get(kind, 0)

    def has_given(self, gesture: str) -> bool:
        return gesture in self.session.state.gestures_given

    def budget_spent(self) -> float:
        budget = self.session.scenario.preparation.budget
        return 0.0 if budget <= 0 else (budget - self.session.state.budget_left) / budget

    def playing(self) -> str:
        return self.session.me
