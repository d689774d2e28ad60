"""`make fuzz`: many cases of every fuzz target, each bounded in time and memory; counts what ran and failed."""

from __future__ import annotations

import argparse
import resource
import traceback
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzzing import TARGETS, bounded

MEMORY_CEILING = 3 << 30
"""Address space for the whole run: a runaway case ends in MemoryError (a failure counted), not the OOM killer."""


def run(name: str, target: Callable[[Any], None], inputs: st.SearchStrategy[Any], examples: int) -> int:
    counts = {"ran": 0, "failed": 0}
    first: list[str] = []
    check = bounded(target)

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(inputs)
    def case(value: Any) -> None:
        counts["ran"] += 1
        try:
            check(value)
        except Exception:  # noqa: BLE001 - counting every failure is the point
            counts["failed"] += 1
            if not first:
                first.append(f"input: {value!r:.2000}\n{traceback.format_exc()}")

    case()
    print(f"{name}: {counts['ran']} cases, {counts['failed']} failed", flush=True)
    if first:
        print(first[0])
    return counts["failed"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=1_000, help="cases per target (default: 1,000)")
    parser.add_argument("--target", action="append", choices=list(TARGETS), help="only these targets")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > MEMORY_CEILING:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING, hard))
    failed = 0
    for name, (target, inputs) in TARGETS.items():
        if not args.target or name in args.target:
            failed += run(name, target, inputs, args.examples)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
