"""Fuzz targets and inputs: the loader, saves, special files, names, the report, escaping, outputs, the command line.

The property of the readers: whatever the input, the outcome is a valid
object or our own error with a message, never another exception, a hang or a
memory blow-up (`bounded` stops a case after a time and fails it past a
memory growth). The property of the outputs: nothing that acts on a terminal,
Rich markup, Markdown, HTML or a spreadsheet survives.
"""

from __future__ import annotations

import html
import json
import os
import re
import resource
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from roleplay import saves
from roleplay import text as safe
from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.scenario.loader import check_text
from roleplay.scenario.models import Scenario
from tests.conftest import TUTORIAL

TUTORIAL_TEXT = TUTORIAL.read_text(encoding="utf-8")


def _valid_save_json() -> str:
    from roleplay.scenario.loader import load

    scenario = load(TUTORIAL).scenario
    session = Session(scenario, "tenant", seed=1)
    session.act(a.BeginPreparation())
    session.act(a.PickMember(member="accountant"))
    return saves.snapshot(session, "0" * 64).model_dump_json()


VALID_SAVE = _valid_save_json()


@st.composite
def mutated(draw: st.DrawFn, original: str) -> str:
    """The original text with a few slices deleted, duplicated or replaced."""
    text = original
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = min(len(text), start + draw(st.integers(0, 40)))
        action = draw(st.sampled_from(["delete", "duplicate", "replace"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        else:
            text = text[:start] + draw(st.text(max_size=20)) + text[end:]
    return text


plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)

TAGS = ["!!bool", "!!int", "!!float", "!!null", "!!timestamp", "!!binary", "!!str", "!!map", "!!seq", "!!merge",
        "!!set", "!!omap", "!!python/object:os.system", "!custom", "!<tag:yaml.org,2002:int>"]
scalars = st.one_of(st.sampled_from(["", "''", "maybe", "yes", "0x", "1e9999", "2020-13-45", "~", "[1]", "{a: 1}",
                                     "%%%", "9" * 5000, "-", ".nan", "0o9"]), st.text(max_size=12))


@st.composite
def tagged(draw: st.DrawFn) -> str:
    """Explicit tags on values, keys and collections, some of which cannot be constructed."""
    lines = [f"k{n}: {draw(st.sampled_from(TAGS))} {draw(scalars)}" for n in range(draw(st.integers(1, 6)))]
    if draw(st.booleans()):
        lines.append(f"{draw(st.sampled_from(TAGS))} key: 1")
    return "\n".join(lines)


@st.composite
def anchors_and_merges(draw: st.DrawFn) -> str:
    """Anchors, aliases and merge keys, nested and repeated, pointing at mappings, lists and scalars."""
    lines = ["a0: &a0 {x: 1, y: [1, 2]}"]
    for n in range(1, draw(st.integers(1, 12))):
        target = f"*a{draw(st.integers(0, n - 1))}"
        form = draw(st.sampled_from([f"&a{n} [{target}, {target}]", f"&a{n} {{<<: {target}, z: 1}}",
                                     f"&a{n} {{<<: [{target}, {target}]}}", f"&a{n} {target}", f"&a{n} scalar"]))
        lines.append(f"a{n}: {form}")
    return "\n".join(lines)


many_keys = st.integers(100, 3000).map(lambda n: "\n".join(f"k{i}: {i}" for i in range(n)))
many_errors = st.integers(50, 600).map(lambda n: TUTORIAL_TEXT + "\n".join(f"bad{i}: !!int x{i}" for i in range(n)))
controls = st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=60).map(lambda t: f"title: \"{t}\"\nx: {t}")

yaml_inputs = st.one_of(
    st.text(max_size=400),
    mutated(TUTORIAL_TEXT),
    tagged(),
    anchors_and_merges(),
    many_keys,
    many_errors,
    controls,
    plain.map(lambda data: yaml.safe_dump(data)),
    plain.map(lambda data: yaml.safe_dump({"format_version": 1, "id": "x", "title": "t", "issues": data,
                                            "delegations": data, "endings": data})),
)

save_inputs = st.one_of(
    st.binary(max_size=300),
    mutated(VALID_SAVE).map(lambda text: text.encode("utf-8", errors="surrogatepass")),
    plain.map(lambda data: json.dumps({"app": "roleplay", "format_version": 1, "actions": data, "summary": data,
                                       "seed": data}).encode()),
    plain.map(lambda data: json.dumps(data).encode()),
    st.integers(300, 6000).map(lambda n: VALID_SAVE.replace('"seed":1', '"seed":' + "9" * n, 1).encode()),
    st.text(max_size=20).map(lambda t: VALID_SAVE.replace('"player":""', '"player":"\\ud800' + json.dumps(t)[1:-1]
                                                           + '"', 1).encode()),
    st.sampled_from(["scenario_path", "scenario_id", "delegation", "player"]).flatmap(
        lambda key: st.sampled_from(["/etc/passwd", "/dev/zero", "/", "../../x.yaml", "\u001b]0;x\u0007", ""]).map(
            lambda value: VALID_SAVE.replace(f'"{key}":"', f'"{key}":"{value}', 1).encode())),
)


def load_yaml(text: str) -> None:
    from roleplay.scenario.loader import MAX_FINDINGS

    report = check_text(text, "fuzz.yaml")
    assert all(p.message for p in report.problems)
    assert all(p.line >= 1 and p.column >= 1 for p in report.problems), [p.headline() for p in report.problems]
    assert len(report.problems) <= MAX_FINDINGS + 1
    if report.ok:
        assert isinstance(report.scenario, Scenario)


def read_save(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.json"
        path.write_bytes(data)
        try:
            save = saves.read(path)
        except saves.SaveError as exc:
            assert str(path) in str(exc)
        else:
            assert isinstance(save, saves.SaveFile)
            _scenario_of(save)
            saves.write(Path(folder) / "again.json", save)  # whatever was read can be written back
        assert path.read_bytes() == data


def _scenario_of(save: saves.SaveFile) -> None:
    from roleplay.catalogue import ScenarioNotFound

    try:
        found = saves.scenario_file(save)
    except ScenarioNotFound:
        return
    assert found.suffix in (".yaml", ".yml") and found.is_file()


# --- special files ----------------------------------------------------------------------------------------

SPECIALS = ["fifo", "dev-zero", "dev-urandom", "dev-null", "folder", "dangling link", "looping link", "link chain",
            "regular", "empty", "oversized sparse"]
special_inputs = st.tuples(st.sampled_from(SPECIALS), st.binary(max_size=200), st.sampled_from([".yaml", ".json"]))


def _make(kind: str, path: Path, data: bytes) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind.startswith("dev-"):
        path.symlink_to("/dev/" + kind[4:])
    elif kind == "folder":
        path.mkdir()
    elif kind == "dangling link":
        path.symlink_to(path.with_name("missing"))
    elif kind == "looping link":
        path.symlink_to(path)
    elif kind == "link chain":
        path.with_name("hop").symlink_to(path)
        path.symlink_to(path.with_name("hop"))
    elif kind == "oversized sparse":
        with path.open("wb") as handle:
            handle.truncate(6_000_000)
    else:
        path.write_bytes(b"" if kind == "empty" else data)


def read_special(case: tuple[str, bytes, str]) -> None:
    """Every reader of named files refuses a special file with a message, at once."""
    from roleplay.report import build
    from roleplay.scenario.loader import check_file

    kind, data, suffix = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"x{suffix}"
        _make(kind, path, data)
        report = check_file(path)
        assert report.problems or report.ok
        assert all(p.line >= 1 for p in report.problems)
        try:
            saves.read(path)
        except saves.SaveError as exc:
            assert str(path) in str(exc)
        rows = build([Path(folder)]).rows
        assert len(rows) == (1 if suffix == ".json" else 0)
        saves.listing(Path(folder))


# --- save names -------------------------------------------------------------------------------------------

names = st.one_of(st.text(max_size=90), st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,85}[\n\r]?", fullmatch=True))


def save_name(name: str) -> None:
    """A name is refused with our message, or names a file directly inside the saves folder."""
    folder = Path("/saves-folder")
    try:
        path = saves.save_path(name, folder)
    except saves.SaveError as exc:
        assert "cannot be a save name" in str(exc)
        return
    assert path.parent == folder and path.name == f"{name}.json"
    assert saves.NAME.fullmatch(name) and ".." not in name and safe.is_clean(name) and "\n" not in name


# --- the report -------------------------------------------------------------------------------------------

def report_saves(datas: list[bytes]) -> None:
    """Any mix of saves gives one row each and output that is clean in every format."""
    from roleplay.report import FORMATS, build

    with tempfile.TemporaryDirectory() as folder:
        for n, data in enumerate(datas):
            (Path(folder) / f"s{n}.json").write_bytes(data)
        report = build([Path(folder)])
        assert len(report.rows) == len(datas)
        for name, form in FORMATS.items():
            out = form(report)
            assert safe.is_clean(out.replace("\r\n", "\n") if name.endswith("csv") else out), name


report_inputs = st.lists(save_inputs, min_size=1, max_size=3)


# --- output escaping --------------------------------------------------------------------------------------

hostile_text = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from(list("[]@/=\\*_<>|#`!()\"'\n\r\x1b\x07\x9b\u202e\ud800-+ ab")), max_size=60),
    st.lists(st.sampled_from(["[@click=app.quit]", "[/]", "[link=x]", "\x1b]0;t\x07", "\x1b[2J", "=cmd|", "<b>",
                              "](http://x)", "\"]-->", "\n# ", "| a |", "\\", "[b]", "\x9b1m"]), max_size=8).map("".join),
)


