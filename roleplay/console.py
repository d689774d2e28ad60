"""A line-by-line client of the engine: a whole game with typed commands.

It shows what the player view allows and nothing more. It is a `cmd.Cmd`
shell: at a terminal, readline gives it a history (↑/↓) and Tab completes
commands and their arguments (issues, options, team members, delegations,
gestures). Each phase allows its own commands; `help` lists them. Text is
wrapped to the terminal's width (80 columns at most) and Markdown from the
scenario is shown as plain prose.
"""

from __future__ import annotations

import cmd
import re
import shlex
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

from roleplay.catalogue import ScenarioNotFound, resolve
from roleplay.coaching import Coach
from roleplay.coaching import markdown as coach_markdown
from roleplay.debrief import faced, gap_bars, nash_in_words
from roleplay.engine import actions as a
from roleplay.engine.coach import level_of
from roleplay.engine.dance import DANCE_MEANING
from roleplay.engine.dialogue import describe, option_label, speaker_names
from roleplay.engine.posture import Posture
from roleplay.engine.session import IllegalAction, Session
from roleplay.engine.types import belief_text
from roleplay.engine.view import player_view, round_label
from roleplay.games import ScenarioChanged, new_game, open_scenario, replay_anew, resume
from roleplay.lessons import done_well
from roleplay.saves import SaveError, Slot, save_path
from roleplay.saves import find as find_save
from roleplay.scenario.loader import check_file
from roleplay.scenario.problems import ScenarioError, render
from roleplay.text import amount, clean

WIDTH = 80
MAX_LINE = 10_000
"""Characters of one typed command: longer lines are refused before they are split into words."""


class Quit(Exception):
    """The player asked to leave."""


class UnknownName(Exception):
    """A typed word names nothing, or more than one thing, of what it should name."""


@dataclass(frozen=True)
class Command:
    usage: str
    what: str
    run: Callable[[list[str]], object]
    complete: Callable[[str, list[str]], list[str]] | None = None
    """Candidates for the word being typed, given that word and the arguments typed before it."""


def plain(markdown: str) -> str:
    """Scenario Markdown as prose: no emphasis marks, headings as lines, rules as blank lines."""
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", markdown, flags=re.S)
    text = re.sub(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])", r"\1", text, flags=re.S)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"^#{1,6}\s*", "", text, flags=re.M)
    return re.sub(r"^\s*(---+|\*\*\*+)\s*$", "", text, flags=re.M)


def md_unescape(text: str) -> str:
    """Markdown escapes (`\\*`, `\\[`) back to the characters, for prose shown as plain text."""
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", text)


LIST_ITEM = re.compile(r"\s*(?:[-*]|\d+\.)\s")


