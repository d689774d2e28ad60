"""`roleplay serve`: the game in a browser tab, one process per tab, for a classroom.

textual-serve runs a web server whose page is a terminal; every tab that
connects starts its own `roleplay.tui.classroom` process. There is no login:
anyone who can reach the address can play, so the server listens on this
machine only unless the instructor names another address and says so twice
(`--host` and `--allow-remote`).
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_local(host: str) -> bool:
    """True for an address only this machine can reach (loopback)."""
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def tab_command(scenarios: list[Path]) -> str:
    """The shell command every tab runs: this Python, the classroom app, the class's scenario files."""
    return shlex.join([sys.executable, "-m", "roleplay.tui.classroom", *(str(p.resolve()) for p in scenarios)])


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def banner(host: str, port: int, saves: Path, scenarios: list[str]) -> str:
    where = "this machine only" if is_local(host) else f"every machine that can reach {host}"
    return "\n".join([
        f"roleplay for the classroom: http://{url_host(host)}:{port}/  (each browser tab plays its own game)",
        f"listening on {host}:{port}, reachable from {where}",
        "there is no login: anyone who can open the address can play and resume a game by typing a name",
        f"scenarios: {', '.join(scenarios)}",
        f"saves: {saves}   (grade them with: roleplay report {shlex.quote(str(saves))})",
        "press Ctrl+C to stop",
    ])


def serve(host: str, port: int, saves: Path, scenarios: list[Path]) -> None:
    """Run the web server until Ctrl+C; the caller has checked the host and the scenarios."""
    from textual_serve.server import Server

    class ClassroomServer(Server):
        async def on_startup(self, app: object) -> None:
            print(banner(host, port, saves, [p.stem for p in scenarios]), flush=True)

        async def handle_index(self, request: Any) -> Any:
            """Point the page's scripts and websocket at the address the browser used, not the one listened on.

            Listening on 0.0.0.0, the page would otherwise tell every browser to connect to 0.0.0.0.
            """
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

    ClassroomServer(tab_command(scenarios), host=host, port=port, title="roleplay").serve()
