"""CLI start: `roleplay --help` and `roleplay validate FLAGSHIP` against `python -c pass`.

The commands run through the installed console script, as a user types them.
Neither may import Textual: that is checked from `python -X importtime`, which
lists every module a command loads.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path

from bench.measure import ROOT, Row, alternate, ms, wall

FLAGSHIP = "scenarios/us-dprk-summit-2018.yaml"


def script() -> str:
    beside = Path(sys.executable).with_name("roleplay")
    found = str(beside) if beside.exists() else shutil.which("roleplay")
    if found is None:
        raise RuntimeError("the roleplay console script is not installed: pip install -e .")
    return found


def imports_textual(args: list[str]) -> bool:
    code = f"import sys; sys.argv = ['roleplay', *{args!r}]; from roleplay.cli import main; main()"
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    return any(line.rsplit("|", 1)[-1].strip().split(".")[0] == "textual" for line in done.stderr.splitlines())


def rows(rounds: int) -> list[Row]:
    roleplay = script()
    found = []
    for args in (["--help"], ["validate", FLAGSHIP]):
        command = [roleplay, *args]
        ours, bare = alternate(partial(wall, command), lambda: wall([sys.executable, "-c", "pass"]), rounds)
        textual = imports_textual(args)
        found.append(Row(f"CLI start: `roleplay {' '.join(args)}`" + (" (imports Textual!)" if textual else ""),
                         ms(ours.median), ms(ours.p99), f"python -c pass: {ms(bare.median)}",
                         f"{ours.median / bare.median:.1f}", "Textual not imported", not textual))
    return found