def wrapped(text: str, width: int, indent: str = "", hang: str = "") -> str:
    """Each paragraph filled to the width; a list item starts its own line and hangs under its marker."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip("\n")):
        groups: list[list[str]] = []
        for line in paragraph.splitlines():
            if not groups or LIST_ITEM.match(line):
                groups.append([])
            groups[-1].append(line.strip())
        for group in groups:
            item = LIST_ITEM.match(group[0])
            under = " " * (item.end() - len(group[0]) + len(group[0].lstrip())) if item else hang
            out.append(textwrap.fill(" ".join(group), width, initial_indent=indent,
                                     subsequent_indent=indent + under, break_on_hyphens=False))
        out.append("")
    return "\n".join(out).rstrip("\n")


def match(word: str, choices: Sequence[tuple[str, str]]) -> str:
    """The id a typed word means: an id, or a word (or the start of one) of one name only.

    So `team envoy` finds the member whose title says envoy, and `probe sanc`
    the sanctions issue. Raises UnknownName, naming the choices, otherwise.
    """
    lowered = word.lower()
    for ident, _ in choices:
        if ident.lower() == lowered:
            return ident
    found = [ident for ident, name in choices
             if ident.lower().startswith(lowered)
             or any(part.startswith(lowered) for part in re.split(r"[^\w]+", name.lower()) if part)]
    if len(set(found)) == 1:
        return found[0]
    known = ", ".join(ident for ident, _ in choices)
    raise UnknownName(f"'{word}' is {'ambiguous' if found else 'not one of'}: {known}")


class Console(cmd.Cmd):
    """The game as a shell: one command per line, the commands of the phase the talks are in."""

    def __init__(self, session: Session, read: Callable[[str], str] | None = None, out: TextIO | None = None,
                 slot: Slot | None = None, coach: Coach | None = None) -> None:
        super().__init__(stdout=out or sys.stdout)
        self.session = session
        self.coach = coach or Coach()
        self.hints: list[str] = []
        self.scenario = session.scenario
        self.interactive = read is None
        self.read = read or input
        self.out = out or sys.stdout
        self.slot = slot
        self.shown = 0
        self.width = min(WIDTH, shutil.get_terminal_size((WIDTH, 24)).columns) if self.interactive else WIDTH

    # --- output -------------------------------------------------------------

    def say(self, text: str = "", indent: str = "", hang: str = "") -> None:
        """Print text made safe for the terminal, wrapped to the width (blank lines kept)."""
        text = clean(text)
        if not text.strip():
            print(text, file=self.out)
            return
        print(wrapped(text, self.width, indent, hang), file=self.out)

    def warn(self, problem: str) -> None:
        self.say(f"! {problem}", indent="  ", hang="  ")

    def news(self) -> None:
        """Print the transcript lines that are new since the last call."""
        names = speaker_names(self.scenario)
        for statement in self.session.state.transcript[self.shown:]:
            speaker = "You" if statement.speaker == self.session.me else names.get(statement.speaker, statement.speaker)
            self.say(f"[{statement.round}] {speaker}: {statement.text}", indent="  ", hang="      ")
        self.shown = len(self.session.state.transcript)

    def board(self) -> None:
        view = player_view(self.session)
        main = view.counterparts[0]
        meters = view.meters[main]
        self.say("")
        self.say(f"{round_label(view).capitalize()} · {self.scenario.delegation(main).name}: "
                 f"trust {meters.trust:.2f}, tension {meters.tension:.2f}")
        latest = {g.issue: g for g in view.gaps if g.counterpart == main}
        for issue in self.scenario.issues:
            known = view.intel[main][issue.id]
            gap = latest.get(issue.id)
            bar = "-" if gap is None or gap.position is None else "#" * round(gap.position * 10) or "✓ same offer"
            guess = (issue.options[known.lo].label if known.exact()
                     else f"{issue.options[known.lo].label} .. {issue.options[known.hi].label}")
            self.say(f"{issue.label} [{issue.id}]  {bar if bar.startswith('✓') else 'gap ' + bar}", indent="  ")
            self.say(f"you offer {self._label(issue.id, view.my_positions.get(issue.id))}; they offer "
                     f"{self._label(issue.id, view.their_offers.get(main, {}).get(issue.id))}; you expect "
                     f"{self._label(issue.id, view.expectations.get(issue.id))}; they expect {guess}",
                     indent="      ", hang="  ")

    def _label(self, issue: str, option: str | None, none: str = "-") -> str:
        return option_label(self.scenario, issue, option) if option else none

    # --- what a word names ------------------------------------------------------

    def issues(self) -> list[tuple[str, str]]:
        return [(i.id, i.label) for i in self.scenario.issues]

    def options(self, issue: str) -> list[tuple[str, str]]:
        return [(o.id, o.label) for o in self.scenario.issue(issue).options]

    def members(self) -> list[tuple[str, str]]:
        pickable = player_view(self.session).pickable
        return [(m.id, m.who()) for m in self.scenario.team.roster if m.id in pickable]

    def advisers(self) -> list[tuple[str, str]]:
        return [(d.id, d.name) for d in self.session.bystanders]

    def gestures(self) -> list[tuple[str, str]]:
        return [(g.id, g.label) for g in self.scenario.gestures if not g.by or self.session.me in g.by]

    def issue_word(self, word: str) -> str:
        return match(word, self.issues())

    def option_word(self, issue: str, word: str) -> str:
        return match(word, self.options(issue))

    def pairs(self, words: list[str]) -> dict[str, str]:
        """ISSUE=OPTION words as a package (either side may be an id or a word of its name)."""
        package: dict[str, str] = {}
        for word in words:
            issue, _, option = word.partition("=")
            if not option:
                raise ValueError(word)
            chosen = self.issue_word(issue)
            package[chosen] = self.option_word(chosen, option)
        return package

    # --- the shell --------------------------------------------------------------

    def attempt(self, action: a.Action) -> bool:
        if self.session.can(action) and self.advised(action):
            return False
        try:
            self.session.act(action)
        except IllegalAction as exc:
            self.warn(str(exc))
            return False
        self.autosave()
        self.news()
        self.show_hints(self.coach.after(self.session), about_move=False)
        return True

    def advised(self, action: a.Action) -> bool:
        """Show the coach's hints about a move before it is played; True if there were any (the move waits)."""
        hints = self.coach.before(self.session, action)
        self.show_hints(hints, about_move=True)
        return bool(hints)

    def show_hints(self, hints: list, about_move: bool) -> None:
        if not hints:
            return
        self.hints = [hint.why for hint in hints]
        for hint in hints:
            self.say(f"coach: {hint.text}")
        tail = "; the same move again plays it anyway" if about_move else ""
        self.say(f"coach: (why? type 'why'{tail})")

    def why(self, words: list[str]) -> None:
        if not self.hints:
            self.say("  the coach has said nothing yet")
        for reason in self.hints:
            self.say(f"coach: why: {reason}")

    def set_coach(self, words: list[str]) -> None:
        if words and words[0] not in ("off", "hints", "tutor"):
            raise ValueError(words[0])
        level = self.coach.cycle() if not words else words[0]
        self.coach.set_level(level_of(level))
        self.say(f"  coach: {self.coach.level}")

    def coach_commands(self) -> dict[str, Command]:
        levels = lambda text, before: [] if before else ["off", "hints", "tutor"]  # noqa: E731
        return {"why": Command("why", "the reasons behind the coach's last hints (takes no round)", self.why),
                "coach": Command("coach [off|hints|tutor]", f"the coach's level, now {self.coach.level} (takes no round)",
                                 self.set_coach, levels)}

    def autosave(self) -> None:
        if self.slot is None:
            return
        failing = self.slot.problem
        try:
            self.slot.record(self.session)
        except OSError:
            if not failing:  # said once, not after every move; said again if it recovers and fails again
                self.warn(f"{self.slot.problem}; playing on, and trying again after every move")

    def commands(self) -> dict[str, Command]:
        """The commands of the phase the talks are in now."""
        phase = self.session.phase
        if phase == "preparation":
            return self.preparation_commands()
        if phase == "opening":
            return self.opening_commands()
        return self.move_commands()

    def ask(self, prompt: str) -> str:
        try:
            return self.read(prompt)
        except EOFError:
            raise Quit from None

    def onecmd(self, line: str) -> bool:
        """Run one typed line: a command of this phase, help, or quit."""
        if len(line) > MAX_LINE:
            self.warn(f"that line is {len(line):,} characters long; a command is at most {MAX_LINE:,}")
            return False
        try:
            words = shlex.split(line)
        except ValueError:
            words = line.split()
        if not words:
            return False
        verb, rest = words[0].lower(), words[1:]
        if verb in ("quit", "exit"):
            raise Quit
        commands = self.commands()
        if verb in ("help", "?"):
            self.help(commands, rest)
            return False
        if verb not in commands:
            self.warn(f"unknown command '{verb}' here; type help")
            return False
        try:
            commands[verb].run(rest)
        except UnknownName as exc:
            self.warn(str(exc))
        except (IndexError, ValueError):
            self.warn(f"usage: {commands[verb].usage}")
        return False

    def help(self, commands: dict[str, Command], about: list[str]) -> None:
        chosen = {about[0]: commands[about[0]]} if about and about[0] in commands else commands
        width = max(len(c.usage) for c in chosen.values())
        for command in chosen.values():
            self.say(f"{command.usage:<{width}}  {command.what}", indent="  ", hang=" " * (width + 4))
        if not about:
            self.say("help [COMMAND] · quit (your game is saved) · Tab completes, ↑ recalls", indent="  ")

    def completer(self, text: str, state: int) -> str | None:
        """readline's completer: the `state`-th match for the word being typed, None after the last."""
        found: object = self.complete(text, state)  # one match or None (typeshed types it as a list)
        return found if isinstance(found, str) else None

    def completenames(self, text: str, *ignored: object) -> list[str]:
        return [name for name in [*self.commands(), "help", "quit"] if name.startswith(text.lower())]

    def completedefault(self, text: str, line: str, begidx: int, endidx: int) -> list[str]:
        words = line[:begidx].split()
        command = self.commands().get(words[0].lower()) if words else None
        if command is None or command.complete is None:
            return []
        return [c for c in command.complete(text, words[1:]) if c.startswith(text)]

    def complete_help(self, text: str, *ignored: object) -> list[str]:
        return [name for name in self.commands() if name.startswith(text)]

    def complete_pairs(self, text: str, before: list[str]) -> list[str]:
        """ISSUE= first, then that issue's options after the '='."""
        issue, eq, _ = text.partition("=")
        if not eq:
            return [f"{i}=" for i, _ in self.issues()]
        try:
            chosen = self.issue_word(issue)
        except UnknownName:
            return []
        return [f"{issue}={o}" for o, _ in self.options(chosen)]

    @contextmanager
    def completion(self) -> Iterator[None]:
        """At a terminal, Tab completes through readline (and ↑/↓ recall earlier lines)."""
        if not self.interactive:
            yield
            return
        try:
            import readline
        except ImportError:  # pragma: no cover - readline is missing on some platforms
            yield
            return
        previous = readline.get_completer()
        readline.set_completer(self.completer)
        readline.set_completer_delims(" \t\n")
        readline.parse_and_bind(self.completekey + ": complete")
        try:
            yield
        finally:
            readline.set_completer(previous)

    def loop(self, prompt: str, until: Callable[[], bool]) -> None:
        while not until():
            self.onecmd(self.ask(prompt))

    # --- phases -------------------------------------------------------------

    def run(self) -> None:
        """Play from whatever phase the session is in (a resumed game starts where it stopped)."""
        with self.completion():
            self.play()

    def play(self) -> None:
        session = self.session
        if session.phase == "briefing":
            self.briefing()
            self.attempt(a.BeginPreparation())
        else:
            self.say("")
            self.say(f"Resuming {self.scenario.title} as {session.player.name}, {round_label(player_view(session))}.")
            self.news()
        if session.phase == "preparation":
            self.preparation()
        if session.phase == "opening":
            self.say("")
            self.say("--- Opening --- type help for the commands")
            self.loop("open> ", lambda: session.phase != "opening")
        while not session.finished():
            self.board()
            self.ask_move()
        if session.phase == "concluded":
            self.attempt(a.ShowDebrief())
        self.debrief()

    def ask_move(self) -> None:
        before = len(self.session.actions)
        while len(self.session.actions) == before and not self.session.finished():
            self.onecmd(self.ask("move> "))

    def briefing(self) -> None:
        me = self.session.player
        self.say("")
        self.say(f"=== {self.scenario.title} ===")
        self.say("")
        self.say(plain(self.scenario.briefing))
        self.say("")
        self.say(f"--- Your instructions: {me.name} ---")
        self.say("")
        self.say(plain(me.briefing))
        self.say("")
        self.say(f"If there is no deal: {plain(me.batna.story or 'nothing better.')}")

    def preparation(self) -> None:
        self.say("")
        self.say("--- Preparation --- type help for the commands; done when ready. Every move at the table "
                 "afterwards takes a round.")
        view = player_view(self.session)
        roster = {m.id: m for m in self.scenario.team.roster}
        unit = self.scenario.preparation.label
        for m in (roster[member] for member in view.pickable):
            knows = ", ".join(self.scenario.issue(g.issue).label for g in m.intel) or "nothing in particular"
            self.say(f"team {m.id}: {m.who()} (cost {amount(m.cost, unit)}); knows about {knows}", indent="  ",
                     hang="      ")
        for d in map(self.scenario.delegation, view.consultable):
            assert d.consult is not None  # the view lists only delegations that can be consulted
            self.say(f"consult {d.id}: {d.name} (cost {amount(d.consult.cost, unit)})", indent="  ", hang="      ")
        for issue in self.scenario.issues:
            stance = view.my_stances[issue.id]
            self.say(f"{issue.label} [{issue.id}]: " + ", ".join(f"{o.id} ({o.label})" for o in issue.options),
                     indent="  ", hang="      ")
            self.say(f"your ideal: {self._label(issue.id, stance.ideal)}; your limit: "
                     f"{self._label(issue.id, stance.reservation)}", indent="      ", hang="  ")
        shown = ""
        while self.session.phase == "preparation":
            status = self.preparation_status()
            if status != shown:  # after each change, not after every line typed
                self.say(status, indent="  ", hang="  ")
                shown = status
            self.onecmd(self.ask("prep> "))

    def preparation_status(self) -> str:
        state = self.session.state
        team = ", ".join(m.name for m in self.scenario.team.roster if m.id in state.team) or "none"
        expected = describe(self.scenario, state.expectations) if state.expectations else "none yet"
        beliefs = " ".join(f"{belief_text(self.session.written.delegation(d), odds)}."
                           for d, odds in player_view(self.session).beliefs.items())
        return (f"Budget left {amount(state.budget_left, self.scenario.preparation.label)}. Team: {team}. "
                f"You expect: {expected}." + (f" {beliefs}" if beliefs else ""))

    # --- the commands of each phase --------------------------------------------------

    def preparation_commands(self) -> dict[str, Command]:
        members = lambda text, before: [] if before else [m for m, _ in self.members()]  # noqa: E731
        advisers = lambda text, before: [] if before else [d for d, _ in self.advisers()]  # noqa: E731

        return {
            "team": Command("team MEMBER", "pick a team member (by the id in the roster, or a word of their title)",
                            lambda w: self.attempt(a.PickMember(member=match(w[0], self.members()))), members),
            "drop": Command("drop MEMBER", "drop a team member",
                            lambda w: self.attempt(a.DropMember(member=match(w[0], self.members()))), members),
            "consult": Command("consult DELEGATION", "consult a delegation beside the table",
                               lambda w: self.attempt(a.ConsultAlly(delegation=match(w[0], self.advisers()))), advisers),
            "expect": Command("expect ISSUE OPTION", "write down what you expect on an issue",
                              lambda w: self.set_stance(a.SetExpectation, w), self.complete_issue_option),
            "walkaway": Command("walkaway ISSUE OPTION", "move your limit on an issue (walk away from worse)",
                                lambda w: self.set_stance(a.SetWalkaway, w), self.complete_issue_option),
            "done": Command("done", "go to the table", lambda w: self.attempt(a.FinishPreparation())),
            **self.coach_commands(),
        }

    def set_stance(self, kind: type[a.SetExpectation] | type[a.SetWalkaway], words: list[str]) -> None:
        issue = self.issue_word(words[0])
        self.attempt(kind(issue=issue, option=self.option_word(issue, words[1])))

    def complete_issue_option(self, text: str, before: list[str]) -> list[str]:
        if not before:
            return [i for i, _ in self.issues()]
        try:
            return [o for o, _ in self.options(self.issue_word(before[0]))] if len(before) == 1 else []
        except UnknownName:
            return []

    def opening_commands(self) -> dict[str, Command]:
        return {"open": Command("open POSTURE [ISSUE=OPTION ...]",
                                f"state your opening position (postures: {', '.join(Posture)}; issues you do not "
                                "name open at your ideal)", self._open,
                                lambda text, before: self.complete_pairs(text, before) if before else list(Posture))}

    def _open(self, words: list[str]) -> None:
        posture = Posture(words[0]) if words else Posture.balanced  # an unknown word: ValueError, the usage
        offer = {**self.session.true_utility(self.session.me).ideal(), **self.pairs(words[1:])}
        self.attempt(a.OpenTalks(posture=posture, offer=offer))

    def move_commands(self) -> dict[str, Command]:
        view = player_view(self.session)
        issues = lambda text, before: [] if before else [i for i, _ in self.issues()]  # noqa: E731
        return {
            "propose": Command("propose ISSUE=OPTION ...", "propose a package (issues you do not name stay as "
                               "in your last offer)",
                               lambda w: self._propose(view.my_positions, w), self.complete_pairs),
            "probe": Command("probe ISSUE", "ask what they hope for on an issue",
                             lambda w: self.attempt(a.Probe(issue=self.issue_word(w[0]))), issues),
            "gesture": Command("gesture ID", "offer a goodwill gesture: " + (", ".join(
                f"{g.id} ({g.label})" for g in self.session.gestures_available()) or "none left to you now"),
                lambda w: self.attempt(a.OfferGesture(gesture=match(w[0], self.gestures()))),
                lambda text, before: [] if before else [g for g, _ in self.gestures()]),
            "pressure": Command("pressure [ISSUE]", "apply pressure (on an issue)",
                                lambda w: self.attempt(a.Pressure(issue=self.issue_word(w[0]) if w else None)), issues),
            "consult": Command("consult DELEGATION", "consult a delegation beside the table",
                               lambda w: self.attempt(a.Consult(delegation=match(w[0], self.advisers()))),
                               lambda text, before: [] if before else [d for d, _ in self.advisers()]),
            "accept": Command("accept", "accept their last offer", lambda w: self.attempt(a.Accept())),
            "close": Command("close", "call for final offers (the last-offer round)",
                             lambda w: self.attempt(a.CallClosing())),
            "walkout": Command("walkout", "walk out of the talks", lambda w: self.attempt(a.WalkOut())),
            "board": Command("board", "show the board again (takes no round)", lambda w: self.board()),
            **self.coach_commands(),
        }

    def _propose(self, standing: Mapping[str, str], words: list[str]) -> None:
        if not words:
            raise ValueError("a proposal names at least one ISSUE=OPTION")
        self.attempt(a.Propose(package={**standing, **self.pairs(words)}))

    # --- the end -------------------------------------------------------------------

    def debrief(self) -> None:
        state = self.session.state
        assert state.outcome is not None and state.score is not None
        ending = next(e for e in self.scenario.endings if e.id == state.outcome.ending)
        self.say("")
        self.say(f"=== {ending.title} ===")
        self.say(plain(ending.text))
        self.say("")
        self.say(f"Score: {state.score.total:.1f} / 100")
        for part in state.score.parts:
            self.say(f"{part.name.replace('_', ' '):<13} {part.value:4.2f} x {part.weight:.2f}  {part.detail}",
                     indent="  ", hang=" " * 29)
        self.say("Efficiency is the share of the joint gain over both sides' no-deal outcomes that the deal "
                 "captured.", indent="  ", hang="  ")
        self.say(f"Nash bargaining point (the package that makes the product of both sides' gains over no deal "
                 f"largest): {nash_in_words(self.session)}.", indent="  ", hang="  ")
        faced_lines = [line for line in faced(self.session) if self.session.kind(self.session.main.id) is not None]
        if faced_lines:
            self.say("")
            self.say("Who you faced:")
            for line in faced_lines:
                self.say(plain(md_unescape(line.strip().removeprefix("- "))), indent="  ", hang="  ")
        main = self.session.main
        self.say("")
        self.say("Your expectations against theirs (now revealed) and the result:")
        for issue in self.scenario.issues:
            history = [g.position for g in state.gaps if g.counterpart == main.id and g.issue == issue.id]
            line = gap_bars(history)
            self.say(f"{issue.label}: you expected {self._label(issue.id, state.expectations.get(issue.id))}, "
                     f"they expected {self._label(issue.id, main.stances[issue.id].expectation)}, "
                     f"agreed: {self._label(issue.id, state.outcome.package.get(issue.id), 'not settled')}; "
                     f"gap by round {line}",
                     indent="  ", hang="    ")
        self.say("")
        self.say("Your offers, each against your previous one:")
        for offer in state.offers:
            if offer.by == self.session.me and offer.dance is not None:
                self.say(f"round {offer.round}: {offer.dance.value} ({DANCE_MEANING[offer.dance]})", indent="  ")
        good = done_well(self.session)
        if good:
            self.say("")
            self.say("What you did well:")
            for text in good:
                self.say(f"- {text}", indent="  ", hang="  ")
        lessons = [lesson for lesson in self.scenario.lessons if lesson.id in state.lessons]
        if lessons:
            self.say("")
            self.say("Lessons:")
            for lesson in lessons:
                self.say(f"- {plain(lesson.text)}", indent="  ", hang="  ")
        coached = coach_markdown(self.session, self.coach.records, self.coach.level)
        for line in coached.splitlines():
            if line.strip():
                self.say(plain(md_unescape(line.replace("## ", ""))), indent="  " if line.startswith("- ") else "",
                         hang="    ")
        self.say("")
        self.say(f"Seed {state.seed}: play the same game again with --seed {state.seed}.")


