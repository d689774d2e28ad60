"""Records made from data that is plainly valid, without pydantic: the quick way in for a scenario file.

Validating a file with pydantic first imports pydantic and builds every
model's validator: most of what the first game on a new file spends before its
briefing. Yet a file an author has got right holds exactly the types its
records declare. `checked` walks such data against the record's field types
and makes the records itself, taking only what is plain:

- the exact types (an `int` given for a `float` is taken as that float, and a
  string for a `str` enum as its member, as pydantic takes them);
- the constraints `spec` records (`ge`, `gt`, `le`, `lt`, `min_length`,
  `max_length`, `pattern`, `strict`) and the descriptions beside them;
- the record's `prepare_data` and `check_record`, keys by alias
  (`populate_by_name` too), unknown keys refused or ignored as `extra` says.

Anything else (a wrong type, a value out of range, an unknown key, a union two
arms of which would take the value, a type or an option this module does not
know) raises `Unchecked`, and pydantic checks the data through
`roleplay.record_models`: it says what is wrong, or takes what its lax rules
allow. So a plain check gives the records pydantic gives, or none
(tests/test_record_check.py holds the two to that on every scenario and on
thousands of broken ones).
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from enum import Enum
from functools import partial
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from roleplay.record import Record, Spec, Tagged, field_types

R = TypeVar("R", bound=Record)
Check = Callable[[Any], Any]
"""A value's check: the value as the record holds it, or `Unchecked`."""


class Unchecked(Exception):
    """The data is not plainly valid: pydantic is to check it."""


def checked(record_class: type[R], value: Any) -> R:
    """Data as a record of this class, as pydantic would validate it; `Unchecked` where that is not plain."""
    record = _record_check(record_class)(value)
    assert isinstance(record, record_class)
    return record


def _refuse(value: Any) -> Any:
    """The check of a type or an option this module does not know: every value goes to pydantic."""
    raise Unchecked


IGNORED = frozenset({"description", "json_schema_extra", "examples", "title", "validation_alias",
                     "serialization_alias"})
"""Options of `spec` that say nothing about which values are valid."""

CONFIG = {"populate_by_name": (True, False), "extra": ("forbid", "ignore")}
"""The model configuration this module follows, and the values it knows."""

MAX_EXACT_INT = 2**53
"""Past this an integer is not exactly a float: pydantic is left to say what it makes of it."""


_RECORDS: dict[type[Record], Check] = {}


def _record_check(record_class: type[Record]) -> Check:
    """The check of a record class, planned on first use (a condition names conditions: its plan waits for its
    first value, when every class it names exists)."""
    found = _RECORDS.get(record_class)
    if found is None:
        plan: list[Check] = []

        def check(value: Any) -> Any:
            if not plan:
                plan.append(_plan(record_class))
            return plan[0](value)

        found = _RECORDS[record_class] = check
    return found


def _plan(record_class: type[Record]) -> Check:
    """A record class's check, made once: each field's key (its alias, and its name where `populate_by_name`),
    its check and its default, then the class's own steps; a configuration not known here refuses all."""
    config = {"extra": "forbid", **record_class.record_config}
    if any(key not in CONFIG or value not in CONFIG[key] for key, value in config.items()):
        return _refuse
    by_name = bool(config.get("populate_by_name"))
    forbid_extra = config["extra"] == "forbid"
    types_ = field_types(record_class)
    fields: list[tuple[str, str, str | None, Check, Spec]] = []
    for name, field in record_class.record_fields.items():
        if not isinstance(field.options.get("validation_alias", ""), str):  # choices, paths: pydantic's to read
            return _refuse
        key = field.alias or name
        fields.append((name, key, name if by_name and field.alias else None,
                       _with_options(types_[name], field.options), field))
    prepare = getattr(record_class, "prepare_data", None)
    after = getattr(record_class, "check_record", None)
    made = record_class.made

    def check(value: Any) -> Any:
        if prepare is not None:
            value = _plainly(prepare, value)
        if type(value) is not dict:
            raise Unchecked
        values, used = {}, 0
        for name, key, other_key, field_check, field in fields:
            if key in value:
                if other_key is not None and other_key in value:
                    raise Unchecked
                values[name], used = field_check(value[key]), used + 1
            elif other_key is not None and other_key in value:
                values[name], used = field_check(value[other_key]), used + 1
            elif field.required:
                raise Unchecked
            else:
                values[name] = field.value()
        if forbid_extra and used != len(value):
            raise Unchecked
        record = made(values)
        if after is not None:
            _plainly(after, record)
        return record

    return check


