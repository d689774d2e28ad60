"""A line-by-line client of the engine: a whole game with typed commands.

It shows what the player view allows and nothing more, and reads one command
per line. Each phase has its own table of commands; `help` lists them.
"""

from __future__ import annotations

import random
import shlex
import sys
from collections.abc import Callable
from typing import TextIO

from pathlib import Path

from roleplay.catalogue import ScenarioNotFound, resolve
from roleplay.coaching import Coach, level_of
from roleplay.coaching import markdown as coach_markdown
from roleplay.engine import actions as a
from roleplay.engine.dance import DANCE_MEANING
from roleplay.engine.lines import describe, option_label
from roleplay.engine.session import IllegalAction, Session
from roleplay.engine.view import player_view
from roleplay.scenario.loader import check_file, load
from roleplay.scenario.problems import ScenarioError, render
from roleplay.saves import SaveError, Slot, default_name, listing, replay, save_path, saves_dir
from roleplay.saves import read as read_save
from roleplay.saves import scenario_file as saves_scenario_file
from roleplay.text import clean

SPARKS = "▁▂▃▄▅▆▇█"


class Quit(Exception):
    """The player asked to leave."""


class Console:
    def __init__(self, session: Session, read: Callable[[str], str] | None = None, out: TextIO | None = None,
                 slot: Slot | None = None, coach: Coach | None = None) -> None:
        self.session = session
        self.coach = coach or Coach()
        self.hints: list[str] = []
        self.scenario = session.scenario
        self.read = read or (lambda prompt: input(prompt))
        out = out or sys.stdout
        self.out = out
        self.slot = slot
        self.shown = 0

    # --- output -------------------------------------------------------------

    def say(self, text: str = "") -> None:
        print(clean(text), file=self.out)

    def news(self) -> None:
        """Print the transcript lines that are new since the last call."""
        names = {d.id: d.name for d in self.scenario.delegations} | {"narrator": "*"}
        for statement in self.session.state_data.transcript[self.shown:]:
            speaker = "»" if statement.speaker == self.session.me else names.get(statement.speaker, statement.speaker) + ":"
            self.say(f"  [{statement.round}] {speaker} {statement.text}")
        self.shown = len(self.session.state_data.transcript)

    def board(self) -> None:
        view = player_view(self.session)
        main = view.counterparts[0]
        meters = view.meters[main]
        self.say(f"\nRound {view.round} of {view.rounds} ({view.phase}) | "
                 f"{self.scenario.delegation(main).name}: trust {meters.trust:.2f}, tension {meters.tension:.2f}")
        latest = {g.issue: g for g in view.gaps if g.counterpart == main}
        for issue in self.scenario.issues:
            known = view.intel[main][issue.id]
            mine = view.my_positions.get(issue.id)
            theirs = view.their_offers.get(main, {}).get(issue.id)
            gap = latest.get(issue.id)
            bar = "" if gap is None or gap.position is None else "#" * round(gap.position * 10)
            guess = (option_label(self.scenario, issue.id, issue.options[known.lo].id) if known.exact()
                     else f"{issue.options[known.lo].label} .. {issue.options[known.hi].label}")
            self.say(f"  {issue.label}: you {self._label(issue.id, mine)} | they {self._label(issue.id, theirs)}"
                     f" | gap {bar:<10}| you expect {self._label(issue.id, view.expectations.get(issue.id))}"
                     f" | they expect {guess}")

    def _label(self, issue: str, option: str | None) -> str:
        return option_label(self.scenario, issue, option) if option else "-"

    # --- input --------------------------------------------------------------

    def ask(self, prompt: str) -> list[str]:
        try:
            line = self.read(prompt)
        except EOFError:
            raise Quit from None
        try:
            return shlex.split(line)
        except ValueError:
            return line.split()

    def attempt(self, action: a._Action) -> bool:
        if self.session.can(action) and self.advised(action):  # type: ignore[arg-type]
            return False
        try:
            self.session.act(action)  # type: ignore[arg-type]
        except IllegalAction as exc:
            self.say(f"  ! {exc}")
            return False
        self.autosave()
        self.news()
        self.show_hints(self.coach.after(self.session), about_move=False)
        return True

    def advised(self, action: a._Action) -> bool:
        """Show the coach's hints about a move before it is played; True if there were any (the move waits)."""
        hints = self.coach.before(self.session, action)  # type: ignore[arg-type]
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

    def coach_commands(self) -> dict[str, tuple[str, Callable[[list[str]], object]]]:
        return {"why": ("why  (the reasons behind the coach's last hints)", self.why),
                "coach": ("coach [off|hints|tutor]  (the coach's level, now " + self.coach.level + ")", self.set_coach)}

    def autosave(self) -> None:
        if self.slot is None:
            return
        try:
            self.slot.record(self.session)
        except OSError as exc:
            self.say(f"  ! the game could not be saved to {self.slot.path}: {exc.strerror or exc}")

    def dispatch(self, commands: dict[str, tuple[str, Callable[[list[str]], object]]], prompt: str) -> None:
        words = self.ask(prompt)
        if not words:
            return
        verb, rest = words[0].lower(), words[1:]
        if verb in ("quit", "exit"):
            raise Quit
        if verb in ("help", "?"):
            for name, (usage, _) in commands.items():
                self.say(f"  {usage}")
            self.say("  quit")
            return
        if verb not in commands:
            self.say(f"  ! unknown command '{verb}'; type help")
            return
        try:
            commands[verb][1](rest)
        except (IndexError, ValueError):
            self.say(f"  ! usage: {commands[verb][0]}")

    # --- phases -------------------------------------------------------------

    def run(self) -> None:
        """Play from whatever phase the session is in (a resumed game starts where it stopped)."""
        if self.session.state == "briefing":
            self.briefing()
            self.attempt(a.BeginPreparation())
        else:
            self.say(f"\nResuming {self.scenario.title} as {self.session.player.name}, "
                     f"round {self.session.state_data.round}.")
            self.news()
        if self.session.state == "preparation":
            self.preparation()
        if self.session.state == "opening":
            self.opening()
        while not self.session.finished():
            self.board()
            self.dispatch(self.move_commands(), "move> ")
        if self.session.state == "concluded":
            self.attempt(a.ShowDebrief())
        self.debrief()

    def briefing(self) -> None:
        me = self.session.player
        self.say(f"\n=== {self.scenario.title} ===\n\n{self.scenario.briefing}")
        self.say(f"\n--- Your instructions ({me.name}) ---\n\n{me.briefing}")
        self.say(f"\nYour walk-away if there is no deal: {me.batna.story or 'nothing better'}")

    def preparation(self) -> None:
        view = player_view(self.session)
        self.say("\n--- Preparation --- type help for commands; 'done' when ready")
        roster = [m for m in self.scenario.team.roster if not m.serves or self.session.me in m.serves]
        for m in roster:
            knows = ", ".join(self.scenario.issue(g.issue).label for g in m.intel) or "nothing in particular"
            self.say(f"  team {m.id:<12} {m.name}, {m.title} (cost {m.cost:g}): knows about {knows}")
        for d in self.session.bystanders:
            if d.consult:
                self.say(f"  consult {d.id:<9} {d.name} (cost {d.consult.cost:g})")
        for issue in self.scenario.issues:
            stance = view.my_stances[issue.id]
            options = ", ".join(o.id for o in issue.options)
            self.say(f"  {issue.id}: {options}   (ideal {stance.ideal}, walk-away {stance.reservation})")
        while self.session.state == "preparation":
            state = self.session.state_data
            self.say(f"  budget left {state.budget_left:g} {self.scenario.preparation.label}; "
                     f"team: {', '.join(state.team) or 'none'}; expectations: {state.expectations or 'none yet'}")
            self.dispatch(self.preparation_commands(), "prep> ")

    def preparation_commands(self) -> dict[str, tuple[str, Callable[[list[str]], object]]]:
        return {
            "team": ("team MEMBER", lambda w: self.attempt(a.PickMember(member=w[0]))),
            "drop": ("drop MEMBER", lambda w: self.attempt(a.DropMember(member=w[0]))),
            "consult": ("consult DELEGATION", lambda w: self.attempt(a.ConsultAlly(delegation=w[0]))),
            "expect": ("expect ISSUE OPTION", lambda w: self.attempt(a.SetExpectation(issue=w[0], option=w[1]))),
            "walkaway": ("walkaway ISSUE OPTION", lambda w: self.attempt(a.SetWalkaway(issue=w[0], option=w[1]))),
            "done": ("done", lambda w: self.attempt(a.FinishPreparation())),
            **self.coach_commands(),
        }

    def opening(self) -> None:
        self.say("\n--- Opening --- open POSTURE [ISSUE=OPTION ...]  (postures: firm, balanced, open;"
                 " unnamed issues open at your ideal)")
        while self.session.state == "opening":
            self.dispatch({"open": ("open POSTURE [ISSUE=OPTION ...]", self._open)}, "open> ")

    def _open(self, words: list[str]) -> None:
        posture = words[0] if words else "balanced"
        if posture not in ("firm", "balanced", "open"):
            raise ValueError(posture)
        offer = {**self.session.true_utility(self.session.me).ideal(), **_pairs(words[1:])}
        self.attempt(a.OpenTalks(posture=posture, offer=offer))  # type: ignore[arg-type]

    def move_commands(self) -> dict[str, tuple[str, Callable[[list[str]], object]]]:
        view = player_view(self.session)
        return {
            "propose": ("propose ISSUE=OPTION ...  (changes your last offer)",
                        lambda w: self.attempt(a.Propose(package={**view.my_positions, **_pairs(w)}))),
            "probe": ("probe ISSUE", lambda w: self.attempt(a.Probe(issue=w[0]))),
            "gesture": ("gesture ID  (" + ", ".join(g.id for g in self.session.gestures_available()) + ")",
                        lambda w: self.attempt(a.OfferGesture(gesture=w[0]))),
            "pressure": ("pressure [ISSUE]", lambda w: self.attempt(a.Pressure(issue=w[0] if w else None))),
            "consult": ("consult DELEGATION", lambda w: self.attempt(a.Consult(delegation=w[0]))),
            "accept": ("accept  (their last offer)", lambda w: self.attempt(a.Accept())),
            "close": ("close  (call for final offers)", lambda w: self.attempt(a.CallClosing())),
            "walkout": ("walkout", lambda w: self.attempt(a.WalkOut())),
            **self.coach_commands(),
        }

    def debrief(self) -> None:
        state = self.session.state_data
        assert state.outcome is not None and state.score is not None
        ending = next(e for e in self.scenario.endings if e.id == state.outcome.ending)
        self.say(f"\n=== {ending.title} ===\n{ending.text}")
        self.say(f"\nScore: {state.score.total:.1f} / 100")
        for part in state.score.parts:
            self.say(f"  {part.name:<13} {part.value:5.2f} x {part.weight:.2f}  {part.detail}")
        nash = describe(self.scenario, state.score.nash) if state.score.nash else "no deal beats both BATNAs"
        self.say(f"  Nash bargaining point: {nash}")
        main = self.session.main
        self.say("\nYour expectations against theirs (now revealed) and the result:")
        for issue in self.scenario.issues:
            history = [g.position for g in state.gaps if g.counterpart == main.id and g.issue == issue.id]
            line = "".join(" " if p is None else SPARKS[min(7, int(p * 7.999))] for p in history)
            self.say(f"  {issue.label}: you expected {self._label(issue.id, state.expectations.get(issue.id))}, "
                     f"they expected {self._label(issue.id, main.stances[issue.id].expectation)}, "
                     f"agreed {self._label(issue.id, state.outcome.package.get(issue.id))}; gap by round {line}")
        self.say("\nYour offers:")
        for offer in state.offers:
            if offer.by == self.session.me and offer.dance is not None:
                self.say(f"  round {offer.round}: {offer.dance.value} ({DANCE_MEANING[offer.dance]})")
        lessons = [lesson for lesson in self.scenario.lessons if lesson.id in state.lessons]
        if lessons:
            self.say("\nLessons:")
            for lesson in lessons:
                self.say(f"  - {lesson.text}")
        coached = coach_markdown(self.session, self.coach.records, self.coach.level)
        if coached:
            self.say("\n" + coached.replace("## ", "").rstrip())
        self.say(f"\nSeed {state.seed}: play the same game again with --seed {state.seed}.")


