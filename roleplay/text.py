"""Untrusted text made safe for each kind of output, in one place.

Scenario files, saves and player labels come from other people. Whatever they
hold, what we print must show their text as text: never a terminal escape
sequence, never Rich markup, a Markdown link, a Mermaid node, an HTML tag or a
spreadsheet formula. Every screen and command passes such text through one of
the functions below at the point where it is written out.
"""

from __future__ import annotations

import re
from pathlib import PurePath

# C0 controls except tab and newline, DEL, the C1 controls (a lone 0x9b is a
# CSI on some terminals), lone surrogates (they cannot be encoded) and the
# bidirectional overrides that reorder what a reader sees.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Every character a terminal could act on or cannot encode, line breaks included: for one-row renderers."""
_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_MARKDOWN_BLOCK_START = re.compile(r"^(\d*)([#+\-=.)])(?=[\s#=\-]|$)")
_BRACKET = re.compile(r"(\\*)([\[\]])")
"""A bracket and the backslashes before it: they are doubled, so they cannot escape the bracket's own escape."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def clean(text: str) -> str:
    """Text for a terminal: escape sequences and control characters removed; newlines and tabs kept."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def one_line(text: str) -> str:
    """Clean text on a single line: every line break and tab becomes one space (labels, cells, names)."""
    return clean(_BREAKS.sub(" ", text)).strip()


def markup(text: str) -> str:
    """Clean text for a place that reads Textual markup: every opening bracket is escaped, so no tag is read.

    (Screens show untrusted text with `markup=False` or as `Text`; this is for
    the rare place that must mix it into markup of its own.)
    """
    return clean(text).replace("[", "\\[")


def markdown(text: str) -> str:
    """Clean text shown literally inside Markdown, on one line: no emphasis, link, HTML or table cell break."""
    return _MARKDOWN_BLOCK_START.sub(r"\1\\\2", _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text)))


def markdown_prose(text: str) -> str:
    """An author's Markdown (briefings, endings) kept as Markdown, minus control characters, raw HTML and links.

    Brackets are escaped, so no link (inline, reference or autolink) and no
    markup tag survives: a scenario may not make the reader's terminal open a
    URL or the app run an action. Emphasis, headings and lists stay.
    """
    text = clean(text).replace("\r", "")
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return _BRACKET.sub(lambda m: m.group(1) * 2 + "\\" + m.group(2), text)


def mermaid(text: str) -> str:
    """Clean text for a quoted Mermaid label: quotes and angle brackets as entities, one line."""
    replacements = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "&": "#amp;", "`": "#96;",
                    "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;", "|": "#124;", ";": "#59;"}
    return "".join(replacements.get(ch, ch) for ch in one_line(text))


def dot(text: str) -> str:
    """Clean text for a double-quoted Graphviz label."""
    return one_line(text).replace("\\", "\\\\").replace('"', '\\"')


def html(text: str) -> str:
    """Clean text for HTML element content or a quoted attribute."""
    from html import escape  # only the reports write HTML: a game's start does not import it

    return escape(clean(text), quote=True)


def csv_cell(text: str) -> str:
    """Clean text for a spreadsheet cell: a leading formula character is quoted so it stays text."""
    text = one_line(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def is_clean(text: str) -> bool:
    """Whether the text holds nothing a terminal would act on (for tests and fuzzers)."""
    return not _CONTROL.search(text) and not _SURROGATE.search(text)


def amount(value: float, unit: str) -> str:
    """A number with its unit, singular for one ("1 week", "2 weeks", "0.5 points")."""
    singular = value == 1 and unit.endswith("s") and not unit.endswith("ss")
    return f"{value:g} {unit[:-1] if singular else unit}"


def possessive(name: str) -> str:
    """"Pyongyang's", "Chandlery Estates'": the possessive a reader expects."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def mid_sentence(name: str) -> str:
    """A name as it reads inside a sentence: "An ambassador in Seoul" becomes "an ambassador in Seoul"."""
    first, _, rest = name.partition(" ")
    return f"{first.lower()} {rest}" if rest and first in ("A", "An", "The") else name


def file_in(path: PurePath) -> str:
    """A file as a sentence names it, `NAME in FOLDER`: a path has no space to wrap at, so a narrow screen would
    cut the name itself; told this way only a long folder ever is."""
    return f"{path.name} in {path.parent}"


def shortened(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with an ellipsis: a label never ends inside a word."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"
