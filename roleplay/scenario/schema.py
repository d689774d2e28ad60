"""The JSON Schema of the scenario format, generated from the models, for editors."""

from __future__ import annotations

import json
from typing import Any

from roleplay.scenario.models import Scenario

SCHEMA_FILE = "schema/scenario.schema.json"
MODELINE = "# yaml-language-server: $schema=../schema/scenario.schema.json"


def schema() -> dict[str, Any]:
    generated = Scenario.model_json_schema()
    return {**generated, "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "roleplay scenario"}


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
