"""A child process: start one app headless and print the moment its first frame is painted.

`python -m bench.first_frame roleplay` starts the game as `roleplay play
us-dprk-summit-2018 --as us` does; `python -m bench.first_frame bare` starts
the reference, a Textual app with a header, a footer and one widget;
`briefing` waits instead for the briefing, once the engine has loaded. All
print `time.monotonic()` when Textual posts `Ready` (sent once the first
frame has been composed and displayed), then exit. The parent subtracts the
moment it spawned the process, so interpreter start and imports count.
"""

from __future__ import annotations

import sys
import time

SIZE = (80, 24)


def bare() -> object:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("one widget")
            yield Footer()

        def on_ready(self) -> None:
            print(time.monotonic(), flush=True)
            self.exit()

    return Bare()


def wanted() -> tuple[str, str, int]:
    """What `roleplay play us-dprk-summit-2018 --as us` asks the app for, read by the command's own parser."""
    from roleplay.cli import parser

    args = parser().parse_args(["play", "us-dprk-summit-2018", "--as", "us", "--seed", "1"])
    return args.scenario, args.delegation, args.seed


def roleplay() -> object:
    from roleplay.tui.app import RoleplayApp

    class FirstFrame(RoleplayApp):
        def on_ready(self) -> None:
            print(time.monotonic(), flush=True)
            self.exit()

    return FirstFrame(*wanted())


def briefing() -> object:
    """The game as the player can use it: the briefing painted, the engine loaded behind it."""
    from roleplay.tui.app import RoleplayApp

    class Briefed(RoleplayApp):
        def start(self, session, slot) -> None:
            super().start(session, slot)
            self.call_after_refresh(self.painted)

        def painted(self) -> None:
            print(time.monotonic(), flush=True)
            self.exit()

    return Briefed(*wanted())


APPS = {"bare": bare, "roleplay": roleplay, "briefing": briefing}

if __name__ == "__main__":
    APPS[sys.argv[1]]().run(headless=True, size=SIZE)  # type: ignore[attr-defined]
