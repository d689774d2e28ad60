"""The session machine, and a scenario's scripted rules, as Mermaid or Graphviz text.

Drawn from the same route table the engine runs on, so the picture cannot
drift from the code.
"""

from __future__ import annotations

import json
from collections import defaultdict

from roleplay.engine.flow import ENGINE_ROUTES, ROUTES, STATES
from roleplay.scenario.conditions import Condition
from roleplay.scenario.lint import shadowed_rules
from roleplay.scenario.models import Scenario
from roleplay.text import mermaid


def _edges() -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for route in (*ROUTES, *ENGINE_ROUTES):
        for source in route.sources:
            edges[(source, route.dest or source)].append(route.trigger)
    return edges


def machine_mermaid() -> str:
    lines = ["stateDiagram-v2", f"  [*] --> {STATES[0]}"]
    lines += [f"  {a} --> {b}: {', '.join(triggers)}" for (a, b), triggers in _edges().items()]
    lines.append(f"  {STATES[-1]} --> [*]")
    return "\n".join(lines) + "\n"


def machine_dot() -> str:
    lines = ["digraph session {", "  rankdir=LR;", "  node [shape=box, style=rounded];"]
    for (a, b), triggers in _edges().items():
        label = "\\n".join(triggers)
        lines.append(f'  "{a}" -> "{b}" [label="{label}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _condition(rule_when: Condition) -> str:
    data = rule_when.model_dump(mode="json", by_alias=True, exclude_none=True)
    return mermaid(json.dumps(data, separators=(", ", ": "), ensure_ascii=False).replace('"', ""))


def rules_mermaid(scenario: Scenario) -> str:
    silent = {(path[1], path[3]) for path, *_ in shadowed_rules(scenario)}
    lines = ["flowchart TD"]
    for n, delegation in enumerate(scenario.delegations):
        if not delegation.rules:
            continue
        lines.append(f'  subgraph {delegation.id}["{mermaid(delegation.name)} (first match wins)"]')
        previous = f"{delegation.id}_move"
        lines.append(f'    {previous}(["a move"])')
        for r, rule in enumerate(delegation.rules):
            node = f"{delegation.id}_{r}"
            mark = " - NEVER FIRES" if (n, r) in silent else (" - once" if rule.once else "")
            lines.append(f'    {node}{{"{mermaid(rule.id)}{mark}<br/>{_condition(rule.when)}"}}')
            lines.append(f"    {previous} --> {node}")
            previous = node
        if delegation.role.value == "principal":
            lines.append(f'    {delegation.id}_default["default policy"]')
            lines.append(f"    {previous} -- no match --> {delegation.id}_default")
        lines.append("  end")
    return "\n".join(lines) + "\n"
