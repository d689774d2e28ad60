"""`python -m bench` (or `make bench`): run every benchmark and print one Markdown table.

Progress goes to standard error, the table to standard output, so that
`make bench > table.md` keeps only the table.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
from collections.abc import Callable
from importlib.metadata import version

from bench import cli_start, cold_start, engine, loading, memory, move_latency, throughput
from bench.measure import Row, table

Plan = list[tuple[str, Callable[[], list[Row]]]]


def plan(quick: bool) -> Plan:
    """What to run and how many times; --quick checks that every row runs, not what it measures."""
    n = 1 if quick else 0
    return [
        ("cold start", lambda: cold_start.rows(3 if n else 15)),
        ("move latency", lambda: move_latency.rows(1 if n else 12)),
        ("throughput", lambda: throughput.rows(2 if n else 7, 20 if n else 300, 2 if n else 15)),
        ("engine", lambda: engine.rows(2 if n else 9, 20 if n else 200, 100 if n else 2000, 8 if n else 60,
                                       20 if n else 200)),
        ("load and validate", lambda: loading.rows(5 if n else 40, 2 if n else 7)),
        ("memory", lambda: memory.rows(100 if n else 1_000, 1_000 if n else 10_000)),
        ("CLI start", lambda: cli_start.rows(3 if n else 15)),
    ]


def machine() -> str:
    versions = ", ".join(f"{name} {version(name)}" for name in ("textual", "pydantic", "transitions"))
    return (f"{platform.python_implementation()} {platform.python_version()} on {platform.machine()}, "
            f"{os.cpu_count()} cores; {versions}")


def settle() -> None:
    """Start each group as a fresh process would: with no garbage of its own to collect.

    The groups run one after another in one process, and what the earlier ones
    left (hundreds of thousands of objects from the TUI and the simulations)
    would otherwise be walked by every full collection a later group triggers:
    one such pause set the 99th percentile of loading a scenario at five times
    its value when that group runs alone. Collected, then frozen, those objects
    are no longer walked; what a group makes itself is collected as usual.
    """
    gc.collect()
    gc.freeze()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few samples each: check that every row runs")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this group (repeatable)")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    started = time.perf_counter()
    for name, run in plan(args.quick):
        if args.only and name not in args.only:
            continue
        print(f"… {name}", file=sys.stderr, flush=True)
        settle()
        began = time.perf_counter()
        rows.extend(run())
        print(f"  {time.perf_counter() - began:.1f} s", file=sys.stderr, flush=True)
    print(f"{machine()}; {time.perf_counter() - started:.0f} s in all\n")
    print(table(rows))
    failed = [row.name for row in rows if row.holds is False]
    if failed:
        print(f"\n{len(failed)} target(s) missed: " + "; ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
