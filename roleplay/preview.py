"""What one side's student sees of a scenario before play: the public story and their own private material.

The walk is driven by each field's `audience` (see `roleplay.scenario.models`):
`public` fields are shown everywhere, `delegation` fields only inside the
delegation played, `instructor` fields never. A field without an audience is
engine tuning (weights, costs, conditions) and is not shown either; models and
lists without one are walked into, so a new public field appears here without
this module changing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from roleplay.scenario.models import Delegation, Scenario


def _audience(model: type[BaseModel], name: str) -> str | None:
    extra = model.model_fields[name].json_schema_extra
    return extra.get("audience") if isinstance(extra, dict) else None  # type: ignore[return-value]


def _visible(audience: str | None, own: bool) -> bool:
    return audience == "public" or (audience == "delegation" and own)


def _title(item: BaseModel) -> str:
    for name in ("label", "name", "title", "id"):
        value = getattr(item, name, None)
        if isinstance(value, str) and value:
            return value
    return type(item).__name__


def walk(node: Any, side: str, own: bool = False, shown: bool = False, depth: int = 0) -> Iterator[tuple[int, str, str]]:
    """(depth, name, text) for every value the side may see; `shown` when an enclosing field is already visible."""
    if isinstance(node, BaseModel):
        model = type(node)
        if isinstance(node, Delegation):
            own = node.id == side
        for name in model.model_fields:
            audience = _audience(model, name)
            if audience == "instructor" or name == "id" or (own and name == "types"):
                continue  # ids are for the file; a side's own types are never drawn for it
            visible = shown or _visible(audience, own)
            value = getattr(node, name)
            if isinstance(value, (BaseModel, list, dict)):
                inner = list(walk(value, side, own, visible, depth + 1))
                if inner:
                    yield depth, name, ""
                    yield from inner
            elif visible and value not in ("", None, False):
                yield depth, name, str(value.value if hasattr(value, "value") else value)
    elif isinstance(node, list):
        for item in node:
            if side not in (getattr(item, "serves", None) or [side]):
                continue  # a roster member who cannot join this side is never offered to it
            if isinstance(item, BaseModel):
                inner = list(walk(item, side, own, shown, depth + 1))
                if inner:
                    yield depth, "-", _title(item)
                    yield from (entry for entry in inner if not (entry[0] == depth + 1 and entry[2] == _title(item)))
            elif shown and item not in ("", None):
                yield depth, "-", str(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            key_text = str(key.value if hasattr(key, "value") else key)
            if isinstance(value, (BaseModel, list, dict)):
                inner = list(walk(value, side, own, shown, depth + 1))
                if inner:
                    yield depth, key_text, ""
                    yield from inner
            elif shown:
                yield depth, key_text, str(value)


def preview(scenario: Scenario, side: str) -> str:
    """The text a student playing `side` may read before play, as indented `field: value` lines."""
    lines = [f"What the player of {scenario.delegation(side).name} ({side}) sees of {scenario.id}",
             "(public material and this side's own; nothing of other sides' instructions or the instructor's)", ""]
    for depth, name, text in walk(scenario, side):
        indent = "  " * depth
        if "\n" in text.strip():
            lines.append(f"{indent}{name}:")
            lines += [f"{indent}  {row}" if row else "" for row in text.rstrip().splitlines()]
        elif name == "-":
            lines.append(f"{indent}- {text}".rstrip())
        else:
            lines.append(f"{indent}{name}: {text}".rstrip())
    return "\n".join(lines) + "\n"
