"""`roleplay serve` in a real browser: two tabs play the tutorial at once, by key presses only.

Chromium draws the terminal on a canvas, so the test reads the screen from
what the game process sends the page (the websocket frames) and the game's
progress from its save file, which is written after every move.
Screenshots of the briefing, the table and the debrief are left in the test's
temporary folder (`screens/`) for a person to look at.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from roleplay import saves, serve
from roleplay.catalogue import TUTORIAL, resolve
from roleplay.engine import actions as a
from roleplay.scenario.loader import load

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
PATIENCE = 60.0
"""Seconds to wait for something that should happen, before the test fails saying what did not."""


@pytest.mark.parametrize(("host", "local"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                              ("0.0.0.0", False), ("192.168.1.20", False), ("example.org", False)])
def test_only_loopback_addresses_count_as_local(host: str, local: bool) -> None:
    assert serve.is_local(host) is local


def test_a_reachable_host_is_refused_without_allow_remote(tmp_path: Path) -> None:
    from roleplay.cli import main

    assert main(["serve", "--host", "0.0.0.0", "--saves", str(tmp_path), TUTORIAL]) == 2
    assert not any(tmp_path.iterdir())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(what: str, check: Callable[[], Any], pause: Callable[[], None]) -> Any:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        pause()
    pytest.fail(f"waited {PATIENCE:.0f} s for {what}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, str]]:
    """`roleplay serve` on a free port; its output goes to a file, so that it can never block on a full pipe."""
    port = free_port()
    folder = tmp_path / "class"
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen([sys.executable, "-m", "roleplay.cli", "serve", "--port", str(port), "--saves",
                                    str(folder), TUTORIAL], stdout=output, stderr=subprocess.STDOUT, text=True,
                                   start_new_session=True, env=os.environ | {"PYTHONUNBUFFERED": "1"})
    try:
        banner = wait_for("the server to say where it listens",
                          lambda: "press Ctrl+C" in (text := log.read_text(encoding="utf-8")) and text,
                          lambda: time.sleep(0.05) if process.poll() is None else pytest.fail(log.read_text()))
        yield f"http://127.0.0.1:{port}/", folder, banner
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Tab:
    """One browser tab playing one game, read through what the game sends it and through its save."""

    def __init__(self, browser: Any, url: str, folder: Path, name: str, shots: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1100, "height": 720})
        self.url, self.saves, self.name, self.shots = url, folder, name, shots
        self.screen = ""
        self.page.on("websocket", self.listen)

    def listen(self, socket_: Any) -> None:
        socket_.on("framereceived", self.received)

    def received(self, payload: str | bytes) -> None:
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
        self.screen += ESCAPES.sub("", text)

    def pause(self) -> None:
        self.page.wait_for_timeout(50)

    def open(self) -> None:
        self.screen = ""
        self.page.goto(self.url)
        self.see("Type your name")
        self.page.locator("#terminal").click()

    def see(self, text: str) -> None:
        wait_for(f"'{text}' in {self.name}'s tab", lambda: text in self.screen, self.pause)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def type_name(self) -> None:
        self.screen = ""
        self.page.keyboard.type(self.name)
        self.keys("Enter")
        self.see("rounds")  # the scenarios are listed: the choice can be made

    def path(self) -> Path | None:
        for path in self.saves.glob("*.json"):
            if json.loads(path.read_text(encoding="utf-8"))["player"] == self.name:
                return path
        return None

    def save(self) -> dict[str, Any] | None:
        path = self.path()
        return json.loads(path.read_text(encoding="utf-8")) if path else None

    def moves(self) -> int:
        save = self.save()
        return len(save["actions"]) if save else 0

    def until_phase(self, *phases: str) -> dict[str, Any]:
        return wait_for(f"{self.name}'s game to reach {' or '.join(phases)}",
                        lambda: (save := self.save()) and save["summary"]["phase"] in phases and save, self.pause)

    def act(self, key: str) -> None:
        """Press a key that plays a move, and wait until the move is saved."""
        before = self.moves()
        self.screen = ""
        self.keys(key)
        wait_for(f"{self.name}'s move '{key}' to be saved", lambda: self.moves() > before, self.pause)

    def play(self, key: str, *phases: str) -> None:
        """Press a key that plays a move (or reaches one of `phases`); if the tutorial's coach warns first, go on."""
        before = self.moves()
        self.screen = ""
        self.keys(key)

        def done() -> bool:
            save = self.save()
            if not save:
                return False
            return save["summary"]["phase"] in phases if phases else len(save["actions"]) > before

        wait_for(f"{self.name}'s move '{key}'", lambda: "anyway" in self.screen or done(), self.pause)
        if "anyway" in self.screen and not done():
            self.keys("p")
            wait_for(f"{self.name}'s move '{key}' played past the coach", done, self.pause)

    def shot(self, name: str) -> None:
        self.shots.mkdir(parents=True, exist_ok=True)
        self.page.wait_for_timeout(300)  # the picture only: let the last frame reach the canvas
        self.page.screenshot(path=str(self.shots / f"{self.name.split()[0].lower()}-{name}.png"))


