"""The debrief as Markdown: what the screen shows and what the export writes.

Everything that comes from the scenario or the save goes through the safe-text
helpers (`md`, `markdown_prose`), so a label can never become a link, a
table cell break or markup.
"""

from __future__ import annotations

from roleplay.engine.dance import DANCE_MEANING
from roleplay.engine.dialogue import describe, option_label, speaker_names
from roleplay.engine.session import Session
from roleplay.lessons import done_well
from roleplay.text import markdown as md
from roleplay.text import markdown_prose, possessive

SPARKS = "▁▂▃▄▅▆▇█"

SCORE_IN_A_MINUTE = (
    "How to read it: **outcome** is what the deal is worth to you against no deal (no deal earns 0.5, a "
    "fair share of the joint gain, the Nash point below, 0.85), and a hollow ending "
    "keeps less of it; **realism** compares the expectations you wrote before the talks with what was "
    "achievable against the side you actually faced (from the fair point toward what they hoped for), "
    "never with the deal you reached; **gap closure** "
    "counts only the issues you settled; **relationship** is their trust and the tension you left; "
    "**efficiency** is the share of the joint gain over both sides' no-deal outcomes (BATNAs) that the "
    "deal captured: 1 means no other package was better for both of you. A breakdown earns no gap "
    "closure and no efficiency."
)


def gap_bars(history: list[float | None]) -> str:
    """A gap's history, one bar per round, on a fixed scale: ▁ agreed, █ as far apart as the options go.

    A chart scaled to its own data would draw a gap that never moved from the
    maximum as a row of the lowest bars.
    """
    return " ".join("  " if p is None else SPARKS[min(7, int(p * 7.999))] * 2 for p in history)


def _label(session: Session, issue: str, option: str | None) -> str:
    return md(option_label(session.scenario, issue, option)) if option else "not settled"


def nash_in_words(session: Session) -> str:
    """The Nash bargaining point in words, naming the issues it leaves open rather than dropping them."""
    score, scenario = session.state.score, session.scenario
    assert score is not None
    if not score.nash:
        return "none, since no package is better than no deal for both sides"
    mine, theirs = score.nash_utilities
    open_issues = [md(issue.label) for issue in scenario.issues if issue.id not in score.nash]
    left = (f"; it leaves out {', '.join(open_issues)}, where no option lies within both sides' limits"
            if open_issues else "")
    return f"{md(describe(scenario, score.nash))}{left} (worth {mine:.2f} to you, {theirs:.2f} to them)"


HOW_IT_ENDED: dict[str, str] = {
    "accepted": "In round {round} an offer was accepted.",
    "walk_out": "You walked out of the talks in round {round}.",
    "counterpart_walk_out": "The other side walked out of the talks in round {round}.",
    "escalation": "The tension grew past what the talks could hold, and they broke off in round {round}.",
    "timeout": "The rounds ran out; the last offers decided it.",
    "called": "The last-offer round was called before the rounds ran out; the last offers decided it in round "
              "{round}.",
}
"""What ended the game, by the outcome's cause (`called`: the last-offer round came because someone called it,
not because the rounds ran out): the ending's text tells what it meant, this line what happened. The outcome
does not record which counterpart left (with several principals it need not be the main one)."""


def how_it_ended(session: Session) -> str:
    outcome = session.state.outcome
    assert outcome is not None
    early = outcome.cause == "timeout" and outcome.round <= session.scenario.rounds  # the last-offer round was called
    cause = "called" if early else outcome.cause
    return HOW_IT_ENDED[cause].format(round=outcome.round)


def faced(session: Session) -> list[str]:
    """Which type each counterpart was, and what the player could believe of it when preparation ended."""
    state = session.state
    found: list[str] = []
    for delegation in session.counterparts:
        kind = session.kind(delegation.id)
        if kind is None:
            continue
        labels = {t.id: t.label for t in session.written.delegation(delegation.id).types}
        believed = state.believed.get(delegation.id, {})
        odds = ", ".join(f"{md(labels[t])} {p:.0%}" for t, p in sorted(believed.items(), key=lambda kv: -kv[1]))
        found.append(f"- {md(delegation.name)} was **{md(kind.label)}**. {md(kind.description)}".rstrip())
        found.append(f"  When your preparation ended you could tell: {odds or 'nothing'}.")
    return found or ["- The other side could only be one way in this scenario."]


