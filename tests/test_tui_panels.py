"""The table's panels: word wrap, rows repainted only when they change, windows that keep what matters in view."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region

from roleplay.tui.line_panel import LinePanel
from roleplay.tui.spans import Line, wrap
from roleplay.tui.transcript_log import TranscriptLog


def texts(line, width: int) -> list[str]:
    return ["".join(segment.text for segment in row) for row in wrap(line, width)]


def test_wrap_breaks_at_spaces_and_drops_them() -> None:
    line = [("[3] Kim: ", "bold magenta"), ("We came here in good faith", "")]
    assert texts(line, 12) == ["[3] Kim: We", "came here in", "good faith"]


def test_wrap_keeps_a_line_that_fits_and_its_leading_indent() -> None:
    assert texts([("  Rent", "bold"), ("   gap ██░", "dim")], 40) == ["  Rent   gap ██░"]
    assert texts([("  Lease length   gap", "")], 14)[0] == "  Lease length"


def test_wrap_hangs_the_rows_after_an_indented_first_row_at_its_indent() -> None:
    line = [("    you: the test freeze", "cyan"), (" · them: complete disarmament", "magenta")]
    assert texts(line, 24) == ["    you: the test freeze", "    · them: complete", "    disarmament"]
    assert texts([("no indent here at all", "")], 10) == ["no indent", "here at", "all"]


def test_wrap_splits_only_words_wider_than_a_row() -> None:
    assert texts([("ab " + "x" * 9, "")], 4) == ["ab", "xxxx", "xxxx", "x"]


def test_wrap_keeps_each_span_in_its_own_style() -> None:
    (row,) = wrap([("You: ", "bold cyan"), ("fine", "")], 20)
    assert [(segment.text, str(segment.style)) for segment in row] == [("You: ", "bold cyan"), ("fine", "none")]


def test_wrap_shows_control_characters_as_spaces() -> None:
    assert texts([("a\x1b[2Jb", "")], 20) == ["a [2Jb"]


class Panels(App[None]):
    CSS = "#fixed { height: 3; } #transcript { height: 6; }"

    def compose(self) -> ComposeResult:
        yield LinePanel(id="fixed")
        yield TranscriptLog(id="transcript")


def shown(widget: LinePanel | TranscriptLog) -> list[str]:
    """The rows of the panel's content area as it would draw them now."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.content_size.height)]


def one(text: str) -> tuple[tuple[str, str], ...]:
    return ((text, ""),)


async def twenty_said(app: Panels, pilot: Any) -> TranscriptLog:
    """The panels' transcript once twenty statements ("said 0" to "said 19") have been added and drawn."""
    transcript = app.query_one("#transcript", TranscriptLog)
    transcript.add([one(f"said {n}") for n in range(20)])
    await pilot.pause()
    return transcript


async def test_a_panel_repaints_only_the_rows_that_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    app = Panels()
    async with app.run_test(size=(40, 12)) as pilot:
        panel = app.query_one("#fixed", LinePanel)
        panel.show([one("alpha"), one("beta"), one("gamma")])
        await pilot.pause()
        dirty: list[Region] = []
        original = panel.refresh

        def noted(*regions: Region, **kwargs: Any) -> LinePanel:
            dirty.extend(regions)
            return original(*regions, **kwargs)

        monkeypatch.setattr(panel, "refresh", noted)
        panel.show([one("alpha"), one("BETA"), one("gamma")])
        assert dirty == [Region(0, 1, panel.content_size.width, 1)]
        await pilot.pause()
        assert shown(panel) == ["alpha", "BETA", "gamma"]


async def test_a_fixed_panel_keeps_the_named_lines_in_view_without_a_layout() -> None:
    app = Panels()
    async with app.run_test(size=(40, 12)) as pilot:
        panel = app.query_one("#fixed", LinePanel)
        lines = [one(f"line {n}") for n in range(10)]
        panel.show(lines, keep=(0, 1))
        await pilot.pause()
        assert shown(panel) == ["line 0", "line 1", "line 2"]
        panel.show(lines, keep=(7, 8))
        assert not panel._layout_required
        await pilot.pause()
        assert shown(panel) == ["line 5", "line 6", "line 7"]
        panel.show(lines, keep=(6, 7))  # already in view: the window stays put
        await pilot.pause()
        assert shown(panel) == ["line 5", "line 6", "line 7"]


async def test_the_transcript_follows_the_talks_and_says_what_is_hidden() -> None:
    app = Panels()
    async with app.run_test(size=(40, 12)) as pilot:
        transcript = await twenty_said(app, pilot)
        assert shown(transcript) == ["↑ 15 earlier lines · PgUp", "said 15", "said 16", "said 17", "said 18", "said 19"]