def run_console(name: str | None, delegation: str | None, seed: int | None, resume: str | None = None,
                save_name: str | None = None, player: str = "", coach: str | None = None) -> int:
    """Start a new game, or resume a saved one; every action is saved as it is played."""
    try:
        if save_name is not None:
            save_path(save_name)  # a bad name is refused before anything is asked
    except SaveError as exc:
        print(clean(str(exc)), file=sys.stderr)
        return 2
    if resume is not None:
        try:
            return _resume(resume, player, coach)
        except (ScenarioNotFound, SaveError) as exc:
            print(clean(str(exc)), file=sys.stderr)
            return 1
        except ScenarioError as exc:  # the save's scenario: only the headlines, never lines of the file
            print(clean("\n".join(p.headline() for p in exc.problems)), file=sys.stderr)
            return 1
    try:
        loaded = open_scenario(name)
    except (ScenarioNotFound, SaveError) as exc:
        print(clean(str(exc)), file=sys.stderr)
        return 1
    except ScenarioError as exc:
        report = check_file(resolve(name))
        print(clean(render(exc.problems, {report.file: report.text})), file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(clean(f"cannot start: {exc}"), file=sys.stderr)
        return 1
    seats = [d.id for d in loaded.scenario.playable()]
    chosen = delegation or (seats[0] if len(seats) == 1 else None)
    while chosen not in seats:
        try:
            chosen = input(f"Play as ({', '.join(seats)}): ").strip() or seats[0]
        except EOFError:
            return 0
    try:
        game = new_game(loaded, chosen, seed, save_name=save_name, player=player, coach=coach)
    except SaveError as exc:
        print(clean(str(exc)), file=sys.stderr)
        return 1
    print(clean(f"Saving after every move to {game.slot.path}; resume with: roleplay play --resume {game.slot.path.stem!r}"))
    return _play(Console(game.session, slot=game.slot, coach=coached(game.slot, game.coach, game.hints)))


def coached(slot: Slot, level: str, records: list) -> Coach:
    """A coach whose level and hints the slot keeps in the save."""
    def keep(coach: Coach) -> None:
        slot.carry(coach=coach.level, hints=list(coach.records))

    coach = Coach(level_of(level), records, keep)
    slot.carry(coach=coach.level)
    return coach


def _play(console: Console) -> int:
    try:
        console.autosave()  # on disk from the start: "saved" is true even if the player leaves at once
        console.run()
    except Quit:
        print(clean(f"\nLeft the game.{_where(console.slot)}"))
    finally:
        if console.slot is not None:
            console.slot.release()
    return 0


def _where(slot: Slot | None) -> str:
    """Where the game is saved, or the truth when the last save failed."""
    if slot is None:
        return ""
    if slot.problem:
        return f" Your last moves are NOT saved: {slot.problem}."
    return f" Your game is saved in {slot.path}."


def _resume(name: str, player: str, coach: str | None = None) -> int:
    try:
        game = resume(find_save(name), player=player, coach=coach)
    except ScenarioChanged as changed:
        print(f"The scenario '{changed.save.scenario_id}' has changed since this game was saved.")
        choice = _ask("[r]eplay the moves on the new version, read the [t]ranscript, or [c]ancel? ", "rtc")
        if choice == "t":
            names = speaker_names(changed.loaded.scenario) | {changed.save.delegation: "You"}
            for statement in changed.save.transcript:
                said_by = names.get(statement.speaker, statement.speaker)  # an id the new version no longer has
                print(clean(f"  [{statement.round}] {said_by}: {statement.text}"))
            return 0
        if choice != "r":
            return 0
        game = replay_anew(changed, player=player, coach=coach)
        print(clean(f"The replayed game is saved separately, in {game.slot.path}; the original is left untouched."))
    return _play(Console(game.session, slot=game.slot, coach=coached(game.slot, game.coach, game.hints)))


def _ask(prompt: str, choices: str) -> str:
    while True:
        try:
            answer = input(prompt).strip().lower()[:1]
        except EOFError:
            return "c"
        if answer in choices:
            return answer