def _plainly(function: Callable[[Any], Any], value: Any) -> Any:
    """A record's own step, any failure of which pydantic is to report."""
    try:
        return function(value)
    except Exception as exc:
        raise Unchecked from exc


def _with_options(hint: Any, options: dict[str, Any]) -> Check:
    """A field's check: its type's, then its own constraints."""
    limits = _limits(options)
    if limits is not _unlimited and not _constrainable(hint):
        return _refuse
    return _limited(_check(hint, bool(options.get("strict"))), limits)


def _limited(inner: Check, limits: Callable[[Any], None] | None) -> Check:
    """`inner`, then the constraints (None: one not known here) on the value it gives, when it gives one: pydantic
    applies a field's constraints through `| None`."""
    if limits is None:
        return _refuse
    if limits is _unlimited:
        return inner

    def check(value: Any) -> Any:
        result = inner(value)
        if result is not None:
            limits(result)
        return result

    return check


def _constrainable(hint: Any) -> bool:
    """Whether a field's constraints reach its value as this module applies them: a type, or it `| None`."""
    if get_origin(hint) in (Union, types.UnionType):
        arms = [arm for arm in get_args(hint) if arm is not type(None)]
        return len(arms) == 1 and _constrainable(arms[0])
    return get_origin(hint) is not Literal


def _unlimited(value: Any) -> None:
    """The constraints of a spec that has none."""


_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "ge": lambda value, bound: value >= bound,
    "gt": lambda value, bound: value > bound,
    "le": lambda value, bound: value <= bound,
    "lt": lambda value, bound: value < bound,
    "min_length": lambda value, bound: len(value) >= bound,
    "max_length": lambda value, bound: len(value) <= bound,
}


def _limits(options: dict[str, Any]) -> Callable[[Any], None] | None:
    """The constraints among a spec's options as one check; None when one of them is not known here."""
    tests: list[Callable[[Any], bool]] = []
    for option, bound in options.items():
        if option in IGNORED or option == "strict":
            continue
        if option in _COMPARISONS:
            tests.append(partial(_compared, _COMPARISONS[option], bound=bound))
        elif option == "pattern" and isinstance(bound, str):
            tests.append(partial(_matches, re.compile(bound)))
        else:
            return None
    if not tests:
        return _unlimited

    def check(value: Any) -> None:
        for test in tests:
            if not test(value):
                raise Unchecked

    return check


def _compared(compare: Callable[[Any, Any], bool], value: Any, bound: Any) -> bool:
    try:
        return compare(value, bound)
    except TypeError:  # a length of a number, ...
        return False


def _matches(pattern: re.Pattern[str], value: Any) -> bool:
    """A string the pattern finds a match in (one holding a line break is left to pydantic: its patterns' `$`
    never matches before a last newline, as Python's does)."""
    return type(value) is str and "\n" not in value and pattern.search(value) is not None


def _check(hint: Any, strict: bool = False) -> Check:
    """The check of a value of a type (a type this module does not know: every value is left to pydantic)."""
    if isinstance(hint, type):
        if issubclass(hint, Record):
            return _record_check(hint)
        if issubclass(hint, Enum):
            return _enum(hint, strict)
        plain = _PLAIN.get(hint)
        return plain[strict] if plain is not None else _refuse
    build = _GENERICS.get(get_origin(hint))
    return build(get_args(hint), strict) if build is not None else _refuse


