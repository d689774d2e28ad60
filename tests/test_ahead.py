"""A scenario checked ahead, in a child process, while the app starts (roleplay.scenario.ahead).

Each case runs in a fresh interpreter: the head start forks, and only from a
process with no other thread (a test runner may have some).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

FLAGSHIP = ROOT / "scenarios" / "us-dprk-summit-2018.yaml"

pytestmark = pytest.mark.skipif(sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
                                reason="the head start forks on Linux with a second core only")


def run(script: str, cache: Path | str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "ROLEPLAY_CACHE": str(cache), **env}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True,
                          env=environment, cwd=ROOT, timeout=60)


def test_the_child_keeps_the_checked_scenario_and_the_briefing_for_the_game_that_opens(tmp_path: Path) -> None:
    done = run(f"""
        import sys
        from pathlib import Path
        from roleplay.scenario import ahead, cache
        from roleplay.tui import head_start
        path = Path({str(FLAGSHIP)!r})
        head_start.begin(str(path), "us", None)
        assert path in ahead._children, "no child was started"
        from roleplay import games
        loaded = games.open_scenario(str(path))  # waits for the child, then reads what it kept
        assert loaded.scenario.id == "us-dprk-summit-2018"
        assert "roleplay.scenario.loader" not in sys.modules, "the parent checked the file itself"
        assert "yaml" not in sys.modules and "pydantic" not in sys.modules
        print("ok")
    """, tmp_path)
    assert done.stdout == "ok\n", done.stderr
    assert done.stderr == ""
    assert len(list((tmp_path / "scenarios").glob("*.pickle"))) == 1
    for _ in range(200):  # the briefing as the screen will ask for it, parsed by a process nobody waits for
        if list((tmp_path / "prose").glob("*.pickle")):
            break
        time.sleep(0.05)
    assert len(list((tmp_path / "prose").glob("*.pickle"))) == 1


def test_a_broken_file_is_reported_by_the_parent_as_without_a_head_start(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(FLAGSHIP.read_text(encoding="utf-8").replace("rounds: ", "rounds: many #", 1), encoding="utf-8")
    done = run(f"""
        from roleplay.tui import head_start
        from roleplay.scenario import ahead
        from roleplay import games
        from roleplay.scenario.problems import ScenarioError
        head_start.begin({str(broken)!r}, None, None)
        assert ahead._children, "no child was started"
        try:
            games.open_scenario({str(broken)!r})
        except ScenarioError as exc:
            print(str(exc).splitlines()[0])
    """, tmp_path / "cache")
    assert "broken.yaml:" in done.stdout and "rounds" in done.stdout, done.stderr
    assert not list((tmp_path / "cache" / "scenarios").glob("*.pickle"))


def test_a_child_that_takes_too_long_is_stopped_and_the_parent_checks_the_file(tmp_path: Path) -> None:
    done = run(f"""
        import time
        from pathlib import Path
        from roleplay.scenario import ahead, cache
        ahead.PATIENCE = 0.5
        load, cache.load = cache.load, lambda path: time.sleep(60)  # in the child only: forked with it
        path = Path({str(FLAGSHIP)!r})
        assert ahead.begin(path)
        cache.load = load
        started = time.monotonic()
        ahead.finish(path)
        assert time.monotonic() - started < 5
        print(cache.load(path).scenario.id)
    """, tmp_path)
    assert done.stdout == "us-dprk-summit-2018\n", done.stderr


def test_the_game_does_not_wait_for_what_else_the_child_was_given_and_no_child_is_left(tmp_path: Path) -> None:
    done = run(f"""
        import os, time
        from pathlib import Path
        from roleplay.scenario import ahead, cache
        path = Path({str(FLAGSHIP)!r})
        started = time.monotonic()
        assert ahead.begin(path, then=lambda loaded: time.sleep(60))
        ahead.finish(path)
        assert time.monotonic() - started < 30
        assert cache.holds(path)
        try:
            os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            print("no child of ours left")
    """, tmp_path)
    assert done.stdout == "no child of ours left\n", done.stderr


def test_no_child_where_the_cache_cannot_be_written(tmp_path: Path) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("", encoding="utf-8")
    done = run(f"""
        from pathlib import Path
        from roleplay.scenario import ahead
        print(ahead.begin(Path({str(FLAGSHIP)!r})))
    """, blocked)
    assert done.stdout == "False\n", done.stderr


def test_no_child_for_a_file_kept_already_or_where_nothing_is_kept(tmp_path: Path) -> None:
    script = f"""
        from pathlib import Path
        from roleplay.scenario import ahead, cache
        path = Path({str(FLAGSHIP)!r})
        if cache.kept.folder(cache.KIND) is not None:
            cache.load(path)
        print(ahead.begin(path))
    """
    assert run(script, tmp_path).stdout == "False\n"
    assert run(script, "").stdout == "False\n"


def test_the_child_says_nothing_on_the_terminal(tmp_path: Path) -> None:
    done = run(f"""
        import sys
        from pathlib import Path
        from roleplay.scenario import ahead
        path = Path({str(FLAGSHIP)!r})
        def noisy(loaded):
            print("from the child"); print("and its errors", file=sys.stderr)
            raise RuntimeError("never seen")
        assert ahead.begin(path, then=noisy)
        ahead.finish(path)
    """, tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
