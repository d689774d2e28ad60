"""Textual's header, with a title update that survives the header being taken down first.

Textual's header sets its title in a callback that runs after the header is
mounted and whenever a title changes. The callback allows for the header
having left its screen, but not for its title widget being gone already:
when a screen is replaced, or the app ends, right after a header mounts, the
callback fails and takes the app down with it. This header is the same but
for that.
"""

from __future__ import annotations

from textual import events
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.widget import Widget
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle


class Header(TextualHeader):
    def _on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # instead of Textual's own, which would follow this one
        Widget._on_mount(self, event)

        async def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoScreen, NoMatches):
                pass  # taken down before the title could be set: there is nothing left to show it

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
