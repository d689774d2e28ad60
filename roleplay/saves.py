"""Save files: a game is its scenario, seed, side and actions, and is rebuilt by replaying them.

A save is JSON with a format version. It is written after every action,
atomically (a temporary file in the same folder, flushed and synced, then
renamed over the old one), so a crash leaves the previous good save. A file
that cannot be read as one of our saves is reported and never overwritten.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from roleplay.catalogue import resolve
from roleplay.engine.actions import Action
from roleplay.engine.session import IllegalAction, Session
from roleplay.engine.state import Statement
from roleplay.scenario.models import Scenario

SAVE_FORMAT = 1
MAX_SAVE_BYTES = 5_000_000
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,79}$")

MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""Format version n -> a function turning a version-n save into version n + 1."""


class SaveError(Exception):
    """A save that cannot be used, with a message naming the file and the problem."""


class ScenarioChanged(SaveError):
    """The scenario file differs from the one the save was played on."""


class Summary(BaseModel):
    """What a list of saves shows without replaying anything."""

    phase: str
    round: int
    rounds: int
    ending: str = ""
    score: float | None = None


class SaveFile(BaseModel):
    """One saved game."""

    app: Literal["roleplay"] = Field("roleplay", description="Marks the file as one of ours.")
    format_version: int = Field(SAVE_FORMAT, description="The version of this format.")
    scenario_id: str
    scenario_digest: str = Field(description="SHA-256 of the scenario file's text.")
    scenario_path: str = ""
    seed: int
    delegation: str
    player: str = Field("", description="The player's label, e.g. a student's name.")
    updated: str = ""
    actions: list[Action] = Field(default_factory=list)
    transcript: list[Statement] = Field(default_factory=list, description="For reading when the scenario changed.")
    summary: Summary


def saves_dir() -> Path:
    return Path(os.environ.get("ROLEPLAY_SAVES", "saves"))


def safe_name(name: str) -> str:
    """A save name that cannot leave the saves folder, or `SaveError` saying why not."""
    if not NAME.match(name) or ".." in name or name.endswith("."):
        raise SaveError(
            f"'{name}' cannot be a save name: use letters, digits, spaces, '.', '_' and '-' "
            "(no slashes, no '..'), at most 80 characters"
        )
    return name


def save_path(name: str, folder: Path | None = None) -> Path:
    return (folder or saves_dir()) / f"{safe_name(name)}.json"


def default_name(session: Session) -> str:
    return f"{session.scenario.id}-{session.me}-{session.state_data.seed}"


def snapshot(session: Session, digest: str, scenario_path: str = "", player: str = "") -> SaveFile:
    state = session.state_data
    outcome = state.outcome
    return SaveFile(
        scenario_id=session.scenario.id,
        scenario_digest=digest,
        scenario_path=scenario_path,
        seed=state.seed,
        delegation=session.me,
        player=player,
        updated=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        actions=list(session.actions),
        transcript=list(state.transcript),
        summary=Summary(phase=session.state, round=state.round, rounds=session.scenario.rounds,
                        ending=outcome.ending if outcome else "",
                        score=state.score.total if state.score else None),
    )


