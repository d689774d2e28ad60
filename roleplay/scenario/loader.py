"""Loading a scenario file: read, parse, validate the schema, check the meaning.

Every problem of a file is collected before anything is raised, so an author
fixes a file in one pass rather than one error at a time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from roleplay.scenario.checks import check_meaning
from roleplay.scenario.lint import deep, lint
from roleplay.scenario.messages import prune, field_names, word
from roleplay.scenario.models import Scenario
from roleplay.scenario.problems import Problem, ScenarioError, Severity, display_name
from roleplay.scenario.yaml_source import MAX_BYTES, Source, YamlProblem, locate, parse


@dataclass(frozen=True)
class Loaded:
    """A scenario that can be played, with what identifies its exact content."""

    scenario: Scenario
    path: str
    digest: str
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    """Everything `validate` found in one file."""

    file: str
    problems: list[Problem]
    text: str = ""
    scenario: Scenario | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.error]

    @property
    def ok(self) -> bool:
        return not self.errors


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or the problem that stops us reading it."""
    name = display_name(path)
    try:
        if path.is_dir():
            return None, [Problem(name, 0, 0, "not-a-file", "this is a folder, not a scenario file",
                                  hint="name a .yaml file inside it")]
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(name, 0, 0, "too-large", f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}",
                                  hint="split the scenario or remove unused text")]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, 0, 0, "not-found", "no such file", hint="check the path")]
    except PermissionError:
        return None, [Problem(name, 0, 0, "no-permission", "the file cannot be read (permission denied)",
                              hint="check the file's permissions")]
    except OSError as exc:
        return None, [Problem(name, 0, 0, "unreadable", f"the file cannot be read: {exc.strerror or exc}")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, 0, "not-utf8", "the file is not UTF-8 text",
                              hint="save the file as UTF-8")]


def check_text(text: str, file: str, thorough: bool = False) -> Report:
    """Parse, validate and check a scenario's text; never raises for bad input."""
    try:
        source = parse(text, file)
    except YamlProblem as exc:
        return Report(file, [exc.problem], text)
    if not isinstance(source.data, dict):
        return Report(file, [Problem(file, 1, 1, "not-a-mapping", "a scenario is a mapping of keys to values",
                                     hint="start with 'format_version: 1' and 'id: ...'")], text)
    try:
        scenario = Scenario.model_validate(source.data)
    except ValidationError as exc:
        return Report(file, schema_problems(exc, source), text)
    findings = check_meaning(scenario)
    if not findings:
        findings = lint(scenario) + (deep(scenario) if thorough else [])
    problems = [locate_problem(source, *finding) for finding in findings] + yes_no_problems(source)
    return Report(file, problems, text, scenario)


def yes_no_problems(source: Source) -> list[Problem]:
    """`playable: yes` works, but only by a YAML 1.1 accident that other tools do not share: say so."""
    return [Problem(source.file, node.start_mark.line + 1, node.start_mark.column + 1, "yes-no-value",
                    f"'{node.value}' was read as {str(node.value.lower() in ('yes', 'y', 'on')).lower()}",
                    hint="write true or false", severity=Severity.warning) for node in source.yes_no]


def check_file(path: Path, thorough: bool = False) -> Report:
    text, problems = read_text(path)
    if text is None:
        return Report(display_name(path), problems)
    return check_text(text, display_name(path), thorough)


def load(path: Path | str) -> Loaded:
    """A playable scenario, or `ScenarioError` with every problem of the file."""
    path = Path(path)
    report = check_file(path)
    if not report.ok or report.scenario is None:
        raise ScenarioError(report.problems)
    warnings = [p for p in report.problems if p.severity is not Severity.error]
    return Loaded(report.scenario, str(path), digest(report.text), warnings)


def schema_problems(exc: ValidationError, source: Source) -> list[Problem]:
    vocabulary = _vocabulary()
    problems: dict[tuple[int, int, str], Problem] = {}
    for error in prune(exc.errors(include_url=False)):
        loc = tuple(error["loc"])
        node, key_node = locate(source.root, loc)
        wording = word(error, node, vocabulary)
        if wording.at_parent:
            node, key_node = locate(source.root, loc[:-1])
        anchor = key_node if (wording.at_key and key_node is not None) else node
        line, column = _position(anchor)
        problem = Problem(source.file, line, column, wording.code, wording.message, _path(loc), wording.hint)
        problems.setdefault((line, column, wording.message), problem)
    return list(problems.values())


def locate_problem(source: Source, path: tuple[Any, ...], code: str, message: str, hint: str,
                   severity: Severity) -> Problem:
    node, _ = locate(source.root, path)
    line, column = _position(node)
    return Problem(source.file, line, column, code, message, _path(path), hint, severity)


@lru_cache(maxsize=1)
def _vocabulary() -> set[str]:
    return field_names(Scenario)


def _position(node: Any) -> tuple[int, int]:
    if node is None:
        return 0, 0
    return node.start_mark.line + 1, node.start_mark.column + 1


def _path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    previous: Any = None
    for segment in loc:
        if segment == previous:
            continue  # pydantic repeats the tag of a tagged union before its field
        previous = segment
        if isinstance(segment, int):
            parts.append(f"[{segment}]")
        else:
            parts.append(("." if parts else "") + str(segment))
    return "".join(parts)
