"""The app's parsed style sheets, kept between starts: used when they fit, never when they do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget

from roleplay.tui import kept_styles
from tests.helpers import PHASES, GameAt


@pytest.fixture
def cache(monkeypatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("ROLEPLAY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path / "saves"))
    return tmp_path / "cache"


def styles_of(app: GameAt) -> dict[str, object]:
    """What every widget on the current screen looks like and where it is, by its place in the tree."""
    return {f"{n}:{type(node).__name__}": (str(node.rich_style), node.region, node.styles.padding, node.styles.border)
            for n, node in enumerate(app.screen.walk_children(Widget))}


async def play_briefing(theme: str | None = None) -> tuple[GameAt, frozenset[tuple[object, ...]], dict[str, object]]:
    app = GameAt(PHASES["table"])
    if theme is not None:
        app.theme = theme
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        restored, seen = app.kept_styles, styles_of(app)
    return app, restored, seen


async def test_a_second_start_reads_the_sheets_the_first_parsed_and_styles_every_widget_as_it(cache: Path) -> None:
    _, restored, first = await play_briefing()
    assert not restored, "nothing is kept before the first start"
    assert list((cache / kept_styles.KIND).glob("*.pickle")), "the first start keeps what it parsed"
    app, restored, second = await play_briefing()
    assert restored, "the second start is given the sheets"
    assert second == first
    parsed = {key[:2] for key in restored}
    assert all((source.content, place) in parsed for place, source in app.stylesheet.source.items())


async def test_a_theme_changed_after_the_sheets_were_given_styles_as_a_start_that_kept_nothing(
        cache: Path, monkeypatch) -> None:
    """The sheets are given with the theme the app starts in; a theme set after that parses its own."""
    monkeypatch.setenv("ROLEPLAY_CACHE", "")
    _, _, fresh = await play_briefing("textual-light")
    monkeypatch.setenv("ROLEPLAY_CACHE", str(cache))
    await play_briefing()
    _, restored, light = await play_briefing("textual-light")
    assert restored, "the dark theme's sheets were given as the app was made"
    assert light == fresh


async def test_a_stylesheet_without_the_cache_it_expects_keeps_and_restores_nothing(cache: Path, monkeypatch) -> None:
    await play_briefing()
    monkeypatch.setattr(kept_styles, "_cache", lambda app: None)
    _, restored, _ = await play_briefing()
    assert restored == frozenset()


async def test_a_damaged_entry_is_parsed_anew_and_replaced(cache: Path) -> None:
    await play_briefing()
    for entry in (cache / kept_styles.KIND).glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    _, restored, _ = await play_briefing()
    assert not restored
    _, restored, _ = await play_briefing()
    assert restored
