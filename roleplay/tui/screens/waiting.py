"""The screens a game opens behind: the app's first, empty screen and the loading screen.

A player may ask something while a game opens (quit? help? the palette):
the game's first screen then waits until the question is answered, and the
screen behind it shows the game as it comes back into view.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen


class Waiting(Screen[None]):
    """A screen that gives way to the game as soon as it is current and a game is due (`RoleplayApp.show_due`)."""

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        show_due: Any = getattr(self.app, "show_due", None)
        if show_due is not None:
            show_due()