def _pairs(words: list[str]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for word in words:
        issue, _, option = word.partition("=")
        if not option:
            raise ValueError(word)
        pairs[issue] = option
    return pairs


def run_console(name: str | None, delegation: str | None, seed: int | None, resume: str | None = None,
                save_name: str | None = None, player: str = "", coach: str | None = None) -> int:
    """Start a new game, or resume a saved one; every action is saved as it is played."""
    try:
        if resume is not None:
            return _resume(resume, player, coach)
        path = resolve(name)
        loaded = load(path)
    except (ScenarioNotFound, SaveError) as exc:
        print(exc, file=sys.stderr)
        return 1
    except ScenarioError as exc:
        report = check_file(path)
        print(render(exc.problems, {report.file: report.text}), file=sys.stderr)
        return 1
    seats = [d.id for d in loaded.scenario.playable()]
    chosen = delegation or (seats[0] if len(seats) == 1 else None)
    while chosen not in seats:
        try:
            chosen = input(f"Play as ({', '.join(seats)}): ").strip() or seats[0]
        except EOFError:
            return 0
    session = Session(loaded.scenario, chosen, seed if seed is not None else random.SystemRandom().randrange(10**6))
    try:
        slot = Slot(save_path(save_name or default_name(session)), loaded.digest, str(path), player)
        slot.claim(session)
    except SaveError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Saving after every move to {slot.path}; resume with: roleplay play --resume {slot.path.stem!r}")
    level = level_of(coach, level_of(loaded.scenario.coach))
    return _play(Console(session, slot=slot, coach=coached(slot, level, [])))


def coached(slot: Slot, level: str, records: list) -> Coach:
    """A coach whose level and hints the slot keeps in the save."""
    def keep(coach: Coach) -> None:
        slot.carry(coach=coach.level, hints=list(coach.records))

    coach = Coach(level_of(level), records, keep)
    slot.carry(coach=coach.level)
    return coach


def _play(console: Console) -> int:
    try:
        console.run()
    except Quit:
        where = f" Your game is saved in {console.slot.path}." if console.slot else ""
        print(f"\nLeft the game.{where}")
    return 0


def _resume(name: str, player: str, coach: str | None = None) -> int:
    path = _find_save(name)
    save = read_save(path)
    scenario_file = saves_scenario_file(save)
    loaded = load(scenario_file)
    anyway = False
    if loaded.digest != save.scenario_digest:
        print(f"The scenario '{save.scenario_id}' has changed since this game was saved.")
        choice = _ask("[r]eplay the moves on the new version, read the [t]ranscript, or [c]ancel? ", "rtc")
        if choice == "t":
            for statement in save.transcript:
                print(clean(f"  [{statement.round}] {statement.speaker}: {statement.text}"))
            return 0
        if choice != "r":
            return 0
        anyway = True
    session = replay(save, loaded.scenario, loaded.digest, path, anyway=anyway)
    slot = Slot(path, loaded.digest, str(scenario_file), player or save.player)
    if anyway:
        slot = Slot(path.with_name(path.stem + "-replayed.json"), loaded.digest, str(scenario_file), slot.player)
        print(f"The replayed game is saved separately, in {slot.path}; the original is left untouched.")
    return _play(Console(session, slot=slot, coach=coached(slot, coach or save.coach, save.hints)))


def _find_save(name: str) -> Path:
    if name:
        given = Path(name)
        return given if given.suffix == ".json" and given.exists() else save_path(name)
    usable = [path for path, save in listing() if not isinstance(save, SaveError)]
    if not usable:
        raise SaveError(f"no saved games in {saves_dir()}")
    return usable[0]


def _ask(prompt: str, choices: str) -> str:
    while True:
        try:
            answer = input(prompt).strip().lower()[:1]
        except EOFError:
            return "c"
        if answer in choices:
            return answer
