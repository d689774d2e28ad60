"""The app's style sheets, parsed once and kept between starts.

Before its first frame Textual parses every style sheet the app has: its own
and each screen's files, and the defaults of every widget it shows. That is a
twentieth of a start, every start, for text that changes only with a new
version of roleplay or Textual. A sheet's parsed rules depend on its text, where
it was read from, and the theme's variables written into it, and on Textual's
parser: they are kept (roleplay.kept) under a key of the theme's variables and
the size and time of Textual's CSS modules and its colours, and handed to the app's stylesheet
before it parses anything. When the app ends, the rules of the sheets it used
are kept, if it parsed any that were not.

Textual keeps a stylesheet's parsed rules in a cache of its own
(`Stylesheet._parse_cache`, keyed by the sheet's text and place), which is not
its public interface: Textual is pinned to a minor version (README, "Upgrading
Textual"), and where the cache is not what this module expects, nothing is
kept or restored, and Textual parses as it always does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from roleplay import kept

if TYPE_CHECKING:
    from textual.app import App

KIND = "styles"


def _cache(app: App[Any]) -> Any:
    """The stylesheet's cache of parsed sheets, or None if it is not there as expected."""
    cache = getattr(app.stylesheet, "_parse_cache", None)
    needed = ("keys", "get", "set", "maxsize")
    return cache if all(hasattr(cache, name) for name in needed) else None


def _key(app: App[Any]) -> list[str]:
    import textual.css

    css = Path(textual.css.__file__).parent
    parser = [*sorted(css.glob("*.py")), css.parent / "color.py"]  # the CSS parser and the colours it reads
    variables = getattr(app.stylesheet, "_variables", None)
    return [repr(sorted(variables.items())) if isinstance(variables, dict) else "", *kept.stamp(parser)]


def _is_sheets(found: object) -> TypeGuard[dict[tuple[Any, ...], list[Any]]]:
    return isinstance(found, dict) and all(isinstance(key, tuple) and isinstance(rules, list)
                                           for key, rules in found.items())


def restore(app: App[Any]) -> frozenset[tuple[Any, ...]]:
    """Hand the kept parsed sheets to the app's stylesheet; the keys of those handed."""
    cache, where = _cache(app), kept.folder(KIND)
    if cache is None or where is None:
        return frozenset()
    found = kept.read(kept.entry_path(where, _key(app)))
    if not _is_sheets(found):
        return frozenset()
    for key, rules in list(found.items())[: cache.maxsize]:
        cache.set(key, rules)
    return frozenset(found)


def keep(app: App[Any], restored: frozenset[tuple[Any, ...]]) -> None:
    """Keep the parsed sheets the app uses now, if it parsed one that was not restored."""
    cache, where = _cache(app), kept.folder(KIND)
    if cache is None or where is None:
        return
    used = {(source.content, place) for place, source in app.stylesheet.source.items()}
    # a sheet is parsed again when a subclass of its widget is first shown, with another order among the
    # sheets (`tie_breaker`): each parse of a sheet still in use is kept
    sheets = {key: cache.get(key) for key in cache.keys() if key[:2] in used}
    if sheets and not set(sheets) <= restored:
        kept.write(kept.entry_path(where, _key(app)), {key: rules for key, rules in sheets.items() if rules is not None})
