"""A child process that does one thing and prints its peak resident memory in bytes.

`tui`: a whole flagship game at the keyboard in the Textual app (headless).
`bare`: the reference Textual app, started and closed.
`simulate N`: N flagship games played headless, as `roleplay simulate` does.
"""

from __future__ import annotations

import asyncio
import resource
import sys
from pathlib import Path


def peak() -> int:
    """The high-water mark of this process's resident memory.

    Linux keeps `ru_maxrss` across exec, so a child of a large parent would
    report the parent's peak; VmHWM belongs to this program's memory alone.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


async def tui() -> None:
    from roleplay.engine.actions import Accept
    from roleplay.tui.app import RoleplayApp

    app = RoleplayApp("us-dprk-summit-2018", "us", 1)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter", "d")
        while app.session is not None and not app.session.finished():
            await pilot.press("a" if app.session.can(Accept()) else "enter")
        await pilot.pause()


async def bare() -> None:
    from bench.first_frame import bare as bare_app

    async with bare_app().run_test(size=(120, 40)) as pilot:
        await pilot.pause()


def simulate(games: int) -> None:
    from roleplay.catalogue import resolve
    from roleplay.scenario.loader import load
    from roleplay.simulation.simulate import simulate as run

    scenario = load(resolve("us-dprk-summit-2018")).scenario
    run(scenario, scenario.playable()[0].id, "realistic", games, 0)


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "simulate":
        simulate(int(sys.argv[2]))
    else:
        asyncio.run({"tui": tui, "bare": bare}[what]())
    print(peak())
