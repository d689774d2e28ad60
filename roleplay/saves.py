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


class HintRecord(BaseModel):
    """A hint the coach showed, where it showed it, and the move it was about."""

    round: int
    at: int = Field(description="How many actions had been played when it was shown.")
    rule: str
    text: str
    why: str = ""
    level: str = "hints"
    about: dict[str, Any] | None = Field(None, description="The move it was about, as the action's JSON; "
                                         "none for a hint about the situation.")


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
    move_times: list[str] = Field(default_factory=list, description="When each action was played (UTC, ISO 8601), "
                                  "one per action; '' for a move saved before times were recorded.")
    parent: str = Field("", description="For a fork: the name of the save it was forked from.")
    fork_round: int | None = Field(None, description="For a fork: the round of the parent it plays on from.")
    coach: str = Field("off", description="The coach's level: off, hints or tutor.")
    hints: list[HintRecord] = Field(default_factory=list, description="Every hint the coach showed, in order.")


def saves_dir() -> Path:
    """ROLEPLAY_SAVES if set; `./saves` inside the checkout; else the user's data folder.

    Outside a checkout a game must not litter whatever folder the command ran
    in, so it goes where the system keeps an application's data
    (e.g. ~/.local/share/roleplay/saves on Linux).
    """
    configured = os.environ.get("ROLEPLAY_SAVES")
    if configured:
        return Path(configured)
    from roleplay.catalogue import CHECKOUT, in_checkout

    if in_checkout() and Path.cwd().resolve().is_relative_to(CHECKOUT):
        return Path("saves")
    from platformdirs import user_data_path

    return user_data_path("roleplay", appauthor=False) / "saves"


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


def player_save_name(player: str, session: Session, folder: Path | None = None) -> str:
    """A safe save name made from a player's name and the game, unused in the folder.

    Players type anything as their name; the file name keeps only letters,
    digits, '.', '_' and '-' of it (accents folded), and a number is added if
    the name is taken, so two students of one name never share a file.
    """
    import unicodedata

    folded = unicodedata.normalize("NFKD", player).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", folded).strip("-._")[:32].rstrip("-._") or "player"
    slug = re.sub(r"\.{2,}", ".", slug)
    base = f"{slug}-{session.scenario.id}-{session.me}-{session.state_data.seed}"[:72]
    folder = folder or saves_dir()
    name, number = base, 1
    while save_path(name, folder).exists():
        number += 1
        name = f"{base}-{number}"
    return safe_name(name)


def snapshot(session: Session, digest: str, scenario_path: str = "", player: str = "",
             move_times: list[str] | None = None, carried: dict[str, Any] | None = None) -> SaveFile:
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
        move_times=list(move_times or []),
        transcript=list(state.transcript),
        summary=Summary(phase=session.state, round=state.round, rounds=session.scenario.rounds,
                        ending=outcome.ending if outcome else "",
                        score=state.score.total if state.score else None),
        **(carried or {}),
    )


CARRIED = ("parent", "fork_round", "coach", "hints")
"""Fields a save keeps from one write to the next that the game itself does not hold."""


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


KEPT = "scenarios"
"""The folder beside the saves that keeps every scenario version a game was played on, by content."""


def kept_path(folder: Path, scenario_id: str, digest: str) -> Path:
    """Where the scenario text with this digest is kept beside the saves in `folder`."""
    return folder / KEPT / f"{scenario_id}-{digest}.yaml"


def keep_scenario(folder: Path, scenario_id: str, digest: str, scenario_path: str) -> bool:
    """Copy the scenario a game is played on beside its save, once per version; False if it could not be.

    With the copy, a save can be replayed and graded after its scenario was
    edited or removed: the copy is named by its content, never overwritten.
    """
    from roleplay.scenario.loader import digest as digest_of
    from roleplay.scenario.loader import read_text

    target = kept_path(folder, scenario_id, digest)
    if target.is_file():
        return True
    if not scenario_path or not safe_id(scenario_id):
        return False
    text, _ = read_text(Path(scenario_path))
    if text is None or digest_of(text) != digest:
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=target.parent,
                                             prefix=f".{target.stem}.", suffix=".tmp", delete=False)
        with handle:
            handle.write(text)
        os.replace(handle.name, target)
    except OSError:
        return False
    return True


def safe_id(scenario_id: str) -> bool:
    return bool(NAME.match(scenario_id)) and ".." not in scenario_id and "/" not in scenario_id


def played_on(save: SaveFile, path: Path) -> tuple[Path, str]:
    """The scenario file to replay a save on, and which version that is.

    The current file when it is the version played; else the copy kept
    beside the save; else the current file, which `replay` will refuse.
    """
    try:
        current: Path | None = scenario_file(save)
    except Exception:  # the scenario may be gone altogether
        current = None
    if current is not None and _digest_of_file(current) == save.scenario_digest:
        return current, "current"
    kept = kept_path(path.parent, save.scenario_id, save.scenario_digest)
    if safe_id(save.scenario_id) and kept.is_file():
        return kept, "earlier"
    if current is None:
        return resolve(save.scenario_id), "current"  # raises ScenarioNotFound, naming the id
    return current, "changed"


def _digest_of_file(path: Path) -> str | None:
    from roleplay.scenario.loader import digest as digest_of
    from roleplay.scenario.loader import read_text

    text, _ = read_text(path)
    return None if text is None else digest_of(text)


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


def _recorded_times(path: Path) -> list[str]:
    """The move times of the save being continued, one per action ('' where none was recorded)."""
    try:
        existing = read(path)
    except SaveError:
        return []
    return (existing.move_times + [""] * len(existing.actions))[: len(existing.actions)]


class Slot:
    """Where one game is saved after every action; it never overwrites a file it did not write."""

    def __init__(self, path: Path, digest: str, scenario_path: str = "", player: str = "") -> None:
        self.path = path
        self.digest = digest
        self.scenario_path = scenario_path
        self.player = player
        self._pending: SaveFile | None = None
        self._writing = threading.Lock()
        self._kept = False
        self._move_times: list[str] | None = None
        self._carried: dict[str, Any] | None = None

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
        self._pending = snapshot(session, self.digest, self.scenario_path, self.player, self._times(session),
                                 self.carried())

    def carried(self) -> dict[str, Any]:
        """The fork link, the coach's level and its hints: kept from the file being continued, then as set."""
        if self._carried is None:
            try:
                existing = read(self.path)
                self._carried = {name: getattr(existing, name) for name in CARRIED}
            except SaveError:
                self._carried = {}
        return self._carried

    def carry(self, **fields: Any) -> None:
        """Set fields the next write keeps (e.g. the coach's level and hints)."""
        self.carried().update(fields)

    def _times(self, session: Session) -> list[str]:
        """When each action was played: kept from the file being continued, the new ones stamped now."""
        if self._move_times is None:
            self._move_times = _recorded_times(self.path)
        count = len(session.actions)
        if len(self._move_times) != count:
            now = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
            self._move_times = self._move_times[:count] + [now] * (count - len(self._move_times))
        return self._move_times

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
                if not self._kept:
                    self._kept = keep_scenario(self.path.parent, save.scenario_id, save.scenario_digest,
                                               self.scenario_path)
