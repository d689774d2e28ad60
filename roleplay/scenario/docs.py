"""Reference sections of docs/AUTHORING.md, generated from the models so they cannot drift.

`python -m roleplay.scenario.docs` rewrites the generated sections in place;
a test fails when the committed guide differs from what this prints.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from roleplay.scenario.conditions import TESTS
from roleplay.scenario.lint import CODES
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


def fields() -> str:
    """A table per model: each field, its type, whether it is required, who sees it, and what it means."""
    full = schema()
    models = {"Scenario": full, **full["$defs"]}  # type: ignore[dict-item]
    tests = {cls.__name__ for cls in TESTS.values()}  # documented in the condition table instead
    order = ["Scenario", *sorted(name for name in models if name not in tests and name != "Scenario")]
    out: list[str] = []
    for name in order:
        model = models[name]
        properties = model.get("properties")
        if not properties:
            continue
        out += [f"#### {name}", "", model.get("description", "").strip() or "", "",
                "| field | type | required | seen by | meaning |", "|---|---|---|---|---|"]
        required = set(model.get("required", []))
        for field, spec in properties.items():
            meaning = (spec.get("description") or models.get(_type(spec), {}).get("description", "")).replace("|", "\\|")
            audience = spec.get("audience", "")
            out.append(f"| `{field}` | {_type(spec)} | {'yes' if field in required else ''} | {audience} | {meaning} |")
        out.append("")
    return "\n".join(line for line in out).strip() + "\n"


def conditions() -> str:
    rows = ["| key | meaning |", "|---|---|"]
    for key, cls in TESTS.items():
        field = next(iter(cls.model_fields.values()))
        rows.append(f"| `{key}` | {field.description or ''} |")
    return "\n".join(rows) + "\n"


def codes() -> str:
    rows = ["| code | severity | what it finds |", "|---|---|---|"]
    rows += [f"| `{code}` | {severity.value} | {what} |" for code, (severity, what) in CODES.items()]
    return "\n".join(rows) + "\n"


GENERATORS = {"fields": fields, "conditions": conditions, "codes": codes}


def render(guide: str) -> str:
    """The guide with every generated section replaced by what the models say now."""
    for name in SECTIONS:
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        guide = pattern.sub(lambda m, n=name: m.group(1) + GENERATORS[n]() + m.group(2), guide)
    return guide


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else GUIDE
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {path}")
