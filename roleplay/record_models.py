"""The pydantic model of each record class, derived from its fields, for what comes in from outside.

A record (`roleplay.record`) declares its fields with the arguments of
`pydantic.Field`; here each record class gets a pydantic model with the same
name, fields, constraints and descriptions, and its `prepare_data` and
`check_record` as model validators. Validating data through the model gives
records: each nested model, once validated, is turned into its record on the
way out. Where a type holding records is checked from outside (`annotation`:
a save's actions, the player view), a record given as it is is taken as it is
and written as its data. The JSON Schema, the authoring guide and the messages
of a broken file are read from these models. Models are derived under one lock:
two threads deriving at once would each see the other's half-built models.

Only this module (and what reads files, saves and schemas) imports pydantic: a
game started from a kept scenario never does.
"""

from __future__ import annotations

import sys
import threading
import types
from typing import Annotated, Any, ForwardRef, Literal, TypeVar, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    TypeAdapter,
    WrapValidator,
    create_model,
    model_validator,
)

from roleplay.record import Record, Spec, Tagged, data, field_types

R = TypeVar("R", bound=Record)

RECORDS: dict[type[BaseModel], type[Record]] = {}
"""Each derived model and the record class it was derived from."""
_building: set[type[Record]] = set()
_namespace = vars(sys.modules[__name__])
"""Derived models are named here, by their record class's name, so that one naming another before it exists
(a condition holding conditions) finds it when its validator is built."""


def _to_record(model: BaseModel) -> Record:
    """A validated model as its record: its nested models are records already (validated first)."""
    record_class = RECORDS[type(model)]
    own = model.__dict__
    return record_class.made({name: own[name] for name in record_class.record_fields})


def _records_as_they_are(record_class: type[Record]) -> WrapValidator:
    """A record of this class given as input is kept: it was made in code, or validated already."""
    def keep(value: Any, handler: Any) -> Any:
        return value if type(value) is record_class else handler(value)
    return WrapValidator(keep)


def _as_data(record: Record) -> Any:
    return data(record)


def model_of(record_class: type[Record]) -> type[BaseModel]:
    """The pydantic model of a record class (and, on the way, of every record class its fields name)."""
    with _LOCK:
        model = _MODELS.get(record_class)
        if model is None:
            model = _MODELS[record_class] = _derive(record_class)
            RECORDS[model] = record_class
            _namespace[record_class.__name__] = model
        return model


_MODELS: dict[type[Record], type[BaseModel]] = {}
_LOCK = threading.RLock()


def _derive(record_class: type[Record]) -> type[BaseModel]:
    name = record_class.__name__
    if name in _namespace:
        raise TypeError(f"a record class may not be named {name}: a derived model or this module has that name")
    _building.add(record_class)
    try:
        hints = field_types(record_class)
        fields: dict[str, Any] = {field: (_translated(hints[field], outside=False), _field_info(spec))
                                  for field, spec in record_class.record_fields.items()}
    finally:
        _building.discard(record_class)
    config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    config.update(record_class.record_config)  # type: ignore[typeddict-item]
    return create_model(name, __config__=config, __doc__=record_class.__doc__, __module__=__name__,
                        __validators__=_validators(record_class), **fields)


def _validators(record_class: type[Record]) -> dict[str, Any]:
    """The record class's `prepare_data` and `check_record`, as the model's validators."""
    validators: dict[str, Any] = {}
    prepare = getattr(record_class, "prepare_data", None)
    if prepare is not None:
        validators["prepare_data"] = model_validator(mode="before")(lambda value: prepare(value))
    check = getattr(record_class, "check_record", None)
    if check is not None:
        def checked(model: BaseModel) -> BaseModel:
            check(model)
            return model
        validators["check_record"] = model_validator(mode="after")(checked)
    return validators


def _field_info(spec: Spec) -> Any:
    if spec.default_factory is not None:
        return Field(default_factory=spec.default_factory, **spec.options)
    return Field(spec.default, **spec.options) if not spec.required else Field(**spec.options)


def annotation(hint: Any) -> Any:
    """A type as pydantic is to check it: each record class as its model, turned into the record once valid.

    A record given where one is expected is taken as it is (a save's actions, made in code), and written as
    its data.
    """
    return _translated(hint, outside=True)


def _translated(hint: Any, outside: bool) -> Any:
    """`annotation`; inside a derived model (`outside` false) a record's fields only ever come from data, so
    a record there is its model and the turn into the record, nothing more (a smaller, quicker validator)."""
    if isinstance(hint, type) and issubclass(hint, Record):
        model: Any = model_of(hint) if hint not in _building else ForwardRef(hint.__name__)
        if not outside:
            return Annotated[model, AfterValidator(_to_record)]
        return Annotated[model, AfterValidator(_to_record), _records_as_they_are(hint), PlainSerializer(_as_data)]
    origin, args = get_origin(hint), get_args(hint)
    if origin is Annotated:
        inner, *metadata = args
        tagged = [item for item in metadata if isinstance(item, Tagged)]
        rest = [_metadata(item) for item in metadata if not isinstance(item, Tagged)]
        if tagged:
            return Annotated[(_tagged_union(tagged[0], outside), *rest)]
        return Annotated[(_translated(inner, outside), *rest)]
    if origin in (Union, types.UnionType):
        return Union[tuple(_translated(arg, outside) for arg in args)]
    if origin in (list, dict, tuple, set, frozenset):
        return origin[tuple(_translated(arg, outside) for arg in args)] if args else hint
    if origin is Literal or origin is None:
        return hint
    raise TypeError(f"cannot check {hint!r} as a field's type")


def _metadata(item: Any) -> Any:
    return Field(**item.options) if isinstance(item, Spec) else item


def _tagged_union(tagged: Tagged, outside: bool) -> Any:
    def key(value: Any) -> str | None:
        if isinstance(value, BaseModel):  # a model already validated, given again
            return next(tag for tag, record_class in tagged.tags.items() if record_class is RECORDS[type(value)])
        return tagged.key(value)
    arms = tuple(Annotated[_translated(record_class, outside), Tag(name)] for name, record_class in tagged.tags.items())
    return Annotated[Union[arms], Discriminator(key, custom_error_type=tagged.error_type,
                                                   custom_error_message=tagged.error_message)]


def validate(record_class: type[R], value: Any) -> R:
    """Data (a mapping, as a file or a save gives it) checked as a record of this class, or a ValidationError."""
    model = model_of(record_class)
    with _LOCK:  # its validator is built on first use, from models that must all be there
        model.model_rebuild()
    record = _to_record(model.model_validate(value))
    assert isinstance(record, record_class)
    return record


def adapter(hint: Any) -> TypeAdapter[Any]:
    """A validator (and serializer) of any type that holds records: a list of actions, ..."""
    with _LOCK:
        made = _ADAPTERS.get(hint)
        if made is None:
            made = _ADAPTERS[hint] = TypeAdapter(annotation(hint))
        return made


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def json_schema(record_class: type[Record]) -> dict[str, Any]:
    return model_of(record_class).model_json_schema()
