"""A scenario's first check, done in a child process while the app starts.

The first game on a file reads, parses and checks it before its briefing
(roleplay.scenario.cache keeps the result for every later start). That work
needs nothing of the app, and the app needs none of it until the game opens.
So, on a machine with more than one core, `roleplay play` forks a child that
checks the file and keeps it in the cache, while the parent goes on to
import Textual and start the app; when the game opens, the parent waits for
the child (it has usually finished) and reads the cache as any later start
does.

Only a head start: the child never speaks (its output goes nowhere), and
whatever it does or fails to do, the parent then loads the file as it would
have without it, from the cache or by checking it itself, and says what is
wrong with it. It is forked only on Linux, before the parent has started any
thread, and only for a file the cache does not hold.
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
"""Each file being checked ahead: the child's process id and the end of a pipe that closes when it exits."""


def begin(path: Path, then: Callable[[Loaded], object] | None = None) -> bool:
    """Check the file in a child process, if that can gain time, and do `then` with the checked scenario
    there (something else the start keeps); whether a child was started."""
    if not _worth_it() or path in _children or cache.holds(path):
        return False
    exited, holding = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: check, keep, and go without a word
        os.close(exited)
        _check_and_exit(path, then)
    os.close(holding)
    _children[path] = (pid, exited)
    return True


def _worth_it() -> bool:
    """Fork only where it is safe (Linux, no other thread yet), where something is kept, and where there is a
    core for the child."""
    if sys.platform != "linux" or threading.active_count() != 1 or kept.folder(cache.KIND) is None:
        return False
    return len(os.sched_getaffinity(0)) > 1


def _check_and_exit(path: Path, then: Callable[[Loaded], object] | None) -> None:
    try:
        quiet = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(quiet, stream)
        loaded = cache.load(path)
        if then is not None:
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
    pid, exited = child
    try:
        ended, _, _ = select.select([exited], [], [], PATIENCE)
        if not ended:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:  # reaped already, or never to be: the parent checks the file itself
        pass
    finally:
        os.close(exited)