def next_key(path: Path) -> str:
    """Accept their offer when the rules allow it, else propose the package on the table: as in the Pilot test."""
    save = saves.read(path)
    loaded = load(resolve(TUTORIAL))
    session = saves.replay(save, loaded.scenario, loaded.digest, path)
    return "a" if session.can(a.Accept()) else "Enter"


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium); .ci/run installs it")
def test_two_browser_tabs_play_the_tutorial_at_once_and_are_saved_under_their_names(
        server: tuple[str, Path, str], tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is part of the test extra")
    url, folder, banner = server
    assert "127.0.0.1" in banner and "this machine only" in banner and "no login" in banner
    by_name = url.replace("127.0.0.1", "localhost")
    with urllib.request.urlopen(by_name, timeout=PATIENCE) as page:
        assert f'data-session-websocket-url="ws://{by_name.split("//")[1]}ws"' in page.read().decode("utf-8")
    shots = tmp_path / "screens"
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-default-apps", "--disable-sync"])
        try:
            ada, ben = Tab(browser, url, folder, "Ada Lovelace", shots), Tab(browser, url, folder, "Ben Ngô", shots)
            for tab in (ada, ben):
                tab.open()
                tab.type_name()
            ada.keys("Enter")  # the first side offered: the café
            ben.page.wait_for_timeout(500)  # the list has the focus before the arrow moves its highlight
            ben.keys("ArrowDown")
            ben.page.wait_for_timeout(300)
            ben.keys("Enter")  # the second: the landlord
            for tab in (ada, ben):
                tab.see("Start preparing")
            ada.shot("briefing")
            for tab in (ada, ben):
                tab.act("Enter")
                tab.see("Limit")  # the preparation screen is up
            ada.keys("ArrowDown", "ArrowDown", "ArrowDown")
            ada.act("Enter")  # the accountant joins the team
            for tab in (ada, ben):
                tab.play("d", "opening")
            for tab in (ada, ben):
                tab.until_phase("opening")
                tab.see("Propose")  # the table is up
                tab.act("Enter")  # state the opening position
            prepared = ada.save()
            assert prepared is not None
            assert {"kind": "pick_member", "member": "accountant"} in prepared["actions"]
            ada.shot("table")

            ben.open()  # Ben reloads the page mid-game: his own game is offered first
            ben.type_name()
            ben.see("Resume")
            ben.shot("resume")
            ben.keys("Enter")
            ben.see("Propose")

            games = {tab.name: tab for tab in (ada, ben)}
            while games:
                for name, tab in list(games.items()):
                    save = tab.until_phase("bargaining", "closing", "concluded", "debrief")
                    if save["summary"]["phase"] in ("concluded", "debrief"):
                        del games[name]
                    else:
                        path = tab.path()
                        assert path is not None  # the save until_phase has just read
                        tab.play(next_key(path))
            for tab in (ada, ben):
                tab.until_phase("debrief")
            ada.see("Score")
            ada.shot("debrief")
            ben.shot("debrief")
        finally:
            browser.close()
    found = {data["player"]: (path, data) for path in folder.glob("*.json")
             for data in [json.loads(path.read_text(encoding="utf-8"))]}
    assert set(found) == {"Ada Lovelace", "Ben Ngô"}
    assert found["Ada Lovelace"][0].name.startswith(f"Ada-Lovelace-{TUTORIAL}-tenant-")
    assert found["Ben Ngô"][0].name.startswith(f"Ben-Ngo-{TUTORIAL}-landlord-")
    for _path, data in found.values():
        assert data["summary"]["phase"] == "debrief" and data["summary"]["score"] is not None
    assert list((folder / "scenarios").glob(f"{TUTORIAL}-*.yaml"))
