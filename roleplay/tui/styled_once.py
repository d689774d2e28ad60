"""A screen styled once for its first frame, not twice.

Textual styles each widget as it is mounted, and then, as a pushed screen
becomes the current one, styles the whole screen again (`ScreenResume` with
`refresh_styles`): for a new screen, the same work twice before its first
frame, with every widget's component styles worked out each time. A
`StyledOnce` screen skips the second pass the first time it becomes current;
every later time (back from a dialog, say) it restyles as Textual does, and a
theme change restyles every screen whatever this says. The first screen of a
game is one: it is the frame a start waits for.

`_on_screen_resume` is Textual's own handler, not its public interface:
Textual is pinned to a minor version (README, "Upgrading Textual"), and
`tests/test_tui.py` holds a screen styled once to the styles a second pass
gives it.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class StyledOnce(Screen[None]):
    resumed = False
    """Whether the screen has been the current one before."""

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self.resumed:  # styled as its widgets mounted, a moment ago
            self.resumed = True
            event.refresh_styles = False
        super()._on_screen_resume(event)
