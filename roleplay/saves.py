"""Save files: a game is its scenario, seed, side and actions, and is rebuilt by replaying them.

A save is JSON with a format version. It is written after every action,
atomically (a temporary file in the same folder, flushed and synced, then
renamed over the old one), so a crash leaves the previous good save. A file
that cannot be read as one of our saves is reported and never overwritten.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

try:
    import fcntl

    LOCKING = True
    """Whether saves are locked against a second roleplay: not where there is no `fcntl` (Windows)."""
except ImportError:  # pragma: no cover - not on Windows: saves are not locked there
    LOCKING = False

from roleplay.catalogue import ScenarioNotFound, resolve
from roleplay.engine.session import IllegalAction, Session
from roleplay.files import FileRefused, is_regular, read_regular
from roleplay.record import Record, spec
from roleplay.scenario.models import Scenario

if TYPE_CHECKING:
    from roleplay.save_file import SaveFile

SAVE_FORMAT = 1
MAX_SAVE_BYTES = 5_000_000
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,79}")
"""A save name, matched against the whole name (`fullmatch`): no trailing newline slips through."""
SEED_LIMIT = 2**63
SCENARIO_ID = re.compile(r"[a-z][a-z0-9_-]{0,63}")
TEMP = ".tmp-"
"""A save's temporary files are named `.NAME.json.tmp-XXXXXXXX`: they belong to that one save alone."""

MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""Format version n -> a function turning a version-n save into version n + 1."""


class SaveError(Exception):
    """A save that cannot be used, with a message naming the file and the problem."""


class ScenarioChanged(SaveError):
    """The scenario file differs from the one the save was played on."""


class HintRecord(Record):
    """A hint the coach showed, where it showed it, and the move it was about."""

    record_config = {"extra": "ignore"}  # as a save's other parts: a key a later version adds is read past

    round: int
    at: int = spec(description="How many actions had been played when it was shown.")
    rule: str
    text: str
    why: str = ""
    level: str = "hints"
    about: dict[str, Any] | None = spec(default=None, description="The move it was about, as the action's JSON; "
                                        "none for a hint about the situation.")


def __getattr__(name: str) -> Any:
    """The save's pydantic models (`roleplay.save_file`), imported when a save is first written or read: a
    game's first screen comes before that."""
    if name in ("SaveFile", "Summary"):
        from roleplay import save_file

        return getattr(save_file, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    if not NAME.fullmatch(name) or ".." in name or name.endswith("."):
        raise SaveError(
            f"{name!r} cannot be a save name: use letters, digits, spaces, '.', '_' and '-' "
            "(no slashes, no '..'), at most 80 characters"
        )
    return name


def save_path(name: str, folder: Path | None = None) -> Path:
    return (folder or saves_dir()) / f"{safe_name(name)}.json"


def default_name(session: Session) -> str:
    return f"{session.scenario.id}-{session.me}-{session.state.seed}"[:80]


def unused_path(name: str, folder: Path | None = None) -> Path:
    """`name`, else `name-2`, `name-3`...: the first that is not a save yet, so a new game never replaces one."""
    path = save_path(name, folder)
    number = 1
    while path.exists() or path.is_symlink():
        number += 1
        suffix = f"-{number}"
        path = save_path(name[: 80 - len(suffix)].rstrip(" .") + suffix, folder)
    return path


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
    base = f"{slug}-{session.scenario.id}-{session.me}-{session.state.seed}"[:72]
    return unused_path(base, folder).stem


def snapshot(session: Session, digest: str, scenario_path: str = "", player: str = "",
             move_times: list[str] | None = None, carried: dict[str, Any] | None = None) -> SaveFile:
    from roleplay.save_file import SaveFile, Summary

    state = session.state
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
        summary=Summary(phase=session.phase, round=state.round, rounds=session.scenario.rounds,
                        ending=outcome.ending if outcome else "",
                        score=state.score.total if state.score else None),
        **(carried or {}),
    )


def ready() -> None:
    """Import and build what checks and writes a save (pydantic and the save's models): the first snapshot
    of a game would otherwise pay for it, on the thread the player's keys are read on."""
    from roleplay.save_file import SaveFile

    SaveFile.model_rebuild()


def descent(parent: str, fork_round: int | None) -> str:
    """How a save comes from another, in words: a fork plays on from one of its rounds; a replay (no round)
    plays all its moves again on its scenario as changed since."""
    return f"from {parent} at round {fork_round}" if fork_round is not None else \
        f"{parent}'s moves replayed on the scenario as changed"


