"""A hostile string in every field of a scenario and a save comes out as text from every output.

The string (tests/attack_corpus.py) holds Rich markup that quits the app or
writes files, terminal escape sequences (window title, clipboard, clear
screen), C1 controls, bidi overrides, Markdown, HTML, Mermaid and spreadsheet
formulas. Each output is checked for what would let it act.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from roleplay import text as safe
from roleplay.cli import main
from roleplay.console import Console
from roleplay.debrief import debrief_markdown, transcript_markdown
from roleplay.engine.session import Session
from roleplay.graph import rules_mermaid
from roleplay.saves import Slot
from roleplay.scenario.loader import Loaded, load
from roleplay.simulation.simulate import play_game
from tests.attack_corpus import HOSTILE, HOSTILE_PARTS, SURROGATE, write_hostile_scenario
from tests.helpers import choices_shown

UNESCAPED_MARKUP = re.compile(r"(?<!\\)\[(@click|link=|/\])")


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch) -> Loaded:
    folder = tmp_path / "scenarios"
    monkeypatch.setenv("ROLEPLAY_SCENARIOS", str(folder))
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path / "saves"))
    monkeypatch.setenv("TEXTUAL_ANIMATION", "none")
    return load(write_hostile_scenario(folder))


def finished(loaded: Loaded) -> Session:
    return play_game(loaded.scenario, "tenant", "realistic", seed=3)


def assert_terminal_safe(text: str) -> None:
    assert safe.is_clean(text), [c for c in text if not safe.is_clean(c)][:5]
    assert "\x1b" not in text and "\x9b" not in text


def test_the_helpers_leave_nothing_that_acts() -> None:
    for name, part in HOSTILE_PARTS.items():
        for helper in (safe.clean, safe.one_line, safe.markup, safe.markdown, safe.markdown_prose, safe.mermaid,
                       safe.dot, safe.html, safe.csv_cell):
            assert safe.is_clean(helper(part + SURROGATE)), (name, helper.__name__)
    from textual.content import Content

    shown = Content.from_markup(safe.markup(HOSTILE))
    assert shown.plain == safe.clean(HOSTILE) and not shown.spans
    assert safe.csv_cell("=1+2") == "'=1+2" and safe.csv_cell("-3") == "'-3" and safe.csv_cell("a=b") == "a=b"
    assert "<" not in safe.html("<b>") and "\n" not in safe.one_line("a\r\nb\u2028c")


def test_the_debrief_export_is_clean_markdown(hostile: Loaded) -> None:
    session = finished(hostile)
    for text in (debrief_markdown(session), transcript_markdown(session)):
        assert_terminal_safe(text)
        assert not UNESCAPED_MARKUP.search(text)
        assert not re.search(r"(?<!\\)<(script|b>)", text) and not re.search(r"(?<!\\)\]\(", text)
    table = [line for line in debrief_markdown(session).splitlines() if line.startswith("|")]
    cells = {len(re.findall(r"(?<!\\)\|", line)) for line in table[:2]}
    assert all(len(re.findall(r"(?<!\\)\|", line)) in (5, 6) for line in table) and cells


def test_the_text_client_prints_clean_text(hostile: Loaded) -> None:
    answers = iter(["team accountant", "consult council", "expect rent r2200", "expect term y5", "expect fitout half",
                    "done", "open balanced", "probe rent", "walkout"])
    out = io.StringIO()
    session = Session(hostile.scenario, "tenant", 2)
    Console(session, read=lambda prompt: next(answers), out=out).run()
    printed = out.getvalue()
    assert_terminal_safe(printed)
    assert "[@click=app.quit]" in printed  # shown as the text it is
    assert session.finished()


def test_validate_names_hostile_values_cleanly(tmp_path: Path, hostile: Loaded, capsys) -> None:
    text = Path(hostile.path).read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("ideal: r1800", "ideal: " + json.dumps(HOSTILE), 1)
                   + json.dumps(HOSTILE) + ": 1\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert_terminal_safe(out)
    assert "unknown key" in out
    assert main(["validate", "--format", "json", str(bad)]) == 1
    assert json.loads(capsys.readouterr().out)["files"][0]["problems"]


def test_graph_labels_cannot_break_out(hostile: Loaded) -> None:
    drawn = rules_mermaid(hostile.scenario)
    assert_terminal_safe(drawn)
    for line in drawn.splitlines():
        assert line.count('"') in (0, 2), line
    assert "<script" not in drawn and '["pwn"]' not in drawn


@pytest.fixture
def class_folder(tmp_path: Path, hostile: Loaded) -> Path:
    folder = tmp_path / "class"
    player = f"{HOSTILE} {SURROGATE}"
    Slot(folder / "hostile.json", hostile.digest, hostile.path, player=player).record(finished(hostile))
    Slot(folder / "broken.json", "0" * 64, hostile.path, player=player).record(finished(hostile))
    (folder / "garbage.json").write_bytes(b"\x1b]0;x\x07 not json")
    return folder


@pytest.mark.parametrize("form", ["text", "markdown", "csv", "html"])
def test_the_report_is_safe_in_every_format(class_folder: Path, form: str, capsys) -> None:
    assert main(["report", str(class_folder), "--format", form]) == 0
    out = capsys.readouterr().out
    assert_terminal_safe(out.replace("\r\n", "\n") if form == "csv" else out)  # CSV rows end in CRLF
    if form == "markdown":
        assert not UNESCAPED_MARKUP.search(out) and not re.search(r"(?<!\\)<script", out)
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in out.splitlines() if line.startswith("|")}
        assert len(widths) == 1
    elif form == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert len({len(row) for row in rows}) == 1 and len(rows) == 4
        assert not any(cell.startswith(safe.FORMULA_START) for row in rows for cell in row)
    elif form == "html":
        assert "<script" not in out and "<b>" not in out
        assert "alert(1)" in html.unescape(out)
    else:
        assert "[@click=app.quit]" in out and "\n" not in out.splitlines()[1]


async def test_every_screen_shows_the_hostile_text_as_text(hostile: Loaded) -> None:
    from roleplay.tui.app import RoleplayApp
    from tests.helpers import PHASES

    for phase, moves in PHASES.items():
        class Hostile(RoleplayApp):
            moves_before = moves

            def on_mount(self) -> None:
                session = Session(hostile.scenario, "tenant", 4)
                for move in self.moves_before:
                    session.act(move)
                self.start(session, None)

        app = Hostile(seed=4)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            shown = screen_text(app)
            assert_terminal_safe(shown)
            assert "click=app.quit" in shown, phase
            if phase == "table":
                await pilot.press("g")  # the gesture picker
                await pilot.pause()
                assert_terminal_safe(screen_text(app))
                await pilot.press("escape")
            await pilot.click(offset=(10, 10))
            await pilot.pause()
            assert app.is_running, phase  # nothing in the text quit the app


async def test_the_choose_screen_lists_hostile_scenarios_and_saves(hostile: Loaded, tmp_path: Path) -> None:
    from roleplay.saves import saves_dir
    from roleplay.tui.app import RoleplayApp

    session = Session(hostile.scenario, "tenant", 4)
    Slot(saves_dir() / "hostile.json", hostile.digest, hostile.path, player=HOSTILE).record(session)
    app = RoleplayApp(seed=4)
    async with app.run_test(size=(120, 40)) as pilot:
        chooser = await choices_shown(pilot)
        await pilot.pause()
        assert len(chooser.choices) == 3  # two sides and the save
        for _ in chooser.choices:
            assert_terminal_safe(screen_text(app))
            await pilot.press("down")
        assert "click=app.quit" in screen_text(app)


def screen_text(app) -> str:
    """Everything on the screen as text, from the same strips the terminal would receive."""
    svg = app.export_screenshot()
    lines = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(lines)).replace("\xa0", " ")
