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
    lines += ["", f"Your utility {state.score.player_utility:.2f}, theirs {state.score.counterpart_utility:.2f}. "
              f"The Nash bargaining point ({state.score.nash_utilities[0]:.2f}, {state.score.nash_utilities[1]:.2f}): {nash}.",
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


def transcript_markdown(session: Session) -> str:
    names = {d.id: d.name for d in session.scenario.delegations} | {"narrator": "Narrator"}
    lines = [f"# {md(session.scenario.title)}: transcript", ""]
    lines += [f"- **\\[{s.round}\\] {md(names.get(s.speaker, s.speaker))}**: {md(s.text)}" for s in session.state_data.transcript]
    return "\n".join(lines) + "\n"
