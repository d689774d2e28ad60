"""Plain frozen records, declared once and checked by pydantic where data comes in.

The scenario, its conditions and the player's actions are read by the engine on
every move and by every start of the app. Pydantic is what checks them when they
come from a file or a save, but importing it and creating its model classes takes
longer than the whole start of the app may. So these types are plain classes:
each field is an annotation with, as its value, `spec(...)`: the arguments of
`pydantic.Field`, only recorded. `roleplay.record_models` derives the pydantic
model of each record class from them when something is to be validated (a
scenario file, a save, the JSON Schema, the authoring guide), and turns what it
validated into records. A record made in code (a strategy's move, a test's
scenario) is not validated: it is trusted as code is.

A record is frozen, compares and hashes by its fields, pickles as its fields,
and `replace(record, ...)` makes a changed copy. What a record works out from itself
(`functools.cached_property`) lives beside its fields and is never copied or
compared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from functools import partial
from typing import Any, ClassVar, Self, TypeVar, dataclass_transform, get_type_hints

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__reduce__": lambda self: "MISSING"})()
"""No default: the field must be given."""


R = TypeVar("R", bound="Record")


class Spec:
    """What one field asks of its value: its default and the keyword arguments of `pydantic.Field`."""

    __slots__ = ("default", "default_factory", "options")

    def __init__(self, default: Any = MISSING, default_factory: Callable[[], Any] | None = None,
                 **options: Any) -> None:
        self.default = default
        self.default_factory = default_factory
        self.options = options

    @property
    def required(self) -> bool:
        return self.default is MISSING and self.default_factory is None

    def value(self) -> Any:
        """The default of a field not given."""
        return self.default_factory() if self.default_factory is not None else self.default

    @property
    def alias(self) -> str | None:
        """The key a file uses for the field, where it is not the field's name (`is` for `is_`). Given to pydantic
        as `validation_alias` and `serialization_alias`: `alias` would name the record's own keyword."""
        alias = self.options.get("validation_alias")
        return alias if isinstance(alias, str) else None

    def __repr__(self) -> str:
        shown = [] if self.default is MISSING else [repr(self.default)]
        if self.default_factory is not None:
            shown.append(f"default_factory={self.default_factory!r}")
        shown += [f"{name}={value!r}" for name, value in self.options.items()]
        return f"spec({', '.join(shown)})"


def spec(default: Any = MISSING, *, default_factory: Callable[[], Any] | None = None, **options: Any) -> Any:
    """A field's default and what pydantic checks of it (`pydantic.Field`'s keywords: `ge`, `min_length`,
    `description`, `json_schema_extra`, ...). Typed `Any` so that it stands where the value does. A key a
    file writes otherwise than the field is named goes as `validation_alias` and `serialization_alias`:
    for a type checker, `alias` would rename the record's own keyword."""
    return Spec(default, default_factory, **options)


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(spec,))
class Record:
    """A frozen record whose fields are its annotations, in order, its parents' first.

    `record_config` adds to the pydantic model's configuration (`populate_by_name`, ...); a class may define
    `prepare_data` (a classmethod turning raw data into what the fields expect, as a "before" model
    validator) and `check_record` (raising ValueError when the validated fields do not go together).
    `check_record` reads the fields alone: it is given the pydantic model where pydantic validates, and
    the record where `roleplay.record_check` makes it.
    """

    record_fields: ClassVar[dict[str, Spec]] = {}
    """Every field and what it asks of its value."""
    record_config: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = dict(cls.record_fields)
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():
            if isinstance(annotation, str) and annotation.startswith("ClassVar"):
                continue
            given = cls.__dict__.get(name, MISSING)
            field = given if isinstance(given, Spec) else Spec(given)
            if isinstance(field.default, (list, dict, set)):  # one object shared by every record, as dataclasses refuse
                raise TypeError(f"{cls.__name__}.{name}: a mutable default is shared; use default_factory")
            fields[name] = field
            if given is not MISSING:
                delattr(cls, name)  # an instance holds every field: a class attribute would only hide a missing one
        cls.record_fields = fields

    def __init__(self, **values: Any) -> None:
        _only_fields(type(self), values)
        own = self.__dict__
        for name, field in type(self).record_fields.items():
            if name in values:
                own[name] = values[name]
            elif field.required:
                raise TypeError(f"{type(self).__name__} needs {name}")
            else:
                own[name] = field.value()

    @classmethod
    def made(cls, values: Mapping[str, Any]) -> Self:
        """A record of values already checked, one per field (as validation gives them): no defaults looked up."""
        record = object.__new__(cls)
        record.__dict__.update(values)
        return record

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: use replace() for a changed copy")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __getstate__(self) -> dict[str, Any]:
        """Pickled as its fields alone: what it worked out from itself is worked out again where it is read."""
        own = self.__dict__
        return {name: own[name] for name in type(self).record_fields}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """A record inside any type pydantic is given (a named tuple of the engine's, ...) is checked and
        written as the model derived from its class."""
        from roleplay.record_models import annotation

        return handler.generate_schema(annotation(cls))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        mine, theirs = self.__dict__, other.__dict__
        return all(mine[name] == theirs[name] for name in type(self).record_fields)

    def __hash__(self) -> int:
        return hash((type(self), *fields(self).values()))

    def __repr__(self) -> str:
        own = self.__dict__
        shown = ", ".join(f"{name}={own[name]!r}" for name in type(self).record_fields)
        return f"{type(self).__name__}({shown})"


