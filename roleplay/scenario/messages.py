"""Pydantic's validation errors rewritten for a scenario author.

Each error type maps to a function that says, in plain words, what is wrong and
what would fix it. The YAML node is at hand, so a value that YAML read as a
yes/no, a number or a date can be explained ("put it in quotes").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from yaml.nodes import Node

from roleplay.record import Record, field_types
from roleplay.scenario.conditions import TESTS
from roleplay.scenario.yaml_source import raw_text, read_as


@dataclass(frozen=True)
class Wording:
    code: str
    message: str
    hint: str = ""
    at_key: bool = False
    at_parent: bool = False


def suggest(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" for a near miss, or nothing."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=3, cutoff=0.6)
    if not close:
        return ""
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


def field_names(record: type[Record], seen: set[type] | None = None) -> set[str]:
    """Every key the format knows, across all nested records: the vocabulary for suggestions."""
    seen = seen if seen is not None else set()
    if record in seen:
        return set()
    seen.add(record)
    names: set[str] = set()
    for key, annotation in _keys(record).items():
        names.add(key)
        for nested in _records_in(annotation):
            names |= field_names(nested, seen)
    return names


def _keys(record: type[Record]) -> dict[str, Any]:
    """The keys a record's mapping takes, and the type of the value under each."""
    return {spec.alias or name: field_types(record)[name] for name, spec in record.record_fields.items()}


def _records_in(annotation: Any) -> list[type[Record]]:
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return [annotation]
    found: list[type[Record]] = []
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_records_in(arg))
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        found.extend(_records_in(origin))
    return found


def _unknown_key(error: dict[str, Any], node: Node | None, vocabulary: set[str]) -> Wording:
    key = str(error["loc"][-1])
    here = keys_at(error["loc"][:-1])
    if here:
        hint = suggest(key, here) or "this mapping takes: " + ", ".join(sorted(here))
        message = f"'{key}' is not a key of this mapping" if key in vocabulary else f"unknown key '{key}'"
    else:  # never suggest the key that was just refused
        hint = suggest(key, vocabulary - {key}) or "remove it, or check the spelling against docs/AUTHORING.md"
        message = f"unknown key '{key}'"
    return Wording("unknown-key", message, hint, at_key=True)


def keys_at(loc: tuple[Any, ...]) -> set[str]:
    """The keys the mapping at `loc` (a pydantic error location from the scenario's root) accepts, or none if unsure."""
    from roleplay.scenario.models import Scenario

    candidates: list[Any] = [Scenario]
    for segment in loc:
        candidates = [inner for annotation in candidates for inner in _step(annotation, segment)]
        if not candidates:
            return set()
    records = [c for c in candidates if isinstance(c, type) and issubclass(c, Record)]
    if len(records) != 1:
        return set()
    return set(_keys(records[0]))


def _step(annotation: Any, segment: Any) -> list[Any]:
    """What a value at `segment` inside a value of type `annotation` may be."""
    arms = _arms(annotation)
    if isinstance(segment, str) and segment in TESTS and len(arms) > 1 and any(_is_test(arm) for arm in arms):
        return [TESTS[segment]]  # a condition's tag, which pydantic puts before the test's own field
    found: list[Any] = []
    for arm in arms:
        if isinstance(arm, type) and issubclass(arm, Record):
            fields = _keys(arm)
            if segment in fields:
                found.append(fields[segment])
        origin = getattr(arm, "__origin__", None)
        args: tuple[Any, ...] = getattr(arm, "__args__", ()) or ()
        if origin is list and isinstance(segment, int) and args:
            found.append(args[0])
        elif origin is dict and not isinstance(segment, int) and len(args) == 2:
            found.append(args[1])
    return list(dict.fromkeys(found))


def _is_test(model: Any) -> bool:
    return model in TESTS.values()


