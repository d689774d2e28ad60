"""Loading a scenario file: read, parse, validate the schema, check the meaning.

Every problem of a file is collected before anything is raised, so an author
fixes a file in one pass rather than one error at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roleplay.record_check import Unchecked, checked
from roleplay.scenario.checks import check_meaning
from roleplay.scenario.lint import deep, lint
from roleplay.scenario.loaded import Loaded, digest, read_text
from roleplay.scenario.messages import field_names, prune, word
from roleplay.scenario.models import Scenario
from roleplay.scenario.problems import Problem, ScenarioError, Severity, display_name
from roleplay.scenario.yaml_source import Source, YamlProblem, locate, parse

if TYPE_CHECKING:
    from pydantic import ValidationError

MAX_FINDINGS = 100
"""Problems listed per file; past these one line says how many more (a file with thousands is fixed in bulk)."""


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


def check_text(text: str, file: str, thorough: bool = False) -> Report:
    """Parse, validate and check a scenario's text; never raises for bad input."""
    try:
        source = parse(text, file, past_duplicates=True)
    except YamlProblem as exc:
        return Report(file, [exc.problem], text)
    if not isinstance(source.data, dict):
        return Report(file, [Problem(file, 1, 1, "not-a-mapping", "a scenario is a mapping of keys to values",
                                     hint="start with 'format_version: 1' and 'id: ...'")], text)
    duplicates = list(source.duplicates[:MAX_FINDINGS])  # told with every other problem, not alone and first
    try:
        scenario = checked(Scenario, source.data)  # a file as its author meant it, without pydantic
    except Unchecked:
        from pydantic import ValidationError

        from roleplay.record_models import validate

        try:
            scenario = validate(Scenario, source.data)  # what it takes by its lax rules, or what is wrong
        except ValidationError as exc:
            return Report(file, duplicates + schema_problems(exc, source), text)
    findings = check_meaning(scenario)
    if not findings and not duplicates:  # the lints read a scenario as written, not one with keys given twice
        findings = lint(scenario) + (deep(scenario) if thorough else [])
    problems = [locate_problem(source, *finding) for finding in findings[:MAX_FINDINGS]]
    hidden = findings[MAX_FINDINGS:]
    if hidden:
        worst = Severity.error if any(finding[-1] is Severity.error for finding in hidden) else Severity.warning
        problems.append(_more(source, hidden[0][0], len(hidden), worst))
    problems += [p for p in yes_no_problems(source) if p.code not in scenario.lint_ignore]
    return Report(file, duplicates + problems, text, scenario)


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
    return loaded_from(path, check_file(path))


def loaded_from(path: Path, report: Report) -> Loaded:
    """The playable scenario a check of the file at `path` found, or `ScenarioError` with every problem."""
    if not report.ok or report.scenario is None:
        raise ScenarioError(report.problems)
    warnings = [p for p in report.problems if p.severity is not Severity.error]
    return Loaded(report.scenario, str(path), digest(report.text), warnings)


def schema_problems(exc: ValidationError, source: Source) -> list[Problem]:
    vocabulary = _vocabulary()
    problems: dict[tuple[int, int, str], Problem] = {}
    errors = prune(exc.errors(include_url=False))
    for number, error in enumerate(errors):
        if len(problems) >= MAX_FINDINGS:
            return [*problems.values(), _more(source, errors[number]["loc"], len(errors) - number)]
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


def _more(source: Source, first_hidden: tuple[Any, ...], count: int, severity: Severity = Severity.error) -> Problem:
    """The line that stands for every finding past the first MAX_FINDINGS, placed at the first one hidden.

    It is as severe as the worst of them: warnings past the first ones listed
    do not stop a scenario from being played, so the line that stands for
    them does not either.
    """
    line, column = _position(locate(source.root, tuple(first_hidden))[0])
    what = "problem" if severity is Severity.error else "warning"
    return Problem(source.file, line, column, "more-problems",
                   f"and {count:,} more {what}{'s' if count != 1 else ''} not shown",
                   hint=f"only the first {MAX_FINDINGS} are listed: fix these and check again", severity=severity)


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
