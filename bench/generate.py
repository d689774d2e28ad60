"""A large scenario for the loader: many issues and delegations, valid, written as an author would.

`python -m bench.generate 1000 20 > big.yaml` writes one. Two principals hold a
stance on every issue (opposed ideals, a zone of agreement in the middle);
the other delegations are observers with a consultation and a rule, so the
checks that cross-reference delegations, issues and rules all have work.
"""

from __future__ import annotations

import sys
from typing import Any

import yaml

OPTIONS = 5


def stance(issue: int, rising: bool, options: int = OPTIONS) -> dict[str, Any]:
    ends = (f"i{issue}o0", f"i{issue}o{options - 1}")
    ideal, worst = (ends[1], ends[0]) if rising else ends
    return {"ideal": ideal, "reservation": f"i{issue}o{1 if rising else options - 2}",
            "expectation": f"i{issue}o{options - 2 if rising else 1}", "weight": 1 + issue % 3}


def principal(name: str, issues: int, rising: bool, options: int = OPTIONS) -> dict[str, Any]:
    return {"id": name, "name": name.capitalize(), "playable": True, "briefing": f"You are the {name}.",
            "batna": {"utility": 0.3}, "temperament": 1.0,
            "stances": {f"i{n}": stance(n, rising, options) for n in range(issues)}}


def observer(number: int, issues: int) -> dict[str, Any]:
    watched = f"i{number % issues}"
    return {"id": f"observer{number}", "name": f"Observer {number}", "role": "observer",
            "consult": {"cost": 1, "text": f"Observer {number} has a view on {watched}.",
                        "intel": [{"issue": watched, "width": 1}]},
            "rules": [{"id": f"observer{number}-notes-pressure", "when": {"move": "pressure"},
                       "say": f"Observer {number} takes note."}]}


def scenario(issues: int, delegations: int, options: int = OPTIONS) -> dict[str, Any]:
    """`issues` issues of `options` options each (at least 4, so that the two sides' zone lies in the middle)."""
    return {
        "format_version": 1, "id": f"generated-{issues}x{delegations}", "title": "Generated", "rounds": 8,
        "issues": [{"id": f"i{n}", "label": f"Issue {n}",
                    "options": [{"id": f"i{n}o{k}", "label": f"level {k}"} for k in range(options)]}
                   for n in range(issues)],
        "delegations": [principal("buyer", issues, False, options), principal("seller", issues, True, options),
                        *(observer(n, issues) for n in range(delegations - 2))],
        "endings": [{"id": "deal", "title": "Deal", "outcome": ["agreement"], "text": "A deal."},
                    {"id": "some", "title": "Some", "outcome": ["partial"], "text": "Some of it."},
                    {"id": "none", "title": "None", "outcome": ["breakdown"], "text": "Nothing."}],
    }


def text(issues: int, delegations: int) -> str:
    return yaml.safe_dump(scenario(issues, delegations), sort_keys=False, width=120)


if __name__ == "__main__":
    sys.stdout.write(text(int(sys.argv[1]), int(sys.argv[2])))