def last_exchange(session: Session) -> list[str]:
    """The lines from the player's last move to the end: the answer that ended the game is on the table's
    screen for no frame at all, since the debrief replaces it at once."""
    transcript = session.state.transcript
    start = next((n for n in range(len(transcript) - 1, -1, -1) if transcript[n].speaker == session.me), None)
    if start is None:
        return []
    names = speaker_names(session.scenario)
    return [f"- {md(s.text)}" if s.text.startswith(names.get(s.speaker, s.speaker))  # "Harbour Café proposes..."
            else f"- **{md(names.get(s.speaker, s.speaker))}**: {md(s.text)}"
            for s in transcript[start:] if s.tag != "ending"]  # the ending's title and text head the debrief


def debrief_markdown(session: Session) -> str:
    state, scenario = session.state, session.scenario
    assert state.outcome is not None and state.score is not None
    ending = next(e for e in scenario.endings if e.id == state.outcome.ending)
    main = session.main
    lines = [f"# {md(ending.title)}", "", f"*{how_it_ended(session)}*", "", markdown_prose(ending.text), ""]
    exchange = last_exchange(session)
    if exchange:
        lines += ["## The last exchange", "", *exchange, ""]
    lines += [f"## Score: {state.score.total:.1f} / 100", "",
             "| part | value | weight | what it measures |", "|---|---|---|---|"]
    lines += [f"| {p.name.replace('_', ' ')} | {p.value:.2f} | {p.weight:.2f} | {md(p.detail)} |" for p in state.score.parts]
    lines += ["", SCORE_IN_A_MINUTE, "",
              f"Your utility {state.score.player_utility:.2f}, theirs {state.score.counterpart_utility:.2f}. "
              f"The *Nash bargaining point* is the package that makes the product of both sides' gains over no deal "
              f"largest, a fair and efficient reference: {nash_in_words(session)}.",
              "", "## Who you faced", "", *faced(session),
              "", "## What you believed and what was true", "",
              f"{md(possessive(main.name))} expectations were hidden until now; 'you knew' is what your intelligence "
              "told you. The *expectation gap* is how far your expectation was from theirs, the *reality gap* how far "
              "it was from what was achieved (on an issue left unsettled, from the nearest settlement both sides "
              "could accept): "
              "0 is the same option, 1 the whole scale.", ""]
    last = {g.issue: g for g in state.gaps if g.counterpart == main.id}
    for issue in scenario.issues:  # a list: option names are too long for the cells of a table at 80 columns
        known = state.intel[main.id][issue.id]
        knew = md(issue.options[known.lo].label if known.exact()
                  else f"{issue.options[known.lo].label} .. {issue.options[known.hi].label}")
        lines.append(f"- **{md(issue.label)}**: you expected {_label(session, issue.id, state.expectations.get(issue.id))}; "
                     f"they expected {_label(session, issue.id, main.stances[issue.id].expectation)}; "
                     f"you knew {knew}; agreed: {_label(session, issue.id, state.outcome.package.get(issue.id))}"
                     + (f" (expectation gap {last[issue.id].expectation:.2f}, reality gap {last[issue.id].reality:.2f})."
                        if issue.id in last else "."))
    lines += ["", "## Your offers", "", "Each offer is classed by how it changed the value for each side from your "
              "previous one.", ""]
    lines += [f"- round {o.round}: **{o.dance.value}**, {DANCE_MEANING[o.dance]}"
              for o in state.offers if o.by == session.me and o.dance is not None]
    good = done_well(session)
    if good:
        lines += ["", "## What you did well", "", *(f"- {md(text)}" for text in good)]
    lessons = [lesson.text for lesson in scenario.lessons if lesson.id in state.lessons]
    if lessons:
        lines += ["", "## Lessons", "", *(f"- {md(text)}" for text in lessons)]
    return "\n".join(lines) + "\n"


def transcript_markdown(session: Session) -> str:
    names = speaker_names(session.scenario)
    lines = [f"# {md(session.scenario.title)}: transcript", ""]
    lines += [f"- **\\[{s.round}\\] {md(names.get(s.speaker, s.speaker))}**: {md(s.text)}" for s in session.state.transcript]
    return "\n".join(lines) + "\n"