def fields(record: Record) -> dict[str, Any]:
    """A record's fields and their values, in order (not nested records'). A function, not a method: a field
    may have any name."""
    own = record.__dict__
    return {name: own[name] for name in type(record).record_fields}


def field_types(record_class: type[Record]) -> dict[str, Any]:
    """Each field's type, its `Annotated` metadata kept (resolved on first use: a field may name a record class
    defined after its own)."""
    known = _TYPES.get(record_class)
    if known is None:
        hints = get_type_hints(record_class, include_extras=True)
        known = _TYPES[record_class] = {name: hints[name] for name in record_class.record_fields}
    return known


_TYPES: dict[type[Record], dict[str, Any]] = {}


def replace(record: R, **changes: Any) -> R:
    """A copy with some fields changed; nothing the record worked out from itself is copied."""
    _only_fields(type(record), changes)
    return record.made({**fields(record), **changes})


def _only_fields(record_class: type[Record], values: Mapping[str, Any]) -> None:
    unknown = values.keys() - record_class.record_fields.keys()
    if unknown:
        raise TypeError(f"{record_class.__name__} has no field {', '.join(sorted(unknown))}")


class Tagged:
    """Annotated metadata of a union of records told apart by a function of the raw data, not by a field.

    `key` names the arm of a value (a mapping, or a record of one of the arms), or gives None for none; `tags`
    maps each name to its record class. A value with no arm is reported with `error_type` and `error_message`.
    """

    def __init__(self, key: Callable[[Any], str | None], tags: Mapping[str, type[Record]], error_type: str,
                 error_message: str) -> None:
        self.key, self.tags = key, tags
        self.error_type, self.error_message = error_type, error_message


def data(value: Any, *, json: bool = False, by_alias: bool = False, exclude_none: bool = False,
         exclude_defaults: bool = False) -> Any:
    """A record (or what holds records) as plain data, as pydantic's `model_dump` gives a model: `json` for
    what JSON can hold (enums as their values, tuples as lists), `by_alias` for the names a file uses."""
    inner = partial(data, json=json, by_alias=by_alias, exclude_none=exclude_none, exclude_defaults=exclude_defaults)
    if isinstance(value, Record):
        out, own = {}, value.__dict__
        for name, field in type(value).record_fields.items():
            item = own[name]
            if exclude_none and item is None:
                continue
            if exclude_defaults and not field.required and item == field.value():
                continue
            out[field.alias if by_alias and field.alias else name] = inner(item)
        return out
    if isinstance(value, dict):
        return {data(key, json=json): inner(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        items = [inner(item) for item in value]
        return items if json or isinstance(value, list) else tuple(items)
    if json and isinstance(value, Enum):
        return value.value
    return value
