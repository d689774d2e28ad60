"""Transcript tests: a scenario's own regression tests, written by its author in YAML.

A test file lives in a `tests/` folder beside the scenario, named like it
(`scenarios/tests/tutorial-harbour-cafe.yaml` tests
`scenarios/tutorial-harbour-cafe.yaml`). Each test plays one side with one
seed through the moves it lists, then checks what must follow: the outcome,
the ending, a score range, lines that must (or must not) appear, rules that
must (or must not) fire. A failure names the first difference and prints the
transcript around it, so an author sees what the game did instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from roleplay.engine import actions as a
from roleplay.engine.session import IllegalAction, Session
from roleplay.games import new_session
from roleplay.scenario.models import Scenario

CONTEXT = 6
"""Transcript lines shown around a failure."""

TEST_KEYS = {"name", "side", "seed", "types", "moves", "expect"}
EXPECT_KEYS = {"outcome", "ending", "score", "lines", "absent", "fired", "not_fired", "lessons", "types"}


class TestFileError(ValueError):
    """A test file that cannot be read as tests; the message says where and why."""


@dataclass
class Result:
    name: str
    file: str
    failure: str = ""
    context: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failure

    def text(self) -> str:
        if self.ok:
            return f"pass  {self.name}"
        lines = [f"FAIL  {self.name}  ({self.file})", f"      {self.failure}"]
        if self.context:
            lines.append("      transcript:")
            lines += [f"        {line}" for line in self.context]
        return "\n".join(lines)


# --- moves -------------------------------------------------------------------

def _to_opening(session: Session) -> None:
    """Finish preparation, writing down the side's ideal wherever no expectation was set."""
    if session.phase == "briefing":
        session.act(a.BeginPreparation())
    if session.phase == "preparation":
        for issue in session.scenario.issues:
            if issue.id not in session.state.expectations:
                session.act(a.SetExpectation(issue=issue.id, option=session.player.stances[issue.id].ideal))
        session.act(a.FinishPreparation())


def _table_ready(session: Session) -> None:
    """Before a table move: finish preparation, and open balanced at the ideal if the test did not open."""
    _to_opening(session)
    if session.phase == "opening":
        session.act(a.OpenTalks(posture="balanced"))


def _preparing(session: Session) -> None:
    if session.phase == "briefing":
        session.act(a.BeginPreparation())


