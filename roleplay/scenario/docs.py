"""Reference sections of docs/AUTHORING.md, generated from the models so they cannot drift.

`python -m roleplay.scenario.docs` rewrites the generated sections in place;
a test fails when the committed guide differs from what this prints.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from roleplay.scenario.conditions import TESTS
from roleplay.scenario.schema import schema

GUIDE = Path("docs/AUTHORING.md")
SECTIONS = ("fields", "conditions", "codes")


def _type(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in spec:
        return " or ".join(_type(option) for option in spec["anyOf"] if option.get("type") != "null")
    if "allOf" in spec:
        return _type(spec["allOf"][0])
    if spec.get("type") == "array":
        return f"list of {_type(spec.get('items', {}))}"
    if spec.get("type") == "object":
        return f"map to {_type(spec.get('additionalProperties', {}))}" if "additionalProperties" in spec else "mapping"
    if "enum" in spec:
        return " / ".join(str(v) for v in spec["enum"])
    if "const" in spec:
        return repr(spec["const"])
    return str(spec.get("type", "any"))


def _default(spec: dict[str, Any], required: bool) -> str:
    if required or "default" not in spec:
        return ""
    value = spec["default"]
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if value in ([], {}):
        return "empty"
    if isinstance(value, str):
        return f"`{value}`" if value else '""'
    if isinstance(value, dict):
        return ""  # a nested model's defaults are in its own table
    return f"`{value}`"


def _bounds(spec: dict[str, Any]) -> dict[str, Any]:
    """The numeric and size bounds of a field, from the field itself or the arms of its union."""
    keys = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems")
    found = {k: spec[k] for k in keys if k in spec}
    for arm in spec.get("anyOf", []):
        found |= {k: arm[k] for k in keys if k in arm}
    return found


def _range(spec: dict[str, Any]) -> str:
    b = _bounds(spec)
    low = (f"{b['minimum']:g}", "") if "minimum" in b else (f"{b['exclusiveMinimum']:g}", "above ") \
        if "exclusiveMinimum" in b else None
    high = (f"{b['maximum']:g}", "") if "maximum" in b else (f"{b['exclusiveMaximum']:g}", "below ") \
        if "exclusiveMaximum" in b else None
    parts = []
    if low and high:
        parts.append(f"{low[0]} to {high[0]}" if not low[1] and not high[1]
                     else f"{low[1] or 'at least '}{low[0]}, {high[1] or 'at most '}{high[0]}")
    elif low:
        parts.append(f"{low[1] or 'at least '}{low[0]}")
    elif high:
        parts.append(f"{high[1] or 'at most '}{high[0]}")
    for unit, lo, hi in (("characters", "minLength", "maxLength"), ("items", "minItems", "maxItems")):
        if lo in b and hi in b:
            parts.append(f"{b[lo]} to {b[hi]} {unit}")
        elif lo in b:
            parts.append(f"at least {b[lo]} {unit[:-1] if b[lo] == 1 else unit}")
        elif hi in b:
            parts.append(f"at most {b[hi]} {unit}")
    return "; ".join(parts)


def fields() -> str:
    """A table per model: each field, its type, default and range, who sees it, and what it means."""
    full = schema()
    models: dict[str, Any] = {"Scenario": full, **full["$defs"]}
    tests = {cls.__name__ for cls in TESTS.values()}  # documented in the condition table instead
    order = ["Scenario", *sorted(name for name in models if name not in tests and name != "Scenario")]
    out: list[str] = []
    for name in order:
        model = models[name]
        properties = model.get("properties")
        if not properties:
            continue
        out += [f"#### {name}", "", model.get("description", "").strip() or "", "",
                "| field | type | required | default | range | seen by | meaning |", "|---|---|---|---|---|---|---|"]
        required = set(model.get("required", []))
        for field, spec in properties.items():
            meaning = (spec.get("description") or models.get(_type(spec), {}).get("description", "")).replace("|", "\\|")
            audience = spec.get("audience", "")
            needed = field in required
            out.append(f"| `{field}` | {_type(spec)} | {'yes' if needed else ''} | {_default(spec, needed)} | "
                       f"{_range(spec)} | {audience} | {meaning} |")
        out.append("")
    return "\n".join(line for line in out).strip() + "\n"


def conditions() -> str:
    rows = ["| key | meaning |", "|---|---|"]
    for key, cls in TESTS.items():
        field = next(iter(cls.record_fields.values()))
        rows.append(f"| `{key}` | {field.options.get('description') or ''} |")
    return "\n".join(rows) + "\n"


def _example(shown: str) -> str:
    """An example as the guide shows it: YAML in code spans (one per line), a description as it is."""
    if not re.match(r"^(\{|\? |<<|[a-z_]+: )", shown):
        return shown.replace("|", "\\|")
    return " ".join(f"`{line.strip()}`" for line in shown.splitlines()).replace("|", "\\|")


def codes() -> str:
    """Every code, errors first, with what it finds and an example (each example is checked by a test)."""
    from roleplay.codes import EXAMPLES, all_codes, severity, what

    rows = ["| code | severity | what it finds | example |", "|---|---|---|---|"]
    rows += [f"| `{code}` | {severity(code).value} | {what(code)} | {_example(EXAMPLES[code].shown)} |"
             for code in all_codes()]
    return "\n".join(rows) + "\n"


GENERATORS = {"fields": fields, "conditions": conditions, "codes": codes}


def render(guide: str) -> str:
    """The guide with every generated section replaced by what the models say now."""
    for name in SECTIONS:
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        guide = pattern.sub(_between_markers(GENERATORS[name]()), guide)
    return guide


def _between_markers(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement that keeps the start and end markers and puts the text between them, taken as written."""
    return lambda found: found.group(1) + text + found.group(2)


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else GUIDE
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {path}")