CARRIED = ("parent", "fork_round", "coach", "hints")
"""Fields a save keeps from one write to the next that the game itself does not hold."""


def write(path: Path, save: SaveFile) -> None:
    """Replace `path` with `save` atomically: a crash leaves either the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = _encode(save)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}{TEMP}", delete=False)
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


def _encode(save: SaveFile) -> bytes:
    """The save as UTF-8 JSON; text that UTF-8 cannot hold (a lone surrogate from a label) is written escaped."""
    from pydantic_core import PydanticSerializationError

    try:
        return save.model_dump_json(indent=1, exclude_defaults=False).encode("utf-8")
    except (PydanticSerializationError, UnicodeEncodeError):
        return json.dumps(save.model_dump(mode="json"), indent=1, ensure_ascii=True).encode("ascii")


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
    except (ValueError, RecursionError) as exc:  # ValueError: also a number of more digits than Python reads
        if path.suffix.lower() in (".yaml", ".yml"):
            raise SaveError(f"{path}: a scenario, not a save: saves are the .json files a game writes") from None
        where = f" at line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise SaveError(f"{path}: the save is damaged: it is not complete JSON{where}") from None
    if not isinstance(data, dict) or data.get("app") != "roleplay":
        raise SaveError(f"{path}: not a roleplay save (another program's file?)")
    data = migrate(data, path)
    from pydantic import ValidationError

    from roleplay.save_file import SaveFile

    try:
        return SaveFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "the top level"
        raise SaveError(f"{path}: the save is damaged: {where}: {first['msg']}") from None


def _read_bytes(path: Path) -> bytes:
    try:
        raw = read_regular(path, MAX_SAVE_BYTES)
    except FileRefused as exc:
        plain = {"no such file": "no such save", "too-large": "too large to be a roleplay save"}
        message = plain.get(exc.message, plain["too-large"] if exc.code == "too-large" else exc.message)
        raise SaveError(f"{path}: {message}") from None
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


def absolute(path: str) -> str:
    """A path as it names the same file from any working folder (a path that cannot be resolved stays as given)."""
    try:
        return str(Path(path).absolute())
    except OSError:
        return path


def scenario_file(save: SaveFile) -> Path:
    """The scenario a save was played on: its recorded scenario file if it is still there, else by id.

    A save is someone else's file: the path it names is used only when it is a
    regular `.yaml`/`.yml` file, never a device, a pipe or any other file.
    """
    recorded = Path(save.scenario_path) if save.scenario_path else None
    if recorded is not None and recorded.suffix in (".yaml", ".yml") and is_regular(recorded):
        return recorded
    if not SCENARIO_ID.fullmatch(save.scenario_id):  # an id, never a path
        raise ScenarioNotFound(f"the save names no known scenario ({save.scenario_id[:80]!r})")
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
    try:
        session = Session(scenario, save.delegation, save.seed)
    except IllegalAction as exc:
        raise SaveError(f"{path}: the game cannot be replayed on this scenario ({exc})") from None
    for number, action in enumerate(save.actions, start=1):
        try:
            session.act(action)
        except IllegalAction as exc:
            raise SaveError(f"{path}: the game cannot be replayed on this scenario (move {number}: {exc})") from None
    return session


def listing(folder: Path | None = None) -> list[tuple[Path, SaveFile | SaveError]]:
    """Every save in the folder, newest first; damaged ones come with their error, not a crash."""
    folder = folder or saves_dir()
    found: list[tuple[Path, SaveFile | SaveError]] = []
    for path in sorted(folder.glob("*.json"), key=_modified, reverse=True):
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


def _modified(path: Path) -> float:
    """When a save was last written; a dangling or looping link sorts last instead of raising."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def find(name: str) -> Path:
    """The save `play --resume NAME` means: a path to a .json file, a name in the saves folder, or (empty) the newest."""
    if name:
        given = Path(name)
        return given if given.suffix == ".json" and (given.exists() or given.is_symlink()) else save_path(name)
    found = listing()
    usable = [path for path, save in found if not isinstance(save, SaveError)]
    if not usable:
        damaged = f" that can be read ({len(found)} cannot: roleplay report {saves_dir()} says why)" if found else ""
        raise SaveError(f"no saved games{damaged} in {saves_dir()}")
    return usable[0]