async def test_the_player_pages_back_and_the_next_statements_bring_the_newest_into_view() -> None:
    app = Panels()
    async with app.run_test(size=(40, 12)) as pilot:
        transcript = await twenty_said(app, pilot)
        transcript.page(-1)
        await pilot.pause()
        assert shown(transcript)[-1] == "↓ 4 newer lines · PgDn"  # 12 to 15 shown: one row of context
        transcript.page(-10)
        await pilot.pause()
        assert shown(transcript)[0] == "said 0"
        transcript.page(1)
        await pilot.pause()
        assert shown(transcript)[0] == "↑ 4 earlier lines · PgUp"
        transcript.add([one("said 20"), one("said 21")])  # the answer to a move
        await pilot.pause()
        assert shown(transcript)[-2:] == ["said 20", "said 21"]


async def test_the_transcript_rewraps_when_its_width_changes() -> None:
    app = Panels()
    async with app.run_test(size=(40, 12)) as pilot:
        transcript = app.query_one("#transcript", TranscriptLog)
        transcript.add([one("one two three four five six seven")])
        await pilot.pause()
        assert shown(transcript)[0] == "one two three four five six seven"
        await pilot.resize_terminal(20, 12)
        await pilot.pause()
        assert shown(transcript)[:3] == ["one two three", "four five six", "seven"]  # 20 less the rule and margins