MARKDOWN = MarkdownIt("commonmark")
PROSE_TAGS = {"p", "em", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "code", "pre", "blockquote",
              "hr", "br"}
"""What an author's Markdown may become: never a link, an image or raw HTML."""


def escape(value: str) -> None:
    """Each helper's output is clean and says, in its own language, exactly the text it was given."""
    from rich.text import Text

    for helper in (safe.clean, safe.one_line, safe.markup, safe.markdown, safe.markdown_prose, safe.mermaid,
                   safe.dot, safe.html, safe.csv_cell):
        assert safe.is_clean(helper(value)), helper.__name__
    from textual.content import Content

    shown = Content.from_markup(safe.markup(value))
    assert shown.plain == safe.clean(value) and not shown.spans  # no style, link or action read from the text
    assert Text(safe.clean(value)).plain == safe.clean(value)  # nothing left for Rich to strip either
    assert "\n" not in safe.one_line(value) and "\r" not in safe.one_line(value)
    rendered = MARKDOWN.render(safe.markdown(value))
    assert set(re.findall(r"<(\w+)", rendered)) <= {"p"}  # no emphasis, link, image, heading, list or HTML
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip() == safe.one_line(value)
    assert set(re.findall(r"<(\w+)", MARKDOWN.render(safe.markdown_prose(value)))) <= PROSE_TAGS
    assert '"' not in safe.mermaid(value) and "<" not in safe.html(value) and "<" not in safe.markdown_prose(value)
    assert not safe.csv_cell(value).startswith(safe.FORMULA_START)


