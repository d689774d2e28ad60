"""Markdown laid out as rows (roleplay.tui.prose): what the briefing and the debrief are drawn from."""

from __future__ import annotations

import pickle

from rich.cells import cell_len
from rich.style import Style

from roleplay.tui import prose
from roleplay.tui.prose import layout, parse

LOOKS = {"h1": Style(bold=True), "h2": Style(underline=True), "rule": Style(dim=True), "th": Style(italic=True)}


def look(name: str) -> Style:
    return LOOKS.get(name, Style.null())


def rows(source: str, width: int) -> list[str]:
    return ["".join(segment.text for segment in row).rstrip() for row in layout(parse(source), width, look)]


def styles_of(source: str, width: int, word: str) -> list[Style]:
    return [segment.style for row in layout(parse(source), width, look) for segment in row
            if segment.text.strip() == word and segment.style is not None]


def test_a_heading_is_centred_in_its_style_and_set_off_by_blank_rows() -> None:
    text = rows("# Title\n\nFirst paragraph.\n\n## Part\n\nSecond.", 40)
    assert text == [" " * 17 + "Title", "", "First paragraph.", "", "", "Part", "", "Second."]
    assert styles_of("# Title", 40, "Title")[0].bold
    assert styles_of("## Part", 40, "Part")[0].underline


def test_paragraphs_wrap_at_the_width_and_keep_every_word() -> None:
    words = " ".join(f"word{n}" for n in range(40))
    text = rows(words, 30)
    assert all(cell_len(row) <= 30 for row in text) and len(text) > 5
    assert " ".join(text).split() == words.split()


def test_emphasis_is_styled_not_printed() -> None:
    text = rows("Some **strong** and *soft* words.", 60)
    assert text == ["Some strong and soft words."]
    assert styles_of("Some **strong** words.", 60, "strong")[0].bold
    assert styles_of("Some *soft* words.", 60, "soft")[0].italic


def test_a_tight_list_has_no_blank_rows_and_its_items_hang_under_their_marker() -> None:
    text = rows("Intro.\n\n- one two three four five six\n- seven\n\nAfter.", 21)
    assert text == ["Intro.", "", " • one two three four", "   five six", " • seven", "", "After."]
    numbered = rows("1. first\n2. second", 40)
    assert numbered == [" 1. first", " 2. second"]


def test_an_escaped_link_or_entity_is_shown_as_text() -> None:
    assert rows(r"See \[a link\](http://x) &lt;b&gt;", 60) == ["See [a link](http://x) <b>"]


def test_a_table_fits_the_width_in_a_box_and_wraps_its_widest_column() -> None:
    source = "| part | what it measures |\n|---|---|\n| outcome | " + "a long explanation " * 4 + "|\n| realism | short |"
    text = rows(source, 40)
    assert text[0].startswith("┌") and text[-1].startswith("└")
    assert all(cell_len(row) <= 40 for row in text)
    assert len({cell_len(row) for row in text}) == 1  # every row ends at the same border
    assert "a long explanation" in " ".join(text) and "realism" in "".join(text)
    assert sum(row.startswith("├") for row in text) == 2  # a line under the header and between the rows
    assert styles_of(source, 40, "part")[0].italic  # the header in its own style


DOCUMENT = "# A title\n\nA paragraph with *emphasis*.\n\n- one\n- two\n\n| a | b |\n| - | - |\n| 1 | 2 |\n"


def kept_entries(folder) -> list:
    return sorted((folder / prose.KIND).glob("*.pickle"))


def counting_parse(monkeypatch) -> list[str]:
    parsed: list[str] = []
    real = prose.parse

    def counted(source: str) -> list[prose.Block]:
        parsed.append(source)
        return real(source)

    monkeypatch.setattr(prose, "parse", counted)
    return parsed


def test_a_kept_document_is_parsed_once_and_read_back_the_same(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ROLEPLAY_CACHE", str(tmp_path))
    parsed = counting_parse(monkeypatch)
    first = prose.parse_kept(DOCUMENT)
    again = prose.parse_kept(DOCUMENT)
    assert parsed == [DOCUMENT] and len(kept_entries(tmp_path)) == 1
    assert first == again == parse(DOCUMENT)
    prose.parse_kept(DOCUMENT + "\nMore.\n")
    assert len(parsed) == 2 and len(kept_entries(tmp_path)) == 2


def test_a_damaged_kept_document_is_parsed_again_and_replaced(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ROLEPLAY_CACHE", str(tmp_path))
    prose.parse_kept(DOCUMENT)
    [entry] = kept_entries(tmp_path)
    for damage in (b"", b"not a pickle", pickle.dumps(("another digest", [])), pickle.dumps(["a", "list"])):
        entry.write_bytes(damage)
        parsed = counting_parse(monkeypatch)
        assert prose.parse_kept(DOCUMENT) == parse(DOCUMENT)
        assert parsed == [DOCUMENT]
        monkeypatch.undo()
        monkeypatch.setenv("ROLEPLAY_CACHE", str(tmp_path))
    assert prose.parse_kept(DOCUMENT) == parse(DOCUMENT)


def test_nothing_is_kept_when_the_cache_is_off(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ROLEPLAY_CACHE", "")
    monkeypatch.chdir(tmp_path)
    parsed = counting_parse(monkeypatch)
    prose.parse_kept(DOCUMENT)
    prose.parse_kept(DOCUMENT)
    assert len(parsed) == 2 and not list(tmp_path.rglob("*.pickle"))
