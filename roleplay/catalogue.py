"""Where scenarios are found, by path or by id."""

from __future__ import annotations

import os
from pathlib import Path

FLAGSHIP = "us-dprk-summit-2018"
TUTORIAL = "tutorial-harbour-cafe"


class ScenarioNotFound(Exception):
    """A scenario named on the command line that is neither a file nor a known id."""


def scenarios_dir() -> Path:
    """ROLEPLAY_SCENARIOS if set, else ./scenarios, else the scenarios folder beside the package."""
    configured = os.environ.get("ROLEPLAY_SCENARIOS")
    if configured:
        return Path(configured)
    here = Path("scenarios")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "scenarios"


def scenario_files(folder: Path | None = None) -> list[Path]:
    folder = folder or scenarios_dir()
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def resolve(name: str | None) -> Path:
    """A scenario file from a path or an id; with no name, the flagship or else the tutorial."""
    if name is None:
        for default in (FLAGSHIP, TUTORIAL):
            candidate = scenarios_dir() / f"{default}.yaml"
            if candidate.is_file():
                return candidate
        raise ScenarioNotFound(f"no scenario found in {scenarios_dir()}")
    path = Path(name)
    if path.exists():
        return path
    candidate = scenarios_dir() / f"{name}.yaml"
    if candidate.is_file():
        return candidate
    known = ", ".join(p.stem for p in scenario_files()) or "none"
    raise ScenarioNotFound(f"no scenario file or id '{name}' (known ids: {known})")