def _mapping(value: Any, what: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TestFileError(f"'{what}' takes a mapping of issue: option")
    return {str(k): str(v) for k, v in value.items()}


def _prep(value: Any, make: Callable[[str, str], a.Action]) -> list[a.Action]:
    return [make(issue, option) for issue, option in _mapping(value, "expect/walkaway").items()]


def _open(value: Any) -> a.Action:
    if isinstance(value, str):
        return a.OpenTalks(posture=value)
    if isinstance(value, dict):
        return a.OpenTalks(posture=value.get("posture", "balanced"), offer=_mapping(value.get("offer", {}), "offer"))
    return a.OpenTalks()


def _aimed(value: Any, key: str, cls: Callable[..., a.Action]) -> a.Action:
    if isinstance(value, dict):
        return cls(**{k: (None if v is None else str(v)) for k, v in value.items()})
    return cls(**{key: None if value is None else str(value)})


MOVES: dict[str, tuple[str, Callable[[Any], list[a.Action]]]] = {
    # name: (when it is played: "prepare" or "table" or "opening", the actions it stands for)
    "pick": ("prepare", lambda v: [a.PickMember(member=str(v))]),
    "drop": ("prepare", lambda v: [a.DropMember(member=str(v))]),
    "consult_ally": ("prepare", lambda v: [a.ConsultAlly(delegation=str(v))]),
    "expect": ("prepare", lambda v: _prep(v, lambda i, o: a.SetExpectation(issue=i, option=o))),
    "walkaway": ("prepare", lambda v: _prep(v, lambda i, o: a.SetWalkaway(issue=i, option=o))),
    "open": ("opening", lambda v: [_open(v)]),
    "propose": ("table", lambda v: [a.Propose(package=_mapping(v, "propose"))]),
    "probe": ("table", lambda v: [_aimed(v, "issue", a.Probe)]),
    "gesture": ("table", lambda v: [a.OfferGesture(gesture=str(v))]),
    "pressure": ("table", lambda v: [_aimed(v, "issue", a.Pressure)]),
    "consult": ("table", lambda v: [a.Consult(delegation=str(v))]),
    "accept": ("table", lambda v: [a.Accept(to=None if v is None else str(v))]),
    "call_closing": ("table", lambda v: [a.CallClosing()]),
    "walk_out": ("table", lambda v: [a.WalkOut()]),
}


def _parse_move(move: Any) -> tuple[str, Any]:
    if isinstance(move, str):
        return move, None
    if isinstance(move, dict) and len(move) == 1:
        name, value = next(iter(move.items()))
        return str(name), value
    raise TestFileError(f"a move is a name ('accept') or one name: value ('propose: {{...}}'), not {move!r}")


def _play(session: Session, name: str, value: Any) -> None:
    if name not in MOVES:
        raise TestFileError(f"unknown move '{name}'; the moves are: {', '.join(MOVES)}")
    when, make = MOVES[name]
    if name == "consult" and session.phase in ("briefing", "preparation"):
        when, make = MOVES["consult_ally"]
    if when == "prepare":
        _preparing(session)
    elif when == "opening":
        _to_opening(session)
    else:
        _table_ready(session)
    for action in make(value):
        session.act(action)


# --- checks ------------------------------------------------------------------

def _transcript(session: Session) -> list[str]:
    names = {d.id: d.name for d in session.scenario.delegations} | {"narrator": "*"}
    return [f"[{s.round}] {'you' if s.speaker == session.me else names.get(s.speaker, s.speaker)}: {s.text}"
            for s in session.state.transcript]


def _fired(session: Session, wanted: str) -> bool:
    fired = session.state.fired
    return wanted in fired or any(f.split(":", 1)[1] == wanted for f in fired)


def _check(session: Session, expect: dict[str, Any]) -> tuple[str, list[str]]:
    """The first expectation the game does not meet, and the transcript lines to show with it."""
    state = session.state
    lines = _transcript(session)
    tail = lines[-CONTEXT:]
    outcome = state.outcome
    if any(k in expect for k in ("outcome", "ending", "score", "lessons")) and outcome is None:
        return f"the game had not ended after the last move (round {state.round}, {session.phase})", tail
    if "outcome" in expect and outcome is not None and outcome.kind != expect["outcome"]:
        return f"outcome: expected {expect['outcome']}, got {outcome.kind} ({outcome.cause.replace('_', ' ')})", tail
    if "ending" in expect and outcome is not None and outcome.ending != expect["ending"]:
        return f"ending: expected {expect['ending']}, got {outcome.ending}", tail
    if "score" in expect and state.score is not None:
        low, high = expect["score"]
        if not low <= state.score.total <= high:
            return f"score: expected {low} to {high}, got {state.score.total:.1f}", tail
    for kind, drawn in (expect.get("types") or {}).items():
        if state.types.get(kind) != drawn:
            return f"type of {kind}: expected {drawn}, got {state.types.get(kind)}", lines[:CONTEXT]
    for wanted in expect.get("lines", []):
        if not any(wanted.lower() in line.lower() for line in lines):
            return f"no line contains {wanted!r}", tail
    for unwanted in expect.get("absent", []):
        for n, line in enumerate(lines):
            if unwanted.lower() in line.lower():
                return f"a line contains {unwanted!r}", lines[max(0, n - CONTEXT // 2): n + CONTEXT // 2 + 1]
    for rule in expect.get("fired", []):
        if not _fired(session, rule):
            return f"rule or event '{rule}' did not fire; fired: {', '.join(state.fired) or 'nothing'}", tail
    for rule in expect.get("not_fired", []):
        if _fired(session, rule):
            return f"rule or event '{rule}' fired", tail
    for lesson in expect.get("lessons", []):
        if lesson not in state.lessons:
            return f"lesson '{lesson}' not given; given: {', '.join(state.lessons) or 'none'}", tail
    return "", []


def run_test(scenario: Scenario, test: dict[str, Any], file: str) -> Result:
    name = str(test.get("name", "unnamed"))
    result = Result(name, file)
    unknown = set(test) - TEST_KEYS
    if unknown:
        result.failure = f"unknown key(s) {', '.join(sorted(unknown))}; a test has: {', '.join(sorted(TEST_KEYS))}"
        return result
    expect = test.get("expect") or {}
    unknown = set(expect) - EXPECT_KEYS
    if unknown:
        result.failure = f"unknown expectation(s) {', '.join(sorted(unknown))}; expect has: {', '.join(sorted(EXPECT_KEYS))}"
        return result
    try:
        session = new_session(scenario, str(test["side"]), int(test.get("seed", 0)), forced_types=test.get("types"))
    except (KeyError, IllegalAction, StopIteration) as exc:
        result.failure = f"cannot start: {exc}"
        return result
    for n, move in enumerate(test.get("moves") or [], start=1):
        try:
            name_, value = _parse_move(move)
            if session.finished():
                result.failure = f"move {n} ({name_}): the game had already ended"
                result.context = _transcript(session)[-CONTEXT:]
                return result
            _play(session, name_, value)
        except (IllegalAction, TestFileError, ValueError) as exc:
            result.failure = f"move {n} ({move}) refused: {exc}"
            result.context = _transcript(session)[-CONTEXT:]
            return result
    if session.phase == "concluded":
        session.act(a.ShowDebrief())
    result.failure, result.context = _check(session, expect)
    return result


# --- files -------------------------------------------------------------------

def tests_for(scenario_path: Path) -> Path:
    """Where a scenario's tests live: `tests/ID.yaml` beside it."""
    return scenario_path.parent / "tests" / f"{scenario_path.stem}.yaml"


def scenario_for(test_path: Path, data: dict[str, Any]) -> Path:
    """The scenario a test file tests: its `scenario:` key (relative to it), else `../NAME.yaml`."""
    named = data.get("scenario")
    if named:
        return (test_path.parent / str(named)).resolve()
    return test_path.parent.parent / f"{test_path.stem}.yaml"


def discover(paths: list[Path]) -> Iterator[Path]:
    """Test files named, or found for the scenarios and folders named."""
    for path in paths:
        if path.is_dir():
            folder = path / "tests" if (path / "tests").is_dir() else path
            yield from sorted(folder.glob("*.yaml"))
        elif path.parent.name == "tests":
            yield path
        elif tests_for(path).exists():
            yield tests_for(path)


def run_file(path: Path) -> list[Result]:
    from roleplay.scenario.loader import load
    from roleplay.scenario.problems import ScenarioError

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        return [Result(path.name, str(path), f"cannot read the test file: {exc}")]
    if not isinstance(data, dict) or not isinstance(data.get("tests"), list):
        return [Result(path.name, str(path), "a test file is a mapping with a list under 'tests'")]
    scenario_path = scenario_for(path, data)
    try:
        scenario = load(scenario_path).scenario
    except (ScenarioError, OSError) as exc:
        return [Result(path.name, str(path), f"the scenario {scenario_path} does not load: {str(exc).splitlines()[0]}")]
    return [run_test(scenario, test if isinstance(test, dict) else {}, str(path)) for test in data["tests"]]
