"""What `roleplay play` begins before it imports the app: the work a start can do before Textual is loaded.

Two things: the collector's threshold is raised for the imports to come (see
roleplay.tui.collector), and a game that opens at once has its scenario
checked ahead in a child process when the cache does not hold it yet (see
roleplay.scenario.ahead), which also has the briefing the game opens on
parsed and kept (see roleplay.tui.prose). Neither imports Textual or the
engine here.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from roleplay.tui.collector import hold_from_the_start

if TYPE_CHECKING:
    from roleplay.scenario.loaded import Loaded


def opens_at_once(scenario: str | None, side: str | None, resume: str | None) -> bool:
    """Whether the app opens a game at once, rather than a screen to choose or resume one."""
    return resume is None and (scenario is not None or side is not None)


def begin(scenario: str | None, side: str | None, resume: str | None) -> None:
    """Start what can be done before the app is imported (call it before importing roleplay.tui.app)."""
    hold_from_the_start()
    if opens_at_once(scenario, side, resume):
        from roleplay.catalogue import ScenarioNotFound, resolve
        from roleplay.scenario import ahead

        try:
            ahead.begin(resolve(scenario), then=partial(parse_briefing, side))
        except (ScenarioNotFound, OSError):  # the app says what is wrong with it
            pass


def parse_briefing(side: str | None, loaded: Loaded) -> None:
    """Parse and keep the briefing the game opens on (in the process the child that checked the scenario
    leaves it to)."""
    from roleplay.tui.briefing_text import briefing_markdown
    from roleplay.tui.prose import parse_kept

    scenario = loaded.scenario
    me = scenario.delegation(side) if side is not None else scenario.playable()[0]
    parse_kept(briefing_markdown(scenario, me))
