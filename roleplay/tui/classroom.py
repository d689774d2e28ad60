"""The game one browser tab plays under `roleplay serve`: one process per tab.

`roleplay serve` starts `python -m roleplay.tui.classroom SCENARIO...` for
every tab that connects, with the instructor's saves folder in ROLEPLAY_SAVES.
The tab asks the student's name first, offers only the scenarios given, saves
under a name made from the student's, and lists the student's own unfinished
games so that a reloaded tab can resume.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.screen import Screen

from roleplay.tui.app import RoleplayApp


class ClassroomApp(RoleplayApp):
    def __init__(self, scenarios: list[Path] | None = None) -> None:
        super().__init__()
        self.scenarios = scenarios
        self.player = ""

    def first_screen(self) -> Screen[None]:
        from roleplay.tui.screens.name import NameScreen

        return NameScreen(self.scenarios)

    def action_choose(self) -> None:
        from roleplay.tui.screens.choose import ChooseScreen

        if self.player:
            self.push_screen(ChooseScreen(self.scenarios, player=self.player))


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p) for p in (sys.argv[1:] if argv is None else argv)]
    ClassroomApp(paths or None).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
