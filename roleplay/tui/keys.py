"""Bindings shared by several screens."""

from __future__ import annotations

from textual.binding import Binding

HELP_BINDING = Binding("question_mark,f1", "app.help", "Help", key_display="?", id="help")
"""The way to every key. Screens whose footer is crowded bind it first, so it is never cut off."""