def _arms(annotation: Any) -> list[Any]:
    """The types a (possibly Annotated, Optional or Union) annotation allows."""
    metadata = getattr(annotation, "__metadata__", None)
    if metadata is not None:
        return _arms(annotation.__origin__)
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and str(origin) in ("typing.Union", "types.UnionType") or type(annotation).__name__ == "UnionType":
        return [a for arg in annotation.__args__ for a in _arms(arg)]
    return [annotation]


BRANCH_TYPES = {"str", "int", "float", "bool", "list", "dict", "none"}


BRANCH = re.compile(r"^[a-z][a-z-]*\[.*\]$")


def is_branch(segment: Any) -> bool:
    """A location segment pydantic adds for one arm of a union ('list[...]', 'literal[...]', 'str'), not a key."""
    return isinstance(segment, str) and (bool(BRANCH.match(segment)) or segment in BRANCH_TYPES)


KEY_LAST = {"extra_forbidden", "missing"}
"""Errors whose location ends with the author's own key, which is kept whatever it looks like."""


TYPE_ERRORS = {"string_type", "list_type", "dict_type", "model_type", "model_attributes_type", "float_type",
               "float_parsing", "int_type", "int_parsing", "int_from_float", "bool_type", "bool_parsing"}


def _without_branches(loc: tuple[Any, ...], key_last: bool) -> tuple[Any, ...]:
    body, last = (loc[:-1], loc[-1:]) if key_last and loc else (loc, ())
    return tuple(seg for seg in body if not is_branch(seg)) + last


