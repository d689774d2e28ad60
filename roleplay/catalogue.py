"""Where scenarios are found, by path or by id, and where each one came from.

Scenarios come from folders searched in order; the first folder holding an
id wins. ROLEPLAY_SCENARIOS, when set, is the only folder searched, so an
instructor can pin exactly the set a class sees. Otherwise `./scenarios`
(an instructor's own) comes first, then the scenarios shipped with roleplay:
package data in an installed copy, the checkout's `scenarios/` in a source tree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

FLAGSHIP = "us-dprk-summit-2018"
TUTORIAL = "tutorial-harbour-cafe"

PACKAGE = Path(__file__).resolve().parent
SHIPPED = PACKAGE / "shipped"
"""Where a built copy of roleplay keeps its scenarios and schema (see setup.py)."""
CHECKOUT = PACKAGE.parent
"""The source tree, when roleplay runs from one."""


class ScenarioNotFound(Exception):
    """A scenario named on the command line that is neither a file nor a known id."""


@dataclass(frozen=True)
class Source:
    """A folder of scenarios and why it is searched."""

    folder: Path
    origin: str


def in_checkout() -> bool:
    """True when roleplay runs from its own source tree (an editable install or a clone)."""
    return (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "scenarios").is_dir() and not SHIPPED.is_dir()


def shipped(kind: str) -> Path:
    """The folder of shipped data of one kind (`scenarios`, `schema`): package data, else the checkout's."""
    packaged = SHIPPED / kind
    return packaged if packaged.is_dir() else CHECKOUT / kind


def sources() -> list[Source]:
    """The folders searched for scenarios, first match wins."""
    configured = os.environ.get("ROLEPLAY_SCENARIOS")
    if configured:
        return [Source(Path(configured), "ROLEPLAY_SCENARIOS")]
    found = [Source(Path("scenarios"), "./scenarios")] if Path("scenarios").is_dir() else []
    bundled = shipped("scenarios")
    if bundled.is_dir() and not any(_same(bundled, s.folder) for s in found):
        found.append(Source(bundled, "shipped with roleplay"))
    return found


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def scenarios_dir() -> Path:
    """The first folder searched (where a new scenario of the class would go)."""
    found = sources()
    return found[0].folder if found else shipped("scenarios")


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def available() -> list[tuple[Path, Source]]:
    """Every scenario file that an id reaches, with its source; an id shadowed by an earlier folder is left out."""
    seen: set[str] = set()
    found: list[tuple[Path, Source]] = []
    for source in sources():
        for path in _yaml_files(source.folder):
            if path.stem not in seen:
                seen.add(path.stem)
                found.append((path, source))
    return found


def scenario_files(folder: Path | None = None) -> list[Path]:
    """The scenario files of one folder, or with none given, every available one."""
    if folder is not None:
        return _yaml_files(folder)
    return [path for path, _ in available()]


def _by_id(name: str) -> Path | None:
    for source in sources():
        for suffix in (".yaml", ".yml"):
            candidate = source.folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def resolve(name: str | None) -> Path:
    """A scenario file from a path or an id; with no name, the flagship or else the tutorial."""
    if name is None:
        for default in (FLAGSHIP, TUTORIAL):
            candidate = _by_id(default)
            if candidate is not None:
                return candidate
        where = ", ".join(str(s.folder) for s in sources()) or str(shipped("scenarios"))
        raise ScenarioNotFound(f"no scenario found in {where}")
    path = Path(name)
    if path.exists():
        return path
    candidate = _by_id(name)
    if candidate is not None:
        return candidate
    known = ", ".join(p.stem for p in scenario_files()) or "none"
    raise ScenarioNotFound(f"no scenario file or id '{name}' (known ids: {known})")
