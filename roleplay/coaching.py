"""The coach at play: its level, the hints it has shown, and what the debrief says of them.

Both clients use it the same way: before a move, `before` returns the hints
about it (once per move and moment: a move played again after its hint goes
through); after a move, `after` returns the tutor's remarks. Every hint
shown is recorded, and the save keeps the level and the record. The score
never depends on the coach; the debrief notes which warnings were played
past, and what followed.
"""

from __future__ import annotations

from collections.abc import Callable

from roleplay.engine.actions import Action
from roleplay.engine.coach import LEVELS, Hint, Level, advise, explain
from roleplay.engine.dialogue import describe
from roleplay.engine.session import Session
from roleplay.engine.view import player_view
from roleplay.record import data
from roleplay.saves import HintRecord


class Coach:
    """The coach of one game."""

    def __init__(self, level: Level = "off", records: list[HintRecord] | None = None,
                 changed: Callable[[Coach], None] | None = None) -> None:
        self.level: Level = level
        self.records: list[HintRecord] = list(records or [])
        self.changed = changed

    def set_level(self, level: Level) -> None:
        self.level = level
        self._changed()

    def cycle(self) -> Level:
        """The next level, off -> hints -> tutor -> off."""
        self.set_level(LEVELS[(LEVELS.index(self.level) + 1) % len(LEVELS)])
        return self.level

    def before(self, session: Session, action: Action) -> list[Hint]:
        """Hints about a move about to be played; none if this very move was just warned about."""
        if self.level == "off" or session.finished():
            return []
        at = len(session.actions)
        about = data(action)
        if any(r.at == at and r.about == about for r in self.records):
            return []
        hints = advise(player_view(session), session.written, action, self.level)
        self._record(session, hints)
        return hints

    def after(self, session: Session) -> list[Hint]:
        """The tutor's remarks on the round just played (none below level `tutor`)."""
        if self.level != "tutor" or session.finished():
            return []
        at = len(session.actions)
        if any(r.at == at and r.about is None for r in self.records):
            return [Hint(r.rule, r.text, r.why) for r in self.records if r.at == at and r.about is None]
        hints = explain(player_view(session), session.written, self.level)
        self._record(session, hints)
        return hints

    def latest(self, session: Session) -> list[HintRecord]:
        """The hints of this moment, for a side panel: those shown now, and the warnings about the move just played."""
        at = len(session.actions)
        last = data(session.actions[-1]) if session.actions else None
        return [r for r in self.records if r.at == at or (r.at == at - 1 and r.about == last)]

    def _record(self, session: Session, hints: list[Hint]) -> None:
        for hint in hints:
            self.records.append(HintRecord(
                round=session.state.round, at=len(session.actions), rule=hint.rule, text=hint.text,
                why=hint.why, level=self.level, about=data(hint.about) if hint.about is not None else None))
        if hints:
            self._changed()

    def _changed(self) -> None:
        if self.changed is not None:
            self.changed(self)


def ignored(records: list[HintRecord], actions: list[Action]) -> list[HintRecord]:
    """The warnings the player played past: the move they were about is the move that came next."""
    return [r for r in records if r.about is not None and r.at < len(actions)
            and data(actions[r.at]) == r.about]


def notes(session: Session, records: list[HintRecord]) -> list[str]:
    """For the debrief: each move played past a warning, once, with its warnings and what followed.

    One move may draw several warnings; what followed it is told once, after all of them.
    """
    from roleplay.engine.actions import ACTIONS  # built on first use: a game's start does not need it
    from roleplay.engine.dialogue import speaker_names

    lines: list[str] = []
    names = speaker_names(session.scenario)
    outcome = session.state.outcome
    moves: dict[int, list[HintRecord]] = {}
    for record in ignored(records, session.actions):
        moves.setdefault(record.at, []).append(record)
    for at, warnings in moves.items():
        move = ACTIONS.validate_python([warnings[0].about])[0]
        what = move.kind.replace("_", " ")
        if move.kind == "propose":
            what = f"propose {describe(session.scenario, move.package)}"
        round = _round_of(session, at)
        after = [s for s in session.state.transcript
                 if s.round == round and s.speaker not in (session.me, "narrator")]
        followed = "; ".join(f"{names.get(s.speaker, s.speaker)}: {s.text.rstrip('.')}" for s in after[:2]) \
            or "nothing was said"
        end = f" The talks ended that round ({outcome.kind})." if outcome is not None and outcome.round == round else ""
        said = " ".join(f"\"{w.text}\"" for w in warnings)
        warned = f"the coach warned {said}" if len(warnings) == 1 else f"the coach gave {len(warnings)} warnings: {said}"
        lines.append(f"Round {round}: {warned} You played on ({what}). What followed: {followed}.{end}")
    return lines


def _round_of(session: Session, at: int) -> int:
    """The round in which the action at index `at` was played, read from a replay of the moves before it.

    A bargaining move opens the round after the one the talks stand at; a move of the last-offer round is
    played in it. Read before the move, not after: the last bargaining move also opens the last-offer round.
    """
    replayed = Session(session.written, session.me, session.state.seed)
    for action in session.actions[:at]:
        replayed.act(action)
    return {"bargaining": replayed.state.round + 1, "closing": replayed.state.round}.get(replayed.phase, 0)


def markdown(session: Session, records: list[HintRecord], level: str) -> str:
    """The debrief's section on the coach, or '' when it said nothing."""
    if not records and level == "off":
        return ""
    lines = ["## The coach", "", f"Coach level: {level}; {len(records)} hint{'s' if len(records) != 1 else ''} shown."]
    played_past = notes(session, records)
    if played_past:
        lines += ["", "Warnings you played past:", "", *(f"- {line}" for line in played_past)]
    elif any(r.about is not None for r in records):
        lines += ["", "You heeded every warning (you did not play the move it was about)."]
    return "\n".join(lines) + "\n"