def write(path: Path, save: SaveFile) -> None:
    """Replace `path` with `save` atomically: a crash leaves either the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = save.model_dump_json(indent=1, exclude_defaults=False).encode("utf-8")
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some systems cannot open folders
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(descriptor)


def read(path: Path) -> SaveFile:
    """A save file, migrated to the current format, or `SaveError` naming the problem."""
    raw = _read_bytes(path)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SaveError(f"{path}: not a roleplay save (the file is not text)") from None
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" at line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise SaveError(f"{path}: the save is damaged: it is not complete JSON{where}") from None
    if not isinstance(data, dict) or data.get("app") != "roleplay":
        raise SaveError(f"{path}: not a roleplay save (another program's file?)")
    data = migrate(data, path)
    try:
        return SaveFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "the top level"
        raise SaveError(f"{path}: the save is damaged: {where}: {first['msg']}") from None


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise SaveError(f"{path}: this is a folder, not a save file")
        if path.stat().st_size > MAX_SAVE_BYTES:
            raise SaveError(f"{path}: too large to be a roleplay save")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save") from None
    except PermissionError:
        raise SaveError(f"{path}: the save cannot be read (permission denied)") from None
    except OSError as exc:
        raise SaveError(f"{path}: the save cannot be read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise SaveError(f"{path}: the save is empty")
    return raw


def migrate(data: dict[str, Any], path: Path) -> dict[str, Any]:
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SaveError(f"{path}: the save has no format version")
    if version > SAVE_FORMAT:
        raise SaveError(f"{path}: the save was written by a newer roleplay (format {version}); update roleplay")
    while version < SAVE_FORMAT:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SaveError(f"{path}: format {version} is too old to be read")
        data = {**step(data), "format_version": version + 1}
        version += 1
    return data


def scenario_file(save: SaveFile) -> Path:
    """The scenario a save was played on: its recorded file if it is still there, else by id."""
    if save.scenario_path and Path(save.scenario_path).is_file():
        return Path(save.scenario_path)
    return resolve(save.scenario_id)


def replay(save: SaveFile, scenario: Scenario, digest: str, path: Path, anyway: bool = False) -> Session:
    """Rebuild the game by replaying its actions; refuse a changed scenario unless told to go on."""
    if save.scenario_id != scenario.id:
        raise SaveError(f"{path}: this save belongs to the scenario '{save.scenario_id}', not '{scenario.id}'")
    if save.scenario_digest != digest and not anyway:
        raise ScenarioChanged(f"{path}: the scenario '{scenario.id}' has changed since this game was saved")
    number = 0
    try:
        session = Session(scenario, save.delegation, save.seed)
        for number, action in enumerate(save.actions, start=1):
            session.act(action)
    except IllegalAction as exc:
        where = f"move {number}: " if number else ""
        raise SaveError(f"{path}: the game cannot be replayed on this scenario ({where}{exc})") from None
    return session


def listing(folder: Path | None = None) -> list[tuple[Path, SaveFile | SaveError]]:
    """Every save in the folder, newest first; damaged ones come with their error, not a crash."""
    folder = folder or saves_dir()
    found: list[tuple[Path, SaveFile | SaveError]] = []
    for path in sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            found.append((path, read(path)))
        except SaveError as exc:
            found.append((path, exc))
    return found


def find(name: str) -> Path:
    """The save `play --resume NAME` means: a path to a .json file, a name in the saves folder, or (empty) the newest."""
    if name:
        given = Path(name)
        return given if given.suffix == ".json" and given.exists() else save_path(name)
    usable = [path for path, save in listing() if not isinstance(save, SaveError)]
    if not usable:
        raise SaveError(f"no saved games in {saves_dir()}")
    return usable[0]


class Slot:
    """Where one game is saved after every action; it never overwrites a file it did not write."""

    def __init__(self, path: Path, digest: str, scenario_path: str = "", player: str = "") -> None:
        self.path = path
        self.digest = digest
        self.scenario_path = scenario_path
        self.player = player
        self._pending: SaveFile | None = None
        self._writing = threading.Lock()

    def claim(self, session: Session) -> None:
        """Refuse to take over a file that is not this game's own save; clear its half-written leftovers."""
        for leftover in self.path.parent.glob(f".{self.path.stem}.*.tmp"):
            leftover.unlink(missing_ok=True)
        if not self.path.exists():
            return
        existing = read(self.path)
        if (existing.scenario_id, existing.seed, existing.delegation) != (session.scenario.id, session.state_data.seed, session.me):
            raise SaveError(f"{self.path}: a save of another game already has this name; choose another name")

    def record(self, session: Session) -> None:
        """Save the game now."""
        self.stage(session)
        self.flush()

    def stage(self, session: Session) -> None:
        """Take the game as it stands, to be written by the next `flush`.

        The snapshot is taken on the caller's thread, where the session lives;
        writing it (and waiting for the disk) can then happen on another one.
        """
        self._pending = snapshot(session, self.digest, self.scenario_path, self.player)

    def flush(self) -> None:
        """Write the newest staged snapshot, if any; flushes from several threads write in turn, newest last."""
        with self._writing:
            save, self._pending = self._pending, None
            if save is not None:
                try:
                    write(self.path, save)
                except BaseException:
                    if self._pending is None:  # not yet superseded: keep it for the next attempt
                        self._pending = save
                    raise