# --- rendered outputs -------------------------------------------------------------------------------------

def render_outputs(value: str) -> None:
    """Text in every field of a scenario, played through a game: the export, the graph and the text client are clean."""
    import io

    from roleplay.console import Console
    from roleplay.debrief import debrief_markdown, transcript_markdown
    from roleplay.graph import rules_mermaid
    from roleplay.simulation.simulate import play_game
    from tests.attack_corpus import poison
    from tests.conftest import delegation, minimal

    data = poison(minimal(), value.replace("{", "(").replace("}", ")"))
    delegation(data, "seller")["rules"] = [{"id": "r", "when": {"move": "probe"}, "say": data["title"]}]
    report = check_text(yaml.safe_dump(data), "fuzz.yaml")
    if not report.ok or report.scenario is None:
        return  # e.g. a label of nothing but spaces: the loader's own target covers refusals
    session = play_game(report.scenario, "buyer", "realistic", 1)
    exported = debrief_markdown(session) + transcript_markdown(session)
    drawn = rules_mermaid(report.scenario)
    printed = io.StringIO()
    console = Console(session, out=printed)
    console.news()
    console.debrief()
    for text in (exported, drawn, printed.getvalue()):
        assert safe.is_clean(text)
    for header, cells in (("| part |", 4),):  # the export's own table keeps its columns
        rows = exported.split("\n" + header, 1)[1].split("\n\n", 1)[0].splitlines()[1:]
        assert rows and all(len(re.findall(r"(?<!\\)\|", row)) == cells + 1 for row in rows), header
    assert all(line.count('"') in (0, 2) for line in drawn.splitlines())


