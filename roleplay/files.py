"""Reading files that someone else named: regular files only, and never more than a limit.

A path given to `validate`, `play`, `report` or `--resume` may be a named pipe
(reading waits for ever), a device (`/dev/zero` never ends), a folder, a link
to nothing or a link that loops. Each is refused with a message before a byte
is read; a regular file is refused when its size is over the limit, checked
before reading and again while reading (a file may grow in between).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

CHUNK = 1 << 20

_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileRefused(Exception):
    """A file we will not read, with a code, a message for the person who named it, and a hint."""

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or `FileRefused` saying why not."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise _refusal(path, exc) from None
    try:
        info = os.fstat(descriptor)
        _check_kind(info.st_mode)
        if info.st_size > limit:
            raise FileRefused("too-large", f"the file is {info.st_size:,} bytes; the limit is {limit:,}",
                              "split it or remove unused text")
        return _read_at_most(descriptor, limit)
    except OSError as exc:
        raise _refusal(path, exc) from None
    finally:
        os.close(descriptor)


def is_regular(path: Path) -> bool:
    """Whether the path names a regular file (through links), without ever raising."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _check_kind(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise FileRefused("not-a-file", "this is a folder, not a file", "name a file inside it")
    for test, kind in _KINDS:
        if test(mode):
            raise FileRefused("not-a-file", f"this is {kind}, not a regular file", "name a regular file")
    if not stat.S_ISREG(mode):
        raise FileRefused("not-a-file", "this is not a regular file", "name a regular file")


def _read_at_most(descriptor: int, limit: int) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        part = os.read(descriptor, min(CHUNK, limit + 1 - total))
        if not part:
            return b"".join(parts)
        parts.append(part)
        total += len(part)
        if total > limit:
            raise FileRefused("too-large", f"the file is larger than the limit of {limit:,} bytes",
                              "split it or remove unused text")


def _refusal(path: Path, exc: OSError) -> FileRefused:
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return FileRefused("not-found", "this is a link to a file that does not exist", "check the link")
        return FileRefused("not-found", "no such file", "check the path")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return FileRefused("no-permission", "the file cannot be read (permission denied)",
                           "check the file's permissions")
    if exc.errno == errno.ELOOP:
        return FileRefused("not-a-file", "this is a link that loops back on itself", "name the file itself")
    if exc.errno == errno.EISDIR:
        return FileRefused("not-a-file", "this is a folder, not a file", "name a file inside it")
    if exc.errno == errno.ENOTDIR:
        return FileRefused("not-found", "no such file (a part of the path is not a folder)", "check the path")
    return FileRefused("unreadable", f"the file cannot be read: {exc.strerror or exc}")
