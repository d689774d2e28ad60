"""The JSON Schema of the scenario format, generated from the models, for editors."""

from __future__ import annotations

import json
from typing import Any

from roleplay.record_models import json_schema
from roleplay.scenario.limits import LIMITS
from roleplay.scenario.models import Scenario

SCHEMA_FILE = "schema/scenario.schema.json"
MODELINE = "# yaml-language-server: $schema=../schema/scenario.schema.json"


def schema() -> dict[str, Any]:
    generated = json_schema(Scenario)
    for limit in LIMITS:  # the sizes a scenario may have and still play, which the models check only coarsely
        _field(generated, limit.path)["maxItems"] = limit.most
    return {**generated, "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "roleplay scenario"}


def _field(generated: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    """The schema of the field at `path` (field names from the scenario down), following references."""
    node = generated
    for name in path:
        while "$ref" in node:
            node = generated["$defs"][node["$ref"].rsplit("/", 1)[1]]
        node = node["properties"][name]
    return node


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
