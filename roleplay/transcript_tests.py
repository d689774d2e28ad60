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

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import Node

from roleplay.engine import actions as a
from roleplay.engine.session import IllegalAction, Session
from roleplay.games import new_session
from roleplay.scenario.models import Scenario
from roleplay.scenario.yaml_source import Key, YamlProblem, locate, parse

CONTEXT = 6
"""Transcript lines shown around a failure."""

WHOLE = 60
"""Transcript lines shown when what is missing could have been anywhere (a line, a rule that did not fire)."""

OUTCOMES = ("agreement", "partial", "breakdown")

Where = tuple[Any, ...]
"""A place in a test, as a path from the test's own mapping: ("moves", 2), ("expect", "ending")."""

FILE_KEYS = ("tests", "scenario")
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
    line: int = 0
    column: int = 0
    """Where in the test file the failure points (1-based; 0: no position known)."""

    @property
    def ok(self) -> bool:
        return not self.failure

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file

    def text(self) -> str:
        if self.ok:
            return f"pass  {self.name}"
        lines = [f"FAIL  {self.name}", f"      {self.where}: {self.failure}"]
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
        session.act(a.OpenTalks())


def _preparing(session: Session) -> None:
    if session.phase == "briefing":
        session.act(a.BeginPreparation())


def _mapping(value: Any, what: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TestFileError(f"'{what}' takes a mapping of issue: option")
    return {str(k): str(v) for k, v in value.items()}


def _move(kind: type[a.Action], **fields: Any) -> a.Action:
    """A move as the file writes it, checked as a save's moves are: a wrong field fails the test with
    pydantic's message (a ValueError), never a traceback."""
    from roleplay.record_models import validate

    return validate(kind, fields)


def _prep(value: Any, kind: type[a.SetExpectation | a.SetWalkaway]) -> list[a.Action]:
    return [_move(kind, issue=issue, option=option) for issue, option in _mapping(value, "expect/walkaway").items()]


def _open(value: Any) -> a.Action:
    if isinstance(value, str):
        return _move(a.OpenTalks, posture=value)
    if isinstance(value, dict):
        return _move(a.OpenTalks, posture=value.get("posture", "balanced"), offer=_mapping(value.get("offer", {}), "offer"))
    return a.OpenTalks()


def _aimed(value: Any, key: str, kind: type[a.Probe | a.Pressure]) -> a.Action:
    if isinstance(value, dict):
        return _move(kind, **{str(k): (None if v is None else str(v)) for k, v in value.items()})
    return _move(kind, **{key: None if value is None else str(value)})


MOVES: dict[str, tuple[str, Callable[[Any], list[a.Action]]]] = {
    # name: (when it is played: "prepare" or "table" or "opening", the actions it stands for)
    "pick": ("prepare", lambda v: [_move(a.PickMember, member=str(v))]),
    "drop": ("prepare", lambda v: [_move(a.DropMember, member=str(v))]),
    "consult_ally": ("prepare", lambda v: [_move(a.ConsultAlly, delegation=str(v))]),
    "expect": ("prepare", lambda v: _prep(v, a.SetExpectation)),
    "walkaway": ("prepare", lambda v: _prep(v, a.SetWalkaway)),
    "open": ("opening", lambda v: [_open(v)]),
    "propose": ("table", lambda v: [_move(a.Propose, package=_mapping(v, "propose"))]),
    "probe": ("table", lambda v: [_aimed(v, "issue", a.Probe)]),
    "gesture": ("table", lambda v: [_move(a.OfferGesture, gesture=str(v))]),
    "pressure": ("table", lambda v: [_aimed(v, "issue", a.Pressure)]),
    "consult": ("table", lambda v: [_move(a.Consult, delegation=str(v))]),
    "accept": ("table", lambda v: [_move(a.Accept, to=None if v is None else str(v))]),
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


def _check(session: Session, expect: dict[str, Any]) -> tuple[str, list[str], Where]:
    """The first expectation the game does not meet, the transcript lines to show with it, and where it is written."""
    state = session.state
    lines = _transcript(session)
    tail, whole = lines[-CONTEXT:], lines[-WHOLE:]
    outcome = state.outcome
    ending_keys = [k for k in ("outcome", "ending", "score", "lessons") if k in expect]
    if ending_keys and outcome is None:
        return (f"the game had not ended after the last move (round {state.round}, {session.phase})", tail,
                ("expect", Key(ending_keys[0])))
    if "outcome" in expect and outcome is not None and outcome.kind != expect["outcome"]:
        return (f"outcome: expected {expect['outcome']}, got {outcome.kind} ({outcome.cause.replace('_', ' ')})", tail,
                ("expect", "outcome"))
    if "ending" in expect and outcome is not None and outcome.ending != expect["ending"]:
        return f"ending: expected {expect['ending']}, got {outcome.ending}", tail, ("expect", "ending")
    if "score" in expect and state.score is not None:
        low, high = expect["score"]
        if not low <= state.score.total <= high:
            return f"score: expected {low} to {high}, got {state.score.total:.1f}", tail, ("expect", "score")
    for kind, drawn in (expect.get("types") or {}).items():
        if state.types.get(kind) != drawn:
            return f"type of {kind}: expected {drawn}, got {state.types.get(kind)}", lines[:CONTEXT], ("expect", "types", kind)
    for k, wanted in enumerate(expect.get("lines", [])):
        if not any(str(wanted).lower() in line.lower() for line in lines):
            return f"no line contains {wanted!r}", whole, ("expect", "lines", k)
    for k, unwanted in enumerate(expect.get("absent", [])):
        for n, line in enumerate(lines):
            if str(unwanted).lower() in line.lower():
                return (f"a line contains {unwanted!r}", lines[max(0, n - CONTEXT // 2): n + CONTEXT // 2 + 1],
                        ("expect", "absent", k))
    for k, rule in enumerate(expect.get("fired", [])):
        if not _fired(session, str(rule)):
            return (f"rule or event '{rule}' did not fire; fired: {', '.join(state.fired) or 'nothing'}", whole,
                    ("expect", "fired", k))
    for k, rule in enumerate(expect.get("not_fired", [])):
        if _fired(session, str(rule)):
            return f"rule or event '{rule}' fired", tail, ("expect", "not_fired", k)
    for k, lesson in enumerate(expect.get("lessons", [])):
        if lesson not in state.lessons:
            return (f"lesson '{lesson}' not given; given: {', '.join(state.lessons) or 'none'}", tail,
                    ("expect", "lessons", k))
    return "", [], ()


# --- the test itself, against the scenario -------------------------------------

def _unknown(kind: str, name: object, known: list[str]) -> str:
    close = difflib.get_close_matches(str(name), known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"the {kind}s are: {', '.join(known) or 'none'}"
    return f"unknown {kind} '{name}'; {hint}"


def _names(scenario: Scenario) -> dict[str, list[str]]:
    """What a test may name, by kind: sides, counterparts with types, endings, lessons, rules and events."""
    rules = [f"{d.id}:{rule.id}" for d in scenario.delegations
             for rule in [*d.rules, *(rule for kind in d.types for rule in kind.rules)]]
    events = [f"event:{event.id}" for event in scenario.events]
    qualified = rules + events
    return {
        "side": [d.id for d in scenario.playable()],
        "ending": [e.id for e in scenario.endings],
        "lesson": [lesson.id for lesson in scenario.lessons],
        "rule or event": qualified + sorted({name.split(":", 1)[1] for name in qualified}),
    }


def _mistakes(scenario: Scenario, test: dict[str, Any]) -> Iterator[tuple[str, Where]]:
    """What in a test names something the scenario does not have, or has the wrong shape, and where."""
    unknown = set(test) - TEST_KEYS
    for key in sorted(unknown):
        yield f"unknown key '{key}'; a test has: {', '.join(sorted(TEST_KEYS))}", (Key(key),)
    names = _names(scenario)
    if "side" not in test:
        yield f"a test needs a 'side': one of {', '.join(names['side'])}", ()
    elif str(test["side"]) not in names["side"]:
        yield _unknown("side", test["side"], names["side"]), ("side",)
    seed = test.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        yield f"'seed' takes a whole number of 0 or more, not {seed!r}", ("seed",)
    yield from _types(scenario, test.get("types"), ("types",))
    expect = test.get("expect") or {}
    if not isinstance(expect, dict):
        yield "'expect' takes a mapping: outcome, ending, score, lines...", ("expect",)
        return
    for key in sorted(set(expect) - EXPECT_KEYS):
        yield f"unknown expectation '{key}'; expect has: {', '.join(sorted(EXPECT_KEYS))}", ("expect", Key(key))
    if "outcome" in expect and expect["outcome"] not in OUTCOMES:
        yield f"unknown outcome '{expect['outcome']}'; the outcomes are: {', '.join(OUTCOMES)}", ("expect", "outcome")
    if "ending" in expect and str(expect["ending"]) not in names["ending"]:
        yield _unknown("ending", expect["ending"], names["ending"]), ("expect", "ending")
    score = expect.get("score")
    if "score" in expect and not (isinstance(score, list) and len(score) == 2
                                  and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in score)):
        yield "'score' takes a range of two numbers: [60, 90]", ("expect", "score")
    for key, kind in (("fired", "rule or event"), ("not_fired", "rule or event"), ("lessons", "lesson")):
        listed = expect.get(key, [])
        if not isinstance(listed, list):
            yield f"'{key}' takes a list", ("expect", key)
            continue
        for k, name in enumerate(listed):
            if str(name) not in names[kind]:
                yield _unknown(kind, name, names[kind]), ("expect", key, k)
    for key in ("lines", "absent"):
        if not isinstance(expect.get(key, []), list):
            yield f"'{key}' takes a list of texts", ("expect", key)
    yield from _types(scenario, expect.get("types"), ("expect", "types"))


def _types(scenario: Scenario, given: Any, where: Where) -> Iterator[tuple[str, Where]]:
    if given is None:
        return
    if not isinstance(given, dict):
        yield "'types' takes a mapping of counterpart: type", where
        return
    typed = {d.id: [kind.id for kind in d.types] for d in scenario.delegations if d.types}
    for counterpart, kind in given.items():
        if str(counterpart) not in typed:
            yield _unknown("counterpart with types", counterpart, list(typed)), (*where, Key(str(counterpart)))
        elif str(kind) not in typed[str(counterpart)]:
            yield _unknown(f"type of {counterpart}", kind, typed[str(counterpart)]), (*where, str(counterpart))


def run_test(scenario: Scenario, test: dict[str, Any], file: str, at: Node | None = None) -> Result:
    """Play one test and check it; `at` is the test's node in its file, for the positions of failures."""
    name = str(test.get("name", "unnamed"))
    result = Result(name, file)

    def fail(failure: str, where: Where, context: list[str] | None = None) -> Result:
        result.failure, result.context = failure, context or []
        result.line, result.column = _position(locate(at, where)[0]) if at is not None else (0, 0)
        return result

    mistake = next(_mistakes(scenario, test), None)
    if mistake is not None:
        return fail(*mistake)
    try:
        session = new_session(scenario, str(test["side"]), int(test.get("seed", 0)), forced_types=test.get("types"))
    except (KeyError, IllegalAction, StopIteration, ValueError, TypeError) as exc:
        return fail(f"cannot start: {exc}", ("side",))
    for n, move in enumerate(test.get("moves") or [], start=1):
        try:
            name_, value = _parse_move(move)
            if session.finished():
                return fail(f"move {n} ({name_}): the game had already ended", ("moves", n - 1),
                            _transcript(session)[-CONTEXT:])
            _play(session, name_, value)
        except (IllegalAction, TestFileError, ValueError) as exc:
            return fail(f"move {n} ({move}) refused: {exc}", ("moves", n - 1), _transcript(session)[-CONTEXT:])
    if session.phase == "concluded":
        session.act(a.ShowDebrief())
    failure, context, where = _check(session, test.get("expect") or {})
    return fail(failure, where, context) if failure else result


# --- files -------------------------------------------------------------------

def _position(node: Node | None) -> tuple[int, int]:
    """A node's 1-based line and column; (0, 0) when there is none."""
    return (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (0, 0)


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
            if folder is path:  # a folder of scenario folders (examples/): each one's tests
                yield from sorted(path.glob("*/tests/*.yaml"))
        elif path.parent.name == "tests":
            yield path
        elif tests_for(path).exists():
            yield tests_for(path)


def run_file(path: Path) -> list[Result]:
    from roleplay.scenario.loader import load
    from roleplay.scenario.problems import ScenarioError

    try:
        source = parse(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as exc:
        return [Result(path.name, str(path), f"cannot read the test file: {exc}")]
    except YamlProblem as exc:
        problem = exc.problem
        return [Result(path.name, str(path), f"cannot read the test file: {problem.message}; {problem.hint}",
                       line=problem.line, column=problem.column)]
    data = source.data
    if not isinstance(data, dict) or not isinstance(data.get("tests"), list):
        return [Result(path.name, str(path), "a test file is a mapping with a list under 'tests'", line=1, column=1)]
    for key in data:
        if key not in FILE_KEYS:
            line, column = _position(locate(source.root, (Key(str(key)),))[0])
            return [Result(path.name, str(path), f"unknown key '{key}'; a test file has: {', '.join(FILE_KEYS)}",
                           line=line, column=column)]
    scenario_path = scenario_for(path, data)
    try:
        scenario = load(scenario_path).scenario
    except (ScenarioError, OSError) as exc:
        return [Result(path.name, str(path), f"the scenario {scenario_path} does not load: {str(exc).splitlines()[0]}")]
    results = []
    for n, test in enumerate(data["tests"]):
        node, _ = locate(source.root, ("tests", n))
        if isinstance(test, dict):
            results.append(run_test(scenario, test, str(path), node))
        else:
            line, column = _position(node)
            results.append(Result(f"test {n + 1}", str(path), "a test is a mapping: name, side, seed, moves, expect",
                                  line=line, column=column))
    return results
