"""What every key does and what the meters mean."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

HELP = """\
# How to play

**Preparation** — move with ↑/↓. On an issue, ←/→ sets what you *expect* to get. On a team
member or an adviser, Enter picks them (it costs budget). `d` when you are ready.

**The table** — ↑/↓ choose an issue, ←/→ change your draft offer on it. PgUp/PgDn (or the
mouse wheel) read back through the transcript; your next move brings it back to the newest lines.
On a small terminal the board follows the issue you choose, and the key legend comes into view
with the last issue.

| key | move |
|---|---|
| Enter | propose your draft package (in the opening: state your opening position) |
| `f` | change your opening posture (firm, balanced, open) |
| `r` | probe the selected issue: ask what they hope for |
| `x` | apply pressure on the selected issue |
| `g` | offer a goodwill gesture |
| `c` | consult a delegation beside the table |
| `a` | accept their last offer |
| `l` | call for final offers (the last-offer round) |
| `w` | walk out |

**Meters** — *trust* (0 to 1) makes the other side concede sooner and answer probes; *tension*
is the escalation ladder: at the limit they leave the table.

**Gaps** — the bar on each issue is the distance between your offer and theirs. Their hidden
expectation shows as the range your intelligence allows.

**Everywhere** — `?` or F1 this help, Ctrl+T light/dark, Ctrl+Q quit (your game is saved after
every move).
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="close")]

    def compose(self) -> ComposeResult:
        yield Markdown(HELP)
        yield Footer()

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
