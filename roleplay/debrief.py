"""The debrief as Markdown: what the screen shows and what the export writes."""

from __future__ import annotations

from roleplay.engine.dance import DANCE_MEANING
from roleplay.engine.lines import describe, option_label
from roleplay.engine.session import Session
from roleplay.text import markdown as md
from roleplay.text import markdown_prose


def _label(session: Session, issue: str, option: str | None) -> str:
    return md(option_label(session.scenario, issue, option)) if option else "not settled"


def debrief_markdown(session: Session) -> str:
    state, scenario = session.state_data, session.scenario
    assert state.outcome is not None and state.score is not None
    ending = next(e for e in scenario.endings if e.id == state.outcome.ending)
    main = session.main
    lines = [f"# {md(ending.title)}", "", markdown_prose(ending.text), "", f"## Score: {state.score.total:.1f} / 100", "",
             "| part | value | weight | what it measures |", "|---|---|---|---|"]
    lines += [f"| {p.name.replace('_', ' ')} | {p.value:.2f} | {p.weight:.2f} | {md(p.detail)} |" for p in state.score.parts]
    nash = md(describe(scenario, state.score.nash)) if state.score.nash else "no package beats both sides' BATNAs"
    left_open = [md(i.label) for i in scenario.issues if state.score.nash and i.id not in state.score.nash]
    open_note = f" It leaves {', '.join(left_open)} open: no option there is acceptable to both sides." if left_open else ""
    lines += ["", SCORE_IN_A_MINUTE, "",
              f"Your utility {state.score.player_utility:.2f}, theirs {state.score.counterpart_utility:.2f}. "
              f"The Nash bargaining point, the deal that makes the product of both sides' gains over no deal "
              f"largest ({state.score.nash_utilities[0]:.2f}, {state.score.nash_utilities[1]:.2f}): {nash}.{open_note}",
              "", "## Who you faced", "", *_faced(session),
              "", "## What you believed and what was true", "",
              "Their expectations were hidden until now; 'you knew' is what your intelligence told you.", "",
              "| issue | you expected | they expected | you knew | agreed |", "|---|---|---|---|---|"]
    for issue in scenario.issues:
        known = state.intel[main.id][issue.id]
        knew = md(issue.options[known.lo].label if known.exact()
                  else f"{issue.options[known.lo].label} .. {issue.options[known.hi].label}")
        lines.append(f"| {md(issue.label)} | {_label(session, issue.id, state.expectations.get(issue.id))} | "
                     f"{_label(session, issue.id, main.stances[issue.id].expectation)} | {knew} | "
                     f"{_label(session, issue.id, state.outcome.package.get(issue.id))} |")
    lines += ["", "## Your offers", ""]
    lines += [f"- round {o.round}: **{o.dance.value}**, {DANCE_MEANING[o.dance]}"
              for o in state.offers if o.by == session.me and o.dance is not None]
    lessons = [lesson.text for lesson in scenario.lessons if lesson.id in state.lessons]
    if lessons:
        lines += ["", "## Lessons", "", *(f"- {md(text)}" for text in lessons)]
    return "\n".join(lines) + "\n"


SCORE_IN_A_MINUTE = (
    "How to read it: **outcome** is what the deal is worth to you against no deal, and a hollow ending "
    "keeps less of it; **realism** compares the expectations you wrote before the talks with what was "
    "achievable against the side you actually faced, never with the deal you reached; **gap closure** "
    "counts only the issues you settled; **relationship** is their trust and the tension you left; "
    "**efficiency** is how little joint value the deal left on the table (the Pareto frontier). "
    "A breakdown earns no gap closure and no efficiency."
)


def _faced(session: Session) -> list[str]:
    """Which type each counterpart was, and what the player could believe of it when preparation ended."""
    state = session.state_data
    found: list[str] = []
    for delegation in session.counterparts:
        kind = session.kind(delegation.id)
        if kind is None:
            continue
        written = session.written.delegation(delegation.id)
        believed = state.believed.get(delegation.id, {})
        labels = {t.id: t.label for t in written.types}
        odds = ", ".join(f"{md(labels[t])} {p:.0%}" for t, p in sorted(believed.items(), key=lambda kv: -kv[1]))
        found.append(f"- {md(delegation.name)} was **{md(kind.label)}**. {md(kind.description)}".rstrip())
        found.append(f"  When your preparation ended you could tell: {odds or 'nothing'}.")
    return found or ["- The other side could only be one way in this scenario."]


def transcript_markdown(session: Session) -> str:
    names = {d.id: d.name for d in session.scenario.delegations} | {"narrator": "Narrator"}
    lines = [f"# {md(session.scenario.title)}: transcript", ""]
    lines += [f"- **\\[{s.round}\\] {md(names.get(s.speaker, s.speaker))}**: {md(s.text)}" for s in session.state_data.transcript]
    return "\n".join(lines) + "\n"
