"""Reading YAML into plain data while keeping where every value came from.

PyYAML composes a node tree (with positions) and then constructs Python values
from it. We compose with the safe loader (the C one when present) and construct
ourselves, because the stock constructor silently keeps the last of two
duplicate keys, expands aliases without limit and forgets positions. Our own
walk refuses all three and stays on the safe tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from roleplay.scenario.loaded import MAX_BYTES
from roleplay.scenario.problems import Problem

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_VALUES = 200_000
MAX_DEPTH = 64

SAFE_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge", "binary")
)
MERGE_TAG = "tag:yaml.org,2002:merge"
STR_TAG = "tag:yaml.org,2002:str"
BOOL_TAG = "tag:yaml.org,2002:bool"


@dataclass(frozen=True)
class Source:
    """A parsed YAML document: its data, its node tree and its text."""

    file: str
    text: str
    data: Any
    root: Node | None
    yes_no: tuple[Node, ...] = ()
    """Plain scalars such as `yes`, `no`, `on` and `off` that YAML read as true or false."""
    duplicates: tuple[Problem, ...] = ()
    """Keys given twice in one mapping, when the parse was asked to go on past them (the last one kept)."""


class YamlProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.headline())


def _problem(file: str, node: Node | None, code: str, message: str, hint: str) -> Problem:
    line = node.start_mark.line + 1 if node is not None else 0
    column = node.start_mark.column + 1 if node is not None else 0
    return Problem(file, line, column, code, message, hint=hint)


def parse(text: str, file: str, past_duplicates: bool = False) -> Source:
    """Compose and construct a YAML text; raise `YamlProblem` on anything unsafe or broken.

    With `past_duplicates`, a key given twice is kept in `Source.duplicates`
    instead (its last value read), so that a check can go on to tell every
    other problem of the file at once.
    """
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise YamlProblem(
            Problem(file, 1, 1, "too-large", f"the file is larger than {MAX_BYTES // 1_000_000} MB",
                    hint="split the scenario or remove unused text")
        )
    try:
        if len(text) > MAX_VALUES:  # a shorter text cannot hold more nodes than it has characters
            _count_nodes(text, file)
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_syntax_problem(exc, file, text)) from None
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(text, exc.position)
        raise YamlProblem(Problem(file, line, column, "bad-character",
                                  f"the character {_codepoint(exc.character)} is not allowed in YAML",
                                  hint="remove it: control characters cannot be written in a scenario")) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise YamlProblem(Problem(file, 1, 1, "yaml-syntax", f"not readable as YAML: {exc}")) from None
    builder = _Builder(file, past_duplicates)
    data = builder.build(root, 0) if root is not None else None
    return Source(file=file, text=text, data=data, root=root, yes_no=tuple(builder.yes_no),
                  duplicates=tuple(builder.duplicates))


def _count_nodes(text: str, file: str) -> None:
    """Refuse a document of more nodes than a scenario can have before the whole tree is built.

    Composing builds every node of the text at once; the parser's events come
    one at a time, so a text of a million tiny values is stopped at the limit
    for a fraction of the time and memory.
    """
    for count, event in enumerate(yaml.parse(text, Loader=SafeLoader)):
        if count > MAX_VALUES:
            mark = event.start_mark
            assert mark is not None  # the parser marks every event it reads
            raise YamlProblem(Problem(file, mark.line + 1, mark.column + 1, "too-many-values",
                                      f"the document holds more than {MAX_VALUES:,} values",
                                      hint="a scenario is far smaller: remove what is not needed"))


def _codepoint(character: object) -> str:
    number = character if isinstance(character, int) else ord(str(character)[:1] or "\0")
    return f"U+{number:04X}"


def _line_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    position = max(0, min(position, len(text)))
    line_start = text.rfind("\n", 0, position) + 1
    return text.count("\n", 0, position) + 1, position - line_start + 1


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    what = exc.problem or "the YAML is malformed"
    context = f" ({exc.context}" + (f" at line {exc.context_mark.line + 1})" if exc.context_mark else ")") if exc.context else ""
    hint = "check the indentation and quoting on this line and the one above"
    opened = exc.context_mark
    if exc.context and "quoted scalar" in exc.context and opened is not None:
        # The scanner reads on to the end of the file looking for the closing quote: the mistake is the opening one.
        return Problem(file, opened.line + 1, opened.column + 1, "yaml-syntax", "this quote is never closed",
                       hint="close it with the same quote mark where the text ends (an apostrophe inside "
                       "single quotes is written twice: 'It''s')")
    started = _quoted_run_on(text, mark) if mark is not None else None
    if started is not None:
        # A quote left open reads on over the lines below to the next quote mark, often an apostrophe far away.
        return Problem(file, started.line + 1, started.column + 1, "yaml-syntax",
                       f"this quoted text runs on to line {line}, where a quote mark ends it: is its closing quote "
                       "missing?", hint="close it with the same quote mark where the text ends (an apostrophe "
                       "inside single quotes is written twice: 'It''s')")
    if mark is not None and _apostrophe_ends_quote(text, mark.line, mark.column):
        return Problem(file, line, column, "yaml-syntax", "an apostrophe ended the single-quoted text here",
                       hint="inside single quotes write an apostrophe twice ('It''s'), or put the text in double "
                       "quotes")
    if exc.context and "flow" in exc.context and opened is not None and mark is not None and mark.line > opened.line:
        # The parser notices a missing '}' or ']' only on a later line; the mistake is where it was opened.
        bracket = "{" if "mapping" in exc.context else "["
        closer = "}" if bracket == "{" else "]"
        return Problem(file, opened.line + 1, opened.column + 1, "yaml-syntax",
                       f"this '{bracket}' is never closed", hint=f"close it with '{closer}' on the same line, or "
                       "put the whole value in quotes if the brace is part of the text")
    if "tab" in what:
        hint = "YAML indents with spaces only: replace the tab with spaces"
    elif "found character" in what or "mapping values" in what:
        hint = "a value containing ':' or starting with a special character must be put in quotes"
    return Problem(file, line, column, "yaml-syntax", f"{what}{context}", hint=hint)


def _quoted_run_on(text: str, mark: Any) -> Any:
    """Where a quoted text that ends on an earlier line than it began starts, when the problem comes right after
    it (the YAML parser reports a quote left open where the text it swallowed stops making sense); else None."""
    last = None
    try:
        for token in yaml.scan(text, Loader=SafeLoader):
            if (token.start_mark.line, token.start_mark.column) >= (mark.line, mark.column):
                break
            last = token
    except yaml.YAMLError:
        pass
    if not isinstance(last, yaml.ScalarToken) or last.style not in ("'", '"'):
        return None
    end = last.end_mark
    if end.line != mark.line or end.line == last.start_mark.line or text[end.index:mark.index].strip():
        return None
    return last.start_mark


def _apostrophe_ends_quote(text: str, line: int, column: int) -> bool:
    """Whether the problem (0-based line and column) is text right after a single-quoted scalar that an
    apostrophe closed too early: `summary: 'It's a garden'`."""
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return False
    before, after = lines[line][:column], lines[line][column:]
    return before.endswith("'") and before.count("'") >= 2 and after[:1].isalpha()


class _Builder:
    """Constructs plain data from nodes, counting what aliases expand to."""

    def __init__(self, file: str, past_duplicates: bool = False) -> None:
        self.file = file
        self.past_duplicates = past_duplicates
        self.values = 0
        self.scalars = yaml.SafeLoader("")
        self.yes_no: list[Node] = []
        self.duplicates: list[Problem] = []

    def build(self, node: Node, depth: int) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise YamlProblem(_problem(self.file, node, "too-many-values",
                              f"the document expands to more than {MAX_VALUES:,} values",
                              "an alias is probably repeated inside itself: write the data out instead"))
        if depth > MAX_DEPTH:
            raise YamlProblem(_problem(self.file, node, "too-deep", f"nesting deeper than {MAX_DEPTH} levels",
                              "flatten the structure"))
        if node.tag not in SAFE_TAGS:
            raise YamlProblem(_problem(self.file, node, "unsafe-tag", f"the tag {node.tag!r} is not allowed",
                              "scenarios hold plain data only: remove the tag"))
        if isinstance(node, MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, depth + 1) for item in node.value]
        assert isinstance(node, ScalarNode)  # the third and last kind of node
        return self._scalar(node)

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag == STR_TAG:
            return node.value  # what the constructor would return, without its generic dispatch
        if node.tag == BOOL_TAG and node.value.lower() not in ("true", "false"):
            self.yes_no.append(node)
        try:
            return self.scalars.construct_object(node, deep=True)
        except Exception:  # noqa: BLE001 - PyYAML's constructors raise KeyError, IndexError... on bad values
            tag = node.tag.rsplit(":", 1)[-1]
            raise YamlProblem(_problem(self.file, node, "bad-value", f"{node.value[:80]!r} is not a valid {tag}",
                              "put the value in quotes to keep it as text, or remove the tag")) from None

    def _mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen: dict[Any, Node] = {}
        merged: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merged.update(self._merge(value_node, depth))
                continue
            key = self.build(key_node, depth + 1)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise YamlProblem(_problem(self.file, key_node, "bad-key", "a key must be a plain value",
                                  "use a word as the key"))
            if key in seen:
                first = seen[key].start_mark.line + 1
                problem = _problem(self.file, key_node, "duplicate-key",
                                   f"the key {key!r} appears twice in this mapping (first at line {first})",
                                   "YAML would silently keep only the last one: remove or rename one of them")
                if not self.past_duplicates:
                    raise YamlProblem(problem)
                self.duplicates.append(problem)
            seen.setdefault(key, key_node)  # a key given a third time is told against the first, too
            result[key] = self.build(value_node, depth + 1)
        return {**merged, **result}

    def _merge(self, node: Node, depth: int) -> dict[Any, Any]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict[Any, Any] = {}
        for source in reversed(sources):
            value = self.build(source, depth + 1)
            if not isinstance(value, dict):
                raise YamlProblem(_problem(self.file, source, "bad-merge", "'<<' merges mappings only",
                                  "point '<<' at an anchored mapping"))
            merged.update(value)
        return merged


class Key(str):
    """A path segment that names a mapping key itself rather than its value."""


def locate(root: Node | None, path: tuple[Any, ...]) -> tuple[Node | None, Node | None]:
    """The node at a data path, and the key node that names it (if any).

    The walk goes as deep as the tree allows: path segments that are not in the
    tree (pydantic adds the names of union members, for instance) are skipped.
    """
    node, key_node = root, None
    for segment in path:
        step = _step(node, segment)
        if step is not None:
            key_node, node = step
            if isinstance(segment, Key) and key_node is not None:
                node = key_node
    return node, key_node


def _step(node: Node | None, segment: Any) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == str(segment):
                return key, value
    elif isinstance(node, SequenceNode) and isinstance(segment, int) and 0 <= segment < len(node.value):
        return None, node.value[segment]
    return None


def raw_text(node: Node | None) -> str | None:
    return node.value if isinstance(node, ScalarNode) else None


def read_as(node: Node | None) -> str | None:
    """What a plain scalar was read as, when it was not text: the classic YAML traps."""
    if not isinstance(node, ScalarNode) or node.style not in (None, ""):
        return None
    return {
        "tag:yaml.org,2002:bool": "a yes/no value",
        "tag:yaml.org,2002:int": "a number",
        "tag:yaml.org,2002:float": "a number",
        "tag:yaml.org,2002:timestamp": "a date",
        "tag:yaml.org,2002:null": "nothing (null)",
    }.get(node.tag)
