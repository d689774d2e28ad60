"""A fork beside its parent: where they diverged, the moves after, the endings, the scores and the gaps."""

from __future__ import annotations

from roleplay.engine.dialogue import describe, move_words
from roleplay.engine.session import Session

SPARKS = "▁▂▃▄▅▆▇█"


def diverged(parent: Session, fork: Session) -> int:
    """The index of the first action the two games do not share."""
    shared = 0
    for mine, theirs in zip(parent.actions, fork.actions, strict=False):
        if mine != theirs:
            break
        shared += 1
    return shared


def _moves(session: Session, since: int) -> dict[int, str]:
    """The player's moves by round, from round `since` on, as the transcript tells them."""
    moves: dict[int, str] = {}
    for statement in session.state.transcript:
        if statement.speaker == session.me and statement.round >= since:
            text = move_words(session.player.name, statement.text)
            moves[statement.round] = f"{moves[statement.round]}; {text}" if statement.round in moves else text
    return moves


def _ending(session: Session) -> str:
    outcome = session.state.outcome
    if outcome is None:
        return f"not finished ({session.phase}, round {session.state.round})"
    ending = next((e for e in session.scenario.endings if e.id == outcome.ending), None)
    agreed = f": {describe(session.scenario, outcome.package)}" if outcome.package else ""
    return f"{ending.title if ending else outcome.ending} ({outcome.kind}, round {outcome.round}){agreed}"


def _spark(session: Session, issue: str) -> str:
    main = session.main.id
    history = [g.position for g in session.state.gaps if g.counterpart == main and g.issue == issue]
    return "".join("·" if p is None else SPARKS[min(7, int(p * 7.999))] for p in history) or "-"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def compare_markdown(parent: Session, fork: Session, parent_name: str, fork_round: int | None) -> str:
    """The comparison, as Markdown for the screen and for an export."""
    since = fork_round or 1
    lines = [f"# This game beside {parent_name}", "",
             f"Both games are the same up to the start of round {since} "
             f"(the first {diverged(parent, fork)} actions); from there:", "",
             "| round | in the parent | in this game |", "|---|---|---|"]
    theirs, mine = _moves(parent, since), _moves(fork, since)
    for round in sorted(set(theirs) | set(mine)):
        lines.append(f"| {round} | {_cell(theirs.get(round, '-'))} | {_cell(mine.get(round, '-'))} |")
    lines += ["", "## Endings", "", f"- the parent: {_ending(parent)}", f"- this game: {_ending(fork)}", "",
              "## Score", "", "| part | parent | this game |", "|---|---|---|"]
    scores = (parent.state.score, fork.state.score)
    names: list[str] = []
    for score in scores:
        for part in score.parts if score else []:
            if part.name not in names:
                names.append(part.name)
    values = [{p.name: p.value for p in score.parts} if score else {} for score in scores]
    for name in names:
        cells = [f"{v[name]:.2f}" if name in v else "-" for v in values]
        lines.append(f"| {name.replace('_', ' ')} | {cells[0]} | {cells[1]} |")
    totals = [f"{s.total:.1f}" if s else "-" for s in scores]
    lines += [f"| **total** | **{totals[0]}** | **{totals[1]}** |", "",
              "## Position gap by round (high: far apart)", "", "| issue | parent | this game |", "|---|---|---|"]
    for issue in fork.scenario.issues:
        lines.append(f"| {issue.label} | `{_spark(parent, issue.id)}` | `{_spark(fork, issue.id)}` |")
    return "\n".join(lines) + "\n"
