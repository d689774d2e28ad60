"""What every key does and what the meters and markers mean.

The footer of a narrow terminal cannot show every key; this screen lists
them all, so a key is always either in the footer or here. It scrolls by
keyboard as well as by mouse, since at 80x24 most of it is below the fold.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from roleplay.engine.posture import Posture, posture_effect
from roleplay.tui.footer import KeysFooter

HELP = """\
# How to play

↑/↓, PgUp/PgDn, Home/End or the mouse wheel scroll this help. Esc, `q` or `?` closes it.

## Every screen

| key | what it does |
|---|---|
| `?` or F1 | this help |
| Ctrl+P | the command palette: save, resume, help, quit, and export once the game has ended |
| Ctrl+T | switch light and dark |
| Ctrl+Q | quit (your game is saved after every move) |

## Choosing a game

↑/↓ choose a scenario and the side you play (or a saved game); Enter plays it.

## Briefing

PgDn or space reads on, PgUp goes back, ↑/↓ and Home/End scroll. Enter starts preparing.

## Preparation

Move with ↑/↓. On an issue, ←/→ sets what you *expect* to get, and `[`/`]` move *your limit*:
the worst option you would still accept on it (anything worse for you, you walk away from),
within your instructions. On a team member or a delegation to consult, Enter (or space) picks
them; it costs budget. A team member may make a gesture possible. What a delegation counsels
shows under the list (in a window when it runs longer); Enter on it again reads it again.
`d` when you are ready.

## The table

Every move below costs a round: a proposal, a probe, pressure, a gesture, a consultation. When
the rounds run out, the last-offer round begins.

↑/↓ choose an issue, ←/→ change your draft offer on it. PgUp/PgDn read back through the
transcript; your next move brings it back to the newest lines. On a small terminal the board
follows the issue you choose, and the legend comes into view with the last issue.

| key | move |
|---|---|
| Enter | propose your draft package (in the opening: state your opening position) |
| `f` | in the opening: change your posture ({postures}) |
| `r` | probe the selected issue: ask what they hope for |
| `x` | apply pressure on the selected issue |
| `g` | offer a goodwill gesture (some come only with a team member) |
| `c` | consult a delegation beside the table |
| `a` | accept their last offer (not if it is beyond your walk-away) |
| `l` | call for final offers (the last-offer round) |
| `w` | walk out (you are asked first) |
| `h` | the coach's level: off, hints (a warning before a clear mistake) or tutor (also a note each round) |
| `y` | why the coach said what it said (the same key in its warning window) |
| `p` / `n` | in the coach's warning window: play the move anyway / think again (the move is not played) |
| `u` | rewind: play on from an earlier round as a new game (a fork; this game is kept) |

Keys the phase does not allow are not shown. A key shown that cannot be used right now (accepting an
offer beyond your walk-away, say) tells you why when you press it.

**The board** — on each issue one cell per option, in the order of the briefing: `Y` your draft, `T` their offer,
`*` both on the same option, `?` where their hidden expectation may lie (`Y?`, `T?`: an offer on one of those
options); your expectation is underlined.

**Gap bars** — the bar is the distance between your draft and their last offer on that issue
(full: as far apart as the options go); it follows your draft as you edit it. After it, `↓` means
the gap is smaller than at the first offers, `↑` larger, `=` the same. "✓ same offer" takes the
bar's place when your draft and their offer are the same option.

**Meters** — *trust* (0 to 1) makes the other side concede sooner and answer probes; *tension*
is the escalation ladder: once it reaches the limit written after it (`0.40/0.80` is tension
0.40 of a limit of 0.80; each scenario sets its own), they leave the table.

**Who they are** — where the other side can be of several kinds (a hard-liner or a pragmatist,
say), the line under the meters names the likeliest by what your intelligence tells, with a `?`
and its odds while it could still be another. They answer your concessions and gestures with their own;
probes, consultations at the table, pressure and the same offer again wear their patience.

**The transcript** — each line starts with its round in brackets and who speaks: *You*, a
delegation, or *Narrator* for events that happen around the table.

## Debrief

↑/↓, PgUp/PgDn and Home/End scroll it; `e` writes it and the transcript to a Markdown file;
`m` goes back to the menu to play again; `u` rewinds to an earlier round and plays on from there as
a fork (this game is kept as it is); `v`, in a fork, compares it with the game it came from.

**Your offers** are classed by how each changed from your previous one: a *concession* gave up
value to meet them, *selfish* took value from them, *nice* gave them value at no cost to you,
*fortunate* was better for both, *unfortunate* worse for them and no better for you, and
*silent* changed nothing for either side.

**Efficiency** is the share of the joint gain over both sides' no-deal outcomes (BATNAs) that
your deal captured: 1 means no package would have been better for both of you.
The **Nash bargaining point** is the package that maximises the product of both sides' gains
over their BATNAs: a fair, efficient reference, shown beside the score for comparison.
""".replace("{postures}", "; ".join(f"{p}: {posture_effect(p)}" for p in Posture))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close", id="close"),
                Binding("space", "page", "Read on", show=False, id="help-read-on")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP, id="help-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_page(self) -> None:
        self.query_one("#help", VerticalScroll).scroll_page_down(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
