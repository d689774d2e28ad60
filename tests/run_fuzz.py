"""`make fuzz`: many fuzz cases of each target, counting how many ran and how many failed."""

from __future__ import annotations

import argparse
import traceback
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzzing import load_yaml, read_save, save_inputs, yaml_inputs


def run(name: str, target: Callable[[Any], None], inputs: st.SearchStrategy[Any], examples: int) -> int:
    counts = {"ran": 0, "failed": 0}
    first: list[str] = []

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(inputs)
    def case(value: Any) -> None:
        counts["ran"] += 1
        try:
            target(value)
        except Exception:  # noqa: BLE001 - counting every failure is the point
            counts["failed"] += 1
            if not first:
                first.append(f"input: {value!r}\n{traceback.format_exc()}")

    case()
    print(f"{name}: {counts['ran']} cases, {counts['failed']} failed")
    if first:
        print(first[0])
    return counts["failed"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=10_000)
    args = parser.parse_args()
    failed = run("scenario loader", load_yaml, yaml_inputs, args.examples)
    failed += run("save reader", read_save, save_inputs, args.examples)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
