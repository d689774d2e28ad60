"""A child process: start one app headless and print the moment its first useful frame is displayed.

`python -m bench.first_frame briefing` starts the game as `roleplay play
us-dprk-summit-2018 --as us` does and waits for the first frame that shows the
briefing: the engine loaded, the session made, the briefing screen current
with the student's text laid out, its keys bound and shown in the footer.
`python -m bench.first_frame bare` starts the reference, a Textual app with a
header, a footer and one widget, and waits for its first frame (in which
Textual's footer has not yet drawn its keys: it draws them a refresh after the
rest, so the reference is timed earlier than the game is). Each
frame the app hands to its driver is rendered to terminal output as a real
terminal would need (the headless driver skips that step); once the awaited
frame is, the child prints `time.monotonic()` and exits. The parent subtracts
the moment it spawned the process, so interpreter start and imports count.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

SIZE = (80, 24)


def keys_shown(screen: Any) -> bool:
    """Whether the screen's footer has its keys laid out: Textual's footer draws them a refresh after the rest."""
    from textual.widgets._footer import FooterKey

    return any(key.region.width for key in screen.query(FooterKey))


def shown(app: Any, screen: Any, renderable: Any) -> bool:
    """Render the frame as a terminal would; report whether it was the awaited one (then print the time and exit)."""
    if renderable is None or not hasattr(renderable, "render_segments"):
        return False
    renderable.render_segments(app.console)
    if not app.awaited(screen):
        return False
    print(time.monotonic(), flush=True)
    app.exit()
    return True


def bare() -> App[None]:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        done = False

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("one widget")
            yield Footer()

        def awaited(self, screen: Any) -> bool:
            return bool(screen.query(Static))

        def _display(self, screen: Any, renderable: Any) -> None:
            super()._display(screen, renderable)
            self.done = self.done or shown(self, screen, renderable)

    return Bare()


def wanted() -> tuple[str, str, int]:
    """What `roleplay play us-dprk-summit-2018 --as us` asks the app for, read by the command's own parser."""
    from roleplay.cli import parser

    argv = ["play", "us-dprk-summit-2018", "--as", "us", "--seed", "1"]
    args = parser(argv).parse_args(argv)
    return args.scenario, args.delegation, args.seed


def briefing() -> App[None]:
    """The game as the player can use it: the briefing displayed, the engine loaded behind it."""
    from roleplay.tui import head_start

    scenario, side, seed = wanted()
    head_start.begin(scenario, side, None)  # as `roleplay play` does before it imports the app
    from roleplay.tui.app import RoleplayApp

    class Briefed(RoleplayApp):
        done = False

        def awaited(self, screen: Any) -> bool:
            """The briefing is current, focused (its keys live) and its text laid out, its first line included."""
            if type(screen).__name__ != "BriefingScreen" or not screen.is_current or self.session is None:
                return False
            view = screen.query_one("#briefing")
            first = self.session.scenario.briefing.strip().splitlines()[0].lstrip("# ")
            return screen.focused is view and first in view.text and keys_shown(screen)

        def _display(self, screen: Any, renderable: Any) -> None:
            super()._display(screen, renderable)
            if not self.done:
                self.done = shown(self, screen, renderable)

    return Briefed(scenario, side, seed)


APPS = {"bare": bare, "briefing": briefing}

if __name__ == "__main__":
    APPS[sys.argv[1]]().run(headless=True, size=SIZE)