async def test_at_80x24_the_board_keeps_the_selected_issue_and_at_the_end_the_legend_in_view(tmp_path, monkeypatch) -> None:
    from roleplay.tui.app import RoleplayApp

    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path))
    app = RoleplayApp("us-dprk-summit-2018", "us", 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter", "d", "enter")  # at the table, past the opening
        await pilot.pause()
        board = app.screen.query_one("#board", LinePanel)
        assert board.row_count > board.content_size.height  # the flagship's board is taller than its panel
        issues = app.game.scenario.issues
        for n, issue in enumerate(issues):
            assert any(row.startswith(f"▶ {issue.label}") for row in shown(board)), issue.label
            if n < len(issues) - 1:
                await pilot.press("down")
        assert any(row.startswith("Y your draft") for row in shown(board))
        assert not app.screen._layout_required


async def test_the_transcript_rows_go_through_the_apps_line_filters() -> None:
    from rich.color import ColorType

    app = Panels()
    async with app.run_test(size=(40, 12)) as pilot:
        transcript = app.query_one("#transcript", TranscriptLog)
        transcript.add([(("[1] You: ", "bold cyan"), ("hello", ""))])
        await pilot.pause()
        assert app.get_line_filters()  # the theme's colours replace the terminal's named ones
        (row,) = transcript.render_lines(Region(0, 0, transcript.size.width, 1))
        colours = [segment.style.color for segment in row if segment.style and segment.style.color]
        assert colours and all(colour.type is ColorType.TRUECOLOR for colour in colours)
        assert row.text.startswith("│ [1] You: hello")


class Bordered(App[None]):
    CSS = "#transcript { height: 6; width: 24; border: round red; padding: 0; }"

    def compose(self) -> ComposeResult:
        yield TranscriptLog(id="transcript")


async def test_a_border_set_in_tcss_is_drawn_and_the_text_wraps_inside_it() -> None:
    app = Bordered()
    async with app.run_test(size=(40, 12)) as pilot:
        transcript = app.query_one("#transcript", TranscriptLog)
        transcript.add([one("one two three four five six seven eight nine")])
        await pilot.pause()
        assert transcript.content_size == (22, 4)  # the border takes a cell on each side
        rows = [strip.text for strip in transcript.render_lines(Region(0, 0, 24, 6))]
        assert rows[0].startswith("╭") and rows[-1].startswith("╰")
        assert rows[1:4] == ["│one two three four    │", "│five six seven eight  │", "│nine                  │"]


async def test_the_wheel_scrolls_the_transcript_and_a_new_statement_brings_the_newest_back() -> None:
    from textual import events

    app = Panels()
    async with app.run_test(size=(40, 12)) as pilot:
        transcript = await twenty_said(app, pilot)
        for _ in range(20):
            transcript.post_message(events.MouseScrollUp(transcript, 1, 1, 0, -1, 0, False, False, False))
            await pilot.pause()
        assert shown(transcript)[0] == "said 0"
        transcript.add([one("said 20")])
        await pilot.pause()
        assert shown(transcript)[-1] == "said 20"


class Composer(App[None]):
    def compose(self) -> ComposeResult:
        yield LinePanel(id="composer")  # its height follows its lines


async def test_a_panel_rewraps_its_rows_when_the_terminal_widens() -> None:
    app = Composer()
    async with app.run_test(size=(30, 12)) as pilot:
        panel = app.query_one("#composer", LinePanel)
        panel.show([one("alpha beta gamma delta epsilon zeta"), one("eta")])
        await pilot.pause()
        assert shown(panel) == ["alpha beta gamma delta epsilon", "zeta", "eta"]
        await pilot.resize_terminal(60, 12)
        await pilot.pause()
        on_screen = [strip.text.rstrip() for strip in panel.render_lines(panel.size.region)]  # as last painted
        assert on_screen[:2] == ["alpha beta gamma delta epsilon zeta", "eta"]


class Counted(Sequence[Line]):
    """A thousand lines, built when read, that remember which were read."""

    def __init__(self) -> None:
        self.read: set[int] = set()

    def __len__(self) -> int:
        return 1000

    @overload
    def __getitem__(self, n: int) -> Line: ...

    @overload
    def __getitem__(self, n: slice) -> Sequence[Line]: ...

    def __getitem__(self, n: int | slice) -> Line | Sequence[Line]:
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        if not 0 <= n < len(self):
            raise IndexError(n)
        self.read.add(n)
        return one(f"line {n}")


async def test_a_fixed_panel_reads_only_the_lines_around_its_window() -> None:
    app = Panels()
    async with app.run_test(size=(40, 12)) as pilot:
        panel = app.query_one("#fixed", LinePanel)
        lines = Counted()
        panel.show(lines, keep=(500, 501))
        await pilot.pause()
        assert shown(panel) == ["line 498", "line 499", "line 500"]
        assert lines.read <= set(range(497, 501))  # the window, and the line that showed it was full
        lines = Counted()
        panel.show(lines, keep=(999, 1000))  # from the middle to the end
        await pilot.pause()
        assert shown(panel) == ["line 997", "line 998", "line 999"]
        assert lines.read <= set(range(996, 1000))


async def test_a_resize_keeps_the_statement_read_back_in_view() -> None:
    app = Panels()
    async with app.run_test(size=(40, 12)) as pilot:
        transcript = app.query_one("#transcript", TranscriptLog)
        transcript.add([one(f"statement {n} word word word word") for n in range(12)])  # a row each at 40
        await pilot.pause()
        transcript.page(-1)
        await pilot.pause()
        reading = shown(transcript)[1]  # under the note on the rows above
        assert reading.startswith("statement ")
        await pilot.resize_terminal(30, 12)
        await pilot.pause()
        assert shown(transcript)[1].startswith(reading.split(" word")[0] + " ")  # now on two rows


class BoardAndComposer(App[None]):
    CSS = "#board { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield LinePanel(id="board")
        yield LinePanel(id="composer")


async def test_a_panel_squeezed_by_its_neighbour_keeps_the_named_lines_on_screen() -> None:
    app = BoardAndComposer()
    async with app.run_test(size=(40, 8)) as pilot:
        board, composer = app.query_one("#board", LinePanel), app.query_one("#composer", LinePanel)
        composer.show([one("draft")])
        board.show([one(f"line {n}") for n in range(10)], keep=(9, 10))
        await pilot.pause()
        composer.show([one("draft"), one("a warning"), one("on two lines")])  # the board loses two rows
        await pilot.pause()
        await pilot.pause()
        painted = [strip.text.rstrip() for strip in board.render_lines(board.size.region)]
        assert len(painted) == 5 and painted[-1] == "line 9"


async def test_a_window_onto_grouped_lines_starts_only_where_a_group_starts() -> None:
    app = Panels()
    async with app.run_test(size=(40, 12)) as pilot:
        panel = app.query_one("#fixed", LinePanel)  # three rows high
        lines = [one(f"{'name' if n % 2 == 0 else 'cells'} {n // 2}") for n in range(6)]
        panel.show(lines, keep=(4, 6))  # the last group and one row more than it needs: any line could start
        await pilot.pause()
        assert shown(panel) == ["cells 1", "name 2", "cells 2"]
        panel.show(lines, keep=(4, 6), starts=lambda n: n % 2 == 0)
        await pilot.pause()
        assert shown(panel)[0] == "name 2"
        panel.show(lines, keep=(0, 2), starts=lambda n: n % 2 == 0)  # back to the top: whole groups come back
        await pilot.pause()
        assert shown(panel) == ["name 0", "cells 0", "name 1"]
