"""What one side's student sees of a scenario before play: the public story and their own private material.

The walk is driven by each field's `audience` (see `roleplay.scenario.models`):
`public` fields are shown everywhere, `delegation` fields only inside the
delegation played, `instructor` fields never. A field without an audience is
engine tuning (weights, costs, conditions) and is not shown either; records and
lists without one are walked into, so a new public field appears here without
this module changing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from roleplay.record import Record
from roleplay.scenario.models import Delegation, Scenario


def _audience(record: type[Record], name: str) -> str | None:
    extra = record.record_fields[name].options.get("json_schema_extra")
    audience = extra.get("audience") if isinstance(extra, dict) else None
    return audience if isinstance(audience, str) else None


def _visible(audience: str | None, own: bool) -> bool:
    return audience == "public" or (audience == "delegation" and own)


def _title(item: Record) -> str:
    for name in ("label", "name", "title", "id"):
        value = getattr(item, name, None)
        if isinstance(value, str) and value:
            return value
    return type(item).__name__


@dataclass(frozen=True)
class Walk:
    """One preview's walk: the side it is for, and every option's label by issue (options are shown by label)."""

    side: str
    labels: dict[str, dict[str, str]]

    def node(self, node: Any, own: bool = False, shown: bool = False, depth: int = 0,
             options: dict[str, str] | None = None) -> Iterator[tuple[int, str, str]]:
        """(depth, name, text) for every value the side may see; `shown` when an enclosing field is visible.

        `options` names the options of the issue being walked (a stance), so that
        an option appears by its label, as the player sees it in the game.
        """
        if isinstance(node, Record):
            yield from self._model(node, own, shown, depth, options)
        elif isinstance(node, list):
            yield from self._list(node, own, shown, depth)
        elif isinstance(node, dict):
            for key, value in node.items():
                key_text = str(key.value if hasattr(key, "value") else key)
                if isinstance(value, (Record, list, dict)):
                    inner = list(self.node(value, own, shown, depth + 1, self.labels.get(key_text)))
                    if inner:
                        yield depth, key_text, ""
                        yield from inner
                elif shown:
                    yield depth, key_text, str(value)

    def _model(self, node: Record, own: bool, shown: bool, depth: int,
               options: dict[str, str] | None) -> Iterator[tuple[int, str, str]]:
        model = type(node)
        if isinstance(node, Delegation):
            own = node.id == self.side
        for name in model.record_fields:
            audience = _audience(model, name)
            if audience == "instructor" or name == "id" or (own and name == "types"):
                continue  # ids are for the file; a side's own types are never drawn for it
            visible = shown or _visible(audience, own)
            value = getattr(node, name)
            if isinstance(value, (Record, list, dict)):
                inner = list(self.node(value, own, visible, depth + 1))
                if inner:
                    yield depth, name, ""
                    yield from inner
            elif visible and value not in ("", None, False):
                text = str(value.value if hasattr(value, "value") else value)
                if options and text in options:
                    text = f"{options[text]} ({text})"
                yield depth, name, text

    def _list(self, node: list[Any], own: bool, shown: bool, depth: int) -> Iterator[tuple[int, str, str]]:
        for item in node:
            if self.side not in (getattr(item, "serves", None) or [self.side]):
                continue  # a roster member who cannot join this side is never offered to it
            if isinstance(item, Record):
                inner = list(self.node(item, own, shown, depth + 1))
                if inner:
                    yield depth, "-", _title(item)
                    yield from (entry for entry in inner if not (entry[0] == depth + 1 and entry[2] == _title(item)))
            elif shown and item not in ("", None):
                yield depth, "-", str(item)


def walk(scenario: Scenario, side: str) -> Iterator[tuple[int, str, str]]:
    labels = {issue.id: {o.id: o.label for o in issue.options} for issue in scenario.issues}
    return Walk(side, labels).node(scenario)


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