def _exactly(kind: type) -> Check:
    def check(value: Any) -> Any:
        if type(value) is not kind:
            raise Unchecked
        return value
    return check


def _float(value: Any) -> Any:
    if type(value) is float:
        return value
    if type(value) is int and -MAX_EXACT_INT <= value <= MAX_EXACT_INT:
        return float(value)
    raise Unchecked


def _none(value: Any) -> None:
    if value is not None:
        raise Unchecked
    return None


_PLAIN: dict[Any, tuple[Check, Check]] = {
    str: (_exactly(str), _exactly(str)),
    int: (_exactly(int), _exactly(int)),
    bool: (_exactly(bool), _exactly(bool)),
    float: (_float, _exactly(float)),
    type(None): (_none, _none),
}
"""Each plain type's check, lax (as pydantic's lax mode takes the value) and strict."""


def _enum(kind: type[Enum], strict: bool) -> Check:
    members = kind._value2member_map_

    def check(value: Any) -> Any:
        if type(value) is kind:
            return value
        if not strict and type(value) is str and value in members:
            return members[value]
        raise Unchecked

    return check


def _annotated(args: tuple[Any, ...], strict: bool) -> Check:
    inner, *metadata = args
    tagged = [item for item in metadata if isinstance(item, Tagged)]
    specs = [item for item in metadata if isinstance(item, Spec)]
    if len(tagged) + len(specs) != len(metadata) or len(tagged) > 1:
        return _refuse
    check = _tagged(tagged[0], strict) if tagged else _check(inner, strict)
    for item in specs:
        check = _constrained(check, item)
    return check


def _constrained(inner: Check, item: Spec) -> Check:
    """A type's check with the constraints of a spec in its `Annotated` metadata (`strict` there is not known
    here)."""
    return _refuse if item.options.get("strict") else _limited(inner, _limits(item.options))


def _tagged(tagged: Tagged, strict: bool) -> Check:
    arms = {tag: _check(record_class, strict) for tag, record_class in tagged.tags.items()}

    def check(value: Any) -> Any:
        if type(value) is not dict:
            raise Unchecked
        tag = tagged.key(value)
        if tag is None:
            raise Unchecked
        return arms[tag](value)

    return check


def _union(args: tuple[Any, ...], strict: bool) -> Check:
    """A value exactly one arm takes (pydantic's smart unions could choose otherwise between two)."""
    arms = [_check(arm, strict) for arm in args]

    def check(value: Any) -> Any:
        taken: list[Any] = []
        for arm in arms:
            try:
                taken.append(arm(value))
            except Unchecked:
                continue
        if len(taken) != 1:
            raise Unchecked
        return taken[0]

    return check


def _literal(allowed: tuple[Any, ...], strict: bool) -> Check:
    def check(value: Any) -> Any:
        for item in allowed:
            if type(value) is type(item) and value == item:
                return item
        raise Unchecked

    return check


def _list(args: tuple[Any, ...], strict: bool) -> Check:
    if len(args) != 1:
        return _refuse
    item = _check(args[0], strict)

    def check(value: Any) -> Any:
        if type(value) is not list:
            raise Unchecked
        return [item(each) for each in value]

    return check


def _dict(args: tuple[Any, ...], strict: bool) -> Check:
    if len(args) != 2:
        return _refuse
    key, item = _check(args[0], strict), _check(args[1], strict)

    def check(value: Any) -> Any:
        if type(value) is not dict:
            raise Unchecked
        out = {key(name): item(each) for name, each in value.items()}
        if len(out) != len(value):  # two keys taken as one
            raise Unchecked
        return out

    return check


_GENERICS: dict[Any, Callable[[tuple[Any, ...], bool], Check]] = {
    Annotated: _annotated,
    Union: _union,
    types.UnionType: _union,
    Literal: _literal,
    list: _list,
    dict: _dict,
}
"""Each generic type this module checks, by its origin, and how its check is made from its arguments."""
