"""The session machine, and a scenario's scripted rules, as Mermaid or Graphviz text.

Drawn from the same route table the engine runs on, so the picture cannot
drift from the code.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from roleplay.engine.flow import ENGINE_ROUTES, ROUTES, STATES
from roleplay.record import data
from roleplay.scenario.conditions import Condition
from roleplay.scenario.lint import hidden_rules
from roleplay.scenario.models import Delegation, Rule, Scenario
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
    plain = data(rule_when, json=True, by_alias=True, exclude_none=True)
    return mermaid(json.dumps(plain, separators=(", ", ": "), ensure_ascii=False).replace('"', ""))


def _marks(scenario: Scenario) -> dict[tuple[Any, ...], str]:
    """What the lint says of each rule that cannot fire, by the rule's place: (delegation, type or None, rule)."""
    marks: dict[tuple[Any, ...], str] = {}
    for hidden in hidden_rules(scenario):
        path = hidden.path
        place = (path[1], path[3], path[5]) if path[2] == "types" else (path[1], None, path[3])
        marks[place] = f" - never against {', '.join(hidden.kinds)}" if hidden.kinds else " - NEVER FIRES"
    return marks


def _node(name: str, rule: Rule, mark: str) -> str:
    mark = mark or (" - once" if rule.once else "")
    return f'    {name}{{"{mermaid(rule.id)}{mark}<br/>{_condition(rule.when)}"}}'


def _delegation_rules(n: int, delegation: Delegation, marks: dict[tuple[Any, ...], str]) -> list[str]:
    """One delegation's rules in the order they are checked: each type's own first, then the delegation's."""
    key = delegation.id
    lines = [f'  subgraph {key}["{mermaid(delegation.name)} (first match wins)"]', f'    {key}_move(["a move"])']
    own = [f"{key}_{r}" for r in range(len(delegation.rules))]
    default = f"{key}_default" if delegation.role.value == "principal" else None
    entry = own[0] if own else default
    typed = [(t, kind) for t, kind in enumerate(delegation.types) if kind.rules]
    for t, kind in typed:
        previous, label = f"{key}_move", f" -->|{mermaid(kind.id)}|"
        for r, rule in enumerate(kind.rules):
            node = f"{key}_t{t}_{r}"
            lines.append(_node(node, rule, marks.get((n, t, r), "")))
            lines.append(f"    {previous}{label or ' -->'} {node}")
            previous, label = node, ""
        if entry:
            lines.append(f"    {previous} --> {entry}")
    if entry and len(typed) < max(1, len(delegation.types)):
        label = " -->|other types|" if typed else " -->"
        lines.append(f"    {key}_move{label} {entry}")
    for r, rule in enumerate(delegation.rules):
        lines.append(_node(own[r], rule, marks.get((n, None, r), "")))
        if r:
            lines.append(f"    {own[r - 1]} --> {own[r]}")
    if default:
        lines.append(f'    {default}["default policy"]')
        if own:
            lines.append(f"    {own[-1]} -- no match --> {default}")
    lines.append("  end")
    return lines


def rules_mermaid(scenario: Scenario) -> str:
    marks = _marks(scenario)
    lines = ["flowchart TD"]
    for n, delegation in enumerate(scenario.delegations):
        if delegation.rules or any(kind.rules for kind in delegation.types):
            lines += _delegation_rules(n, delegation, marks)
    return "\n".join(lines) + "\n"


def both_markdown(scenario: Scenario) -> str:
    """The two diagrams as one Markdown document, each under its own title: Mermaid draws one diagram per block."""
    return (f"## The session machine\n\n```mermaid\n{machine_mermaid()}```\n\n"
            f"## The rules of {scenario.id}, in the order they are checked\n\n```mermaid\n{rules_mermaid(scenario)}```\n")
