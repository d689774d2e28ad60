"""Problems found in a scenario, as values an author can act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: where it is, what is wrong and what would fix it.

    Positions are 1-based, as editors show them; 0 means "the whole file".
    """

    file: str
    line: int
    column: int
    code: str
    message: str
    path: str = ""
    hint: str = ""
    severity: Severity = field(default=Severity.error, compare=False)

    def headline(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        field_path = f" (at {self.path})" if self.path else ""
        return f"{where}: {self.severity.value} {self.code}: {self.message}{field_path}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "path": self.path,
            "hint": self.hint,
        }


class ScenarioError(Exception):
    """A scenario that cannot be played, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(render(self.problems))


EXCERPT_WIDTH = 100
"""Characters of a line an excerpt shows: a scenario written on one long line is shown around its column."""


def excerpt(text: str, line: int, column: int, context: int = 1) -> list[str]:
    """The offending line with its neighbours and a caret under the column (long lines cut around it)."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return []
    first, last = max(1, line - context), min(len(lines), line + context)
    width = len(str(last))
    start = max(0, column - 1 - EXCERPT_WIDTH // 2)
    shown: list[str] = []
    for number in range(first, last + 1):
        shown.append(f"  {number:>{width}} | {_window(lines[number - 1], start)}")
        if number == line:
            shown.append(f"  {'':>{width}} | {' ' * (max(column - 1, 0) - start + (1 if start else 0))}^")
    return shown


def _window(text: str, start: int) -> str:
    """EXCERPT_WIDTH characters of a line from `start`, with an ellipsis where it is cut."""
    shown = text[start:start + EXCERPT_WIDTH]
    return ("…" if start else "") + shown + ("…" if len(text) > start + EXCERPT_WIDTH else "")


def render(problems: list[Problem], sources: dict[str, str] | None = None) -> str:
    """Problems as text for a terminal: headline, the line in context, the hint."""
    blocks: list[str] = []
    for problem in problems:
        block = [problem.headline()]
        if sources and problem.file in sources and problem.line:
            block.extend(excerpt(sources[problem.file], problem.line, problem.column))
        if problem.hint:
            block.append(f"  hint: {problem.hint}")
        blocks.append("\n".join(block))
    return "\n".join(blocks)


def display_name(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the working directory, or a looping link
        return str(path)
