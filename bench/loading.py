"""Load and validate: reading a scenario file through every check the game and `validate` rely on.

`load` parses the YAML (keeping positions for messages), validates the models,
checks meaning (references, reachability) and lints. The reference is a bare
`yaml.load` of the same text with the C loader: what parsing alone costs.
The generated scenario is larger than one that may be played (see
roleplay/scenario/limits.py), so it is checked rather than loaded: the same
work, without the refusal at the end.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import yaml

from bench import generate
from bench.measure import Row, alternate, ms

FLAGSHIP_TARGET = 0.050
LARGE_TARGET = 1.0
LARGE = (1000, 20)


def timed_load(path: Path) -> float:
    from roleplay.scenario.loader import check_file

    start = time.perf_counter()
    check_file(path)
    return time.perf_counter() - start


def timed_parse(path: Path) -> float:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    start = time.perf_counter()
    yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    return time.perf_counter() - start


def row(name: str, path: Path, rounds: int, target: float, said: str) -> Row:
    timed_load(path)  # the first load also builds the validators' caches; count steady state
    loaded, parsed = alternate(lambda: timed_load(path), lambda: timed_parse(path), rounds)
    return Row(name, ms(loaded.median), ms(loaded.p99), f"yaml.load (C): {ms(parsed.median)}",
               f"{loaded.median / parsed.median:.1f}", f"p99 {said}",
               loaded.p99 < target)


def rows(rounds: int, large_rounds: int) -> list[Row]:
    from roleplay.catalogue import resolve

    flagship = resolve("us-dprk-summit-2018")
    found = [row("load and validate: flagship", flagship, rounds, FLAGSHIP_TARGET, "< 50 ms")]
    with tempfile.TemporaryDirectory() as folder:
        large = Path(folder) / "large.yaml"
        large.write_text(generate.text(*LARGE), encoding="utf-8")
        found.append(row(f"load and validate: generated, {LARGE[0]:,} issues x {LARGE[1]} delegations",
                         large, large_rounds, LARGE_TARGET, "< 1 s"))
    return found