class Slot:
    """Where one game is saved after every action.

    A slot never overwrites a file it did not write, and once claimed it holds
    a lock beside the save, so a second process on the same save is told so
    instead of silently writing over the first one's moves.
    """

    def __init__(self, path: Path, digest: str, scenario_path: str = "", player: str = "") -> None:
        self.path = path
        self.digest = digest
        self.scenario_path = absolute(scenario_path) if scenario_path else ""
        """Recorded whole, so that the game can be resumed from any folder, not only the one it was started in."""
        self.player = player
        self.problem: str | None = None
        """Why the last write failed, until one succeeds: the game is not safely saved while this is set."""
        self._pending: SaveFile | None = None
        self._writing = threading.Lock()
        self._kept = False
        self._move_times: list[str] | None = None
        self._lock: int | None = None
        self._carried: dict[str, Any] | None = None

    def claim(self, session: Session, new: bool = False) -> None:
        """Take this save for the game: lock it, clear its own half-written leftovers, refuse another game's file.

        A `new` game never takes over an existing save, even one of the same
        scenario, side and seed: the caller picks an unused name instead.
        """
        previous = self._acquire()
        try:
            self._clear_leftovers()
            if not (self.path.exists() or self.path.is_symlink()):
                return
            existing = read(self.path)
            if new:
                raise SaveError(f"{self.path}: a saved game already has this name; resume it, or choose another name")
            same_game = (session.scenario.id, session.state.seed, session.me)
            if (existing.scenario_id, existing.seed, existing.delegation) != same_game:
                raise SaveError(f"{self.path}: a save of another game already has this name; choose another name")
        except BaseException:
            if previous is not None:  # the lock goes back to the slot it was taken from
                previous._acquire()
            else:
                self.release()
            raise

    def _clear_leftovers(self) -> None:
        prefix = f".{self.path.name}{TEMP}"
        for leftover in self.path.parent.glob(f".*{TEMP}*"):
            token = leftover.name[len(prefix):]
            if leftover.name.startswith(prefix) and re.fullmatch(r"[A-Za-z0-9_]+", token):
                leftover.unlink(missing_ok=True)

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(f".{self.path.name}.lock")

    def _acquire(self) -> Slot | None:
        """Hold the save's lock; return the slot of this process it was taken over from, if any."""
        key = str(self.lock_path.absolute())
        holder = _HELD.get(key)
        if holder is not None and holder is not self:  # the same process moves on to a new slot on this save
            self._lock, holder._lock = holder._lock, None
            _HELD[key] = self
            return holder
        if self._lock is not None or not LOCKING:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock = _lock_file(self.lock_path)
        except OSError as exc:
            raise SaveError(f"{self.path.parent}: games cannot be saved in this folder ({exc.strerror or exc}); "
                            "set ROLEPLAY_SAVES to a folder you can write to") from None
        if self._lock is None:
            raise SaveError(f"{self.path}: this game is open in another roleplay right now; finish or quit it there "
                            "first, or choose another name")
        _HELD[key] = self
        return None

    def release(self) -> None:
        """Let another process take the save (at the end of the game, or when the player moves to another one)."""
        if self._lock is None:
            return
        key = str(self.lock_path.absolute())
        if _HELD.get(key) is self:
            del _HELD[key]
        try:
            self.lock_path.unlink(missing_ok=True)
        except OSError:
            pass
        os.close(self._lock)
        self._lock = None

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
        """Write the newest staged snapshot, if any; flushes from several threads write in turn, newest last.

        A failed write keeps the snapshot for the next attempt, sets `problem`
        and raises the `OSError` for the caller to report.
        """
        with self._writing:
            save, self._pending = self._pending, None
            if save is not None:
                try:
                    write(self.path, save)
                except OSError as exc:
                    self.problem = f"the game could not be saved to {self.path}: {exc.strerror or exc}"
                    if self._pending is None:  # not yet superseded: keep it for the next attempt
                        self._pending = save
                    raise
                except BaseException:
                    if self._pending is None:
                        self._pending = save
                    raise
                self.problem = None
                if not self._kept:
                    self._kept = keep_scenario(self.path.parent, save.scenario_id, save.scenario_digest,
                                               self.scenario_path)


_HELD: dict[str, Slot] = {}
"""The saves this process holds locks on, by lock file: a new slot on one of them takes the lock over."""


def _lock_file(path: Path) -> int | None:
    """An open, exclusively locked descriptor of the lock file, or None when another process holds it."""
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(descriptor)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return None
            raise
        try:
            same = os.fstat(descriptor).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:  # not a lock file its last holder removed while we were opening it
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{os.getpid()}\n".encode())
            return descriptor
        os.close(descriptor)