def prune(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One error per value where a union tried several arms: the arms' type errors go when another says more.

    `move: threaten` fails both as one move and as a list of moves; only
    "not one of the moves" is true of what the author meant.
    """
    cleaned = [{**e, "loc": _without_branches(tuple(e["loc"]), e["type"] in KEY_LAST)} for e in errors]
    telling = {e["loc"] for e in cleaned if e["type"] not in TYPE_ERRORS}
    kept, seen = [], set()
    for error in cleaned:
        key = (error["loc"], error["type"])
        if key in seen or (error["type"] in TYPE_ERRORS and error["loc"] in telling):
            continue
        seen.add(key)
        kept.append(error)
    return kept


def _missing(error: dict[str, Any], node: Node | None, vocabulary: set[str]) -> Wording:
    key = str(error["loc"][-1])
    return Wording("missing", f"'{key}' is required here", f"add '{key}: ...' to this mapping", at_parent=True)


def _condition(error: dict[str, Any], node: Node | None, vocabulary: set[str]) -> Wording:
    value = error.get("input")
    if isinstance(value, dict) and len(value) == 1:
        key = str(next(iter(value)))
        hint = suggest(key, TESTS) or "known tests: " + ", ".join(sorted(TESTS))
        return Wording("unknown-condition", f"'{key}' is not a condition", hint)
    return Wording(
        "bad-condition",
        "a condition is a mapping with exactly one key",
        "write e.g. {flag: name} or {all: [..]}, one test per mapping",
    )


def _wrong_type(expected: str) -> Callable[[dict[str, Any], Node | None, set[str]], Wording]:
    def word(error: dict[str, Any], node: Node | None, vocabulary: set[str]) -> Wording:
        trap = read_as(node)
        raw = raw_text(node)
        if trap and expected == "text":
            return Wording("yaml-trap", f"'{raw}' was read as {trap}, not as text", f"put it in quotes: \"{raw}\"")
        shown = f"'{raw}'" if raw is not None else "this value"
        return Wording("wrong-type", f"{shown} should be {expected}", _type_hint(expected))

    return word


def _type_hint(expected: str) -> str:
    return {
        "a list": "start each item on its own line with '- '",
        "a mapping": "write 'key: value' pairs, indented under this key",
        "a number": "write digits only, e.g. 0.5",
        "a whole number": "write digits only, e.g. 3",
        "true or false": "write true or false",
    }.get(expected, "")


def _pattern(error: dict[str, Any], node: Node | None, vocabulary: set[str]) -> Wording:
    return Wording(
        "bad-id",
        f"'{error.get('input')}' is not a valid id",
        "ids use lower-case letters, digits, '-' and '_', and start with a letter",
    )


def _choice(error: dict[str, Any], node: Node | None, vocabulary: set[str]) -> Wording:
    expected = str(error.get("ctx", {}).get("expected", ""))
    if tuple(error["loc"]) == ("format_version",):
        from roleplay.scenario.models import FORMAT_VERSION

        return Wording("format-version", f"this file says format_version {error.get('input')!r}, and this version "
                       f"of roleplay reads format version {FORMAT_VERSION} only",
                       f"write 'format_version: {FORMAT_VERSION}' if the file follows docs/AUTHORING.md; a file made "
                       "for a newer roleplay needs that roleplay")
    return Wording("bad-choice", f"'{error.get('input')}' is not allowed here", f"use one of {expected}")


FIELD_TABLE = "docs/AUTHORING.md lists every field with the values it may take"

BOUNDS = {"gt": "more than {}", "ge": "at least {}", "lt": "less than {}", "le": "at most {}"}
"""How pydantic's bounds read in a sentence."""


def _bound(error: dict[str, Any], node: Node | None, vocabulary: set[str]) -> Wording:
    bounds = [template.format(error["ctx"][name]) for name, template in BOUNDS.items() if name in error.get("ctx", {})]
    if not bounds:
        return Wording("out-of-range", error["msg"].replace("Input should be", "should be"), FIELD_TABLE)
    return Wording("out-of-range", f"{error.get('input')!r} is out of range: it must be {' and '.join(bounds)}",
                   FIELD_TABLE)


def _too_short(error: dict[str, Any], node: Node | None, vocabulary: set[str]) -> Wording:
    ctx = error.get("ctx", {})
    if "min_length" not in ctx:
        return _plain("too-short")(error, node, vocabulary)
    least, has = ctx["min_length"], ctx.get("actual_length", 0)
    return Wording("too-short", f"this list needs at least {least} item{'s' if least != 1 else ''}, and has {has}",
                   f"add {'one' if least - has == 1 else least - has} more; {FIELD_TABLE}")


def _empty(error: dict[str, Any], node: Node | None, vocabulary: set[str]) -> Wording:
    return Wording("empty", "this text is empty", "write the text the field asks for (a name or a title cannot be "
                   "empty)")


def _plain(code: str) -> Callable[[dict[str, Any], Node | None, set[str]], Wording]:
    def word(error: dict[str, Any], node: Node | None, vocabulary: set[str]) -> Wording:
        message = error["msg"].replace("Input should be", "should be").replace("Value error, ", "")
        return Wording(code, message, "")

    return word


WORDINGS: dict[str, Callable[[dict[str, Any], Node | None, set[str]], Wording]] = {
    "extra_forbidden": _unknown_key,
    "missing": _missing,
    "condition": _condition,
    "string_type": _wrong_type("text"),
    "list_type": _wrong_type("a list"),
    "dict_type": _wrong_type("a mapping"),
    "model_type": _wrong_type("a mapping"),
    "model_attributes_type": _wrong_type("a mapping"),
    "float_type": _wrong_type("a number"),
    "float_parsing": _wrong_type("a number"),
    "int_type": _wrong_type("a whole number"),
    "int_parsing": _wrong_type("a whole number"),
    "int_from_float": _wrong_type("a whole number"),
    "bool_type": _wrong_type("true or false"),
    "bool_parsing": _wrong_type("true or false"),
    "string_pattern_mismatch": _pattern,
    "literal_error": _choice,
    "enum": _choice,
    "greater_than": _bound,
    "greater_than_equal": _bound,
    "less_than": _bound,
    "less_than_equal": _bound,
    "too_short": _too_short,
    "too_long": _plain("too-long"),
    "string_too_short": _empty,
    "string_too_long": _plain("too-long"),
    "value_error": _plain("invalid"),
}


def word(error: dict[str, Any], node: Node | None, vocabulary: set[str]) -> Wording:
    wording = WORDINGS.get(error["type"], _plain("invalid"))
    return wording(error, node, vocabulary)
