"""A scenario's first check, done in a child process while the app starts.

The first game on a file reads, parses and checks it before its briefing
(roleplay.scenario.cache keeps the result for every later start). That work
needs nothing of the app, and the app needs none of it until the game opens.
So, on a machine with more than one core, `roleplay play` forks a child that
checks the file and keeps it in the cache, while the parent goes on to
import Textual and start the app; when the game opens, the parent waits for
the child (it has usually finished) and reads the cache as any later start
does. What else the child is given to do with the checked scenario (the app
has it parse the briefing) it leaves to a process of its own, which nobody
waits for: the game does what it finds undone itself.

Only a head start: the child never speaks (its output goes nowhere), and
whatever it does or fails to do, the parent then loads the file as it would
have without it, from the cache or by checking it itself, and says what is
wrong with it. It is forked only on Linux, before the parent has started any
thread, only where the cache can be written, and only for a file the cache
does not hold.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from roleplay import kept
from roleplay.scenario import cache
from roleplay.scenario.loaded import Loaded

PATIENCE = 10.0
"""Seconds the parent waits for the child before it stops it and checks the file itself."""

_children: dict[Path, tuple[int, int]] = {}
"""Each file being checked ahead: the child's process id, and the end of a pipe that closes when it exits."""


def begin(path: Path, then: Callable[[Loaded], object] | None = None) -> bool:
    """Check the file in a child process, if that can gain time, and do `then` with the checked scenario
    (something else the start keeps) in a process of its own, which the game does not wait for; whether a
    child was started."""
    if not _worth_it() or path in _children or cache.holds(path):
        return False
    ended, open_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: check, keep, and go without a word
        os.close(ended)
        _check_and_exit(path, then, open_end)
    os.close(open_end)
    _children[path] = (pid, ended)
    return True


def _worth_it() -> bool:
    """Fork only where it is safe (Linux, no other thread yet), where what the child keeps can be written, and
    where there is a core for it."""
    if sys.platform != "linux" or threading.active_count() != 1 or len(os.sched_getaffinity(0)) < 2:
        return False
    where = kept.folder(cache.KIND)
    if where is None:
        return False
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(where, os.W_OK)


def _check_and_exit(path: Path, then: Callable[[Loaded], object] | None, open_end: int) -> None:
    """In the child: keep the checked scenario, leave `then` to a process of its own (init takes it up once
    this one has gone), and exit, which closes the pipe the parent waits on."""
    try:
        quiet = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(quiet, stream)
        loaded = cache.load(path)
        if then is not None and os.fork() == 0:
            os.close(open_end)
            then(loaded)
    except BaseException:  # noqa: BLE001 - the parent checks the file again and reports it
        pass
    finally:
        os._exit(0)


def finish(path: Path) -> None:
    """Wait for the child checking this file, if there is one; past PATIENCE, stop it."""
    child = _children.pop(path, None)
    if child is None:
        return
    pid, ended = child
    try:
        if not select.select([ended], [], [], PATIENCE)[0]:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:  # reaped already, or never to be: the parent checks the file itself
        pass
    finally:
        os.close(ended)