# --- the command line -------------------------------------------------------------------------------------

COMMANDS = [["validate"], ["validate", "--format", "json"], ["validate", "--strict"], ["report"],
            ["report", "--format", "markdown"], ["report", "--format", "csv"], ["report", "--format", "html"],
            ["graph"], ["simulate", "--runs", "1"], ["play", "--text", "--as", "tenant"]]
command_lines = st.tuples(st.sampled_from(COMMANDS), st.sampled_from([*SPECIALS, "scenario", "save", "missing"]),
                          st.sampled_from([".yaml", ".json", ""]), st.binary(max_size=120), hostile_text)


def command_line(case: tuple[list[str], str, str, bytes, str]) -> None:
    """Any command on any kind of file: an exit status that tells the truth and clean output, never a traceback."""
    import builtins
    import contextlib
    import io

    from roleplay.cli import main

    command, kind, suffix, data, label = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"x{suffix}"
        if kind == "scenario":
            path.write_text(TUTORIAL_TEXT, encoding="utf-8")
        elif kind == "save":
            path.write_text(VALID_SAVE.replace('"player":""', f'"player":{json.dumps(label)}'), encoding="utf-8")
        elif kind != "missing":
            _make(kind, path, data)
        out, err = io.StringIO(), io.StringIO()
        saved_input, saved_env = builtins.input, os.environ.get("ROLEPLAY_SAVES")
        builtins.input = lambda prompt="": (_ for _ in ()).throw(EOFError)
        os.environ["ROLEPLAY_SAVES"] = str(Path(folder) / "saves")
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status: int | str | None = main([*command, str(path)])
        except SystemExit as stop:  # argparse refusing an argument
            status = stop.code
        finally:
            builtins.input = saved_input
            if saved_env is None:
                os.environ.pop("ROLEPLAY_SAVES", None)
            else:
                os.environ["ROLEPLAY_SAVES"] = saved_env
        assert status in (0, 1, 2), status
        shown = out.getvalue().replace("\r\n", "\n") + err.getvalue()
        assert safe.is_clean(shown) and "Traceback" not in shown
        if kind in ("missing", "fifo", "dev-zero", "dev-urandom", "dev-null", "looping link", "dangling link"):
            assert status != 0 or command[0] == "report", (command, kind)


# --- bounds for every case --------------------------------------------------------------------------------

CASE_SECONDS = 10.0
CASE_MEGABYTES = 400


class CaseTooSlow(Exception):
    """A case ran past its time bound: a hang or a cost out of proportion to the input."""


class CaseTooBig(Exception):
    """A case made the process's peak memory grow past its bound."""


def bounded(target: Callable[[Any], None], seconds: float = CASE_SECONDS,
            megabytes: int = CASE_MEGABYTES) -> Callable[[Any], None]:
    """The target, stopped after `seconds` and failed when the peak memory grew by more than `megabytes`."""
    def run(value: Any) -> None:
        def stop(signum: int, frame: object) -> None:
            raise CaseTooSlow(f"the case ran longer than {seconds:g} s")

        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        previous = signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            target(value)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
        if grown > megabytes:
            raise CaseTooBig(f"the case grew the peak memory by {grown} MB")

    run.__name__ = target.__name__
    return run


TARGETS: dict[str, tuple[Callable[[Any], None], st.SearchStrategy[Any]]] = {
    "scenario loader": (load_yaml, yaml_inputs),
    "save reader": (read_save, save_inputs),
    "special files": (read_special, special_inputs),
    "save names": (save_name, names),
    "class report": (report_saves, report_inputs),
    "output escaping": (escape, hostile_text),
    "rendered outputs": (render_outputs, hostile_text),
    "command line": (command_line, command_lines),
}
"""Every fuzz target and its inputs: `make fuzz` and the test suite run each of them."""
