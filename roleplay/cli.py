"""The `roleplay` command: play, validate, simulate and audit.

Each subcommand imports what it needs when it runs, so that `validate`,
`simulate` and `--help` never pay for loading the TUI.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from roleplay.catalogue import ScenarioNotFound, resolve, scenario_files
from roleplay.text import clean

if TYPE_CHECKING:  # the commands import what they need when they run: the CLI starts fast
    from typing import TypeAlias

    from roleplay.coverage import Coverage
    from roleplay.scenario.loader import Report
    from roleplay.scenario.models import Scenario

    Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]



class _StrategyNames:
    """The built-in strategies' names for argparse, read from their registry only when asked.

    Importing the strategies brings the engine and pydantic in; `roleplay --help`
    and the commands that play no game start without them.
    """

    def __iter__(self) -> Iterator[str]:
        from roleplay.simulation.strategies import STRATEGIES

        return iter(STRATEGIES)

    def __contains__(self, name: object) -> bool:
        return name in list(self)


STRATEGY_NAMES = _StrategyNames()
MAX_RUNS = 100_000
"""Games one `simulate` may play (with --all, per strategy and side): more would not finish in a working day."""
SEED_LIMIT = 2**63


def _fail(message: object, code: int = 1) -> int:
    """Say what went wrong on stderr, cleaned of anything a terminal would act on; return the exit status."""
    print(clean(str(message)), file=sys.stderr)
    return code


def _validate(args: argparse.Namespace) -> int:
    from roleplay.scenario.loader import check_file
    from roleplay.scenario.problems import render

    paths = [p for given in args.paths for p in _expand(Path(given))]
    if not paths:
        return _fail(f"no scenario files (*.yaml, *.yml) found in {', '.join(args.paths)}")
    reports = [check_file(path, thorough=args.deep) for path in paths]
    coverages = [_deep_coverage(r) if args.deep else None for r in reports]
    if args.format == "json":
        print(json.dumps({"files": [{"file": r.file, "ok": r.ok, "problems": [p.as_dict() for p in r.problems]}
                                    | ({"coverage": c.as_dict()} if c is not None else {})
                                    for r, c in zip(reports, coverages, strict=True)]}, indent=2))
    else:
        from roleplay import coverage

        for report, covered in zip(reports, coverages, strict=True):
            if report.problems:
                print(clean(render(report.problems, {report.file: report.text})))
            if covered is not None:
                print(coverage.text(covered) + "\n")
        bad = [r for r in reports if not r.ok]
        warnings = sum(1 for r in reports for p in r.problems if p.severity.value == "warning")
        status = "all valid" if not bad else f"{len(bad)} with errors"
        noted = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
        print(f"{len(reports)} file{'s' if len(reports) != 1 else ''} checked: {status}{noted}")
    if not all(r.ok for r in reports):
        return 1
    warned = any(p.severity.value == "warning" for r in reports for p in r.problems)
    return 2 if args.strict and warned else 0


def _deep_coverage(report: Report) -> Coverage | None:
    """The coverage `--deep` simulated for a valid scenario (computed once, shared with its warnings)."""
    from roleplay.scenario.lint import deep_coverage

    return deep_coverage(report.scenario) if report.scenario is not None and report.ok else None


def _expand(path: Path) -> list[Path]:
    try:
        return scenario_files(path) if path.is_dir() else [path]
    except OSError:  # a looping link: `check_file` says what it is
        return [path]


def _simulate(args: argparse.Namespace) -> int:
    from roleplay.scenario.loader import load
    from roleplay.scenario.problems import ScenarioError
    from roleplay.simulation import tables
    from roleplay.simulation.simulate import default_jobs, simulate

    if args.jobs is not None and args.jobs < 1:
        print("--jobs must be at least 1", file=sys.stderr)
        return 2
    args.jobs = args.jobs or default_jobs()

    try:
        loaded = load(resolve(args.scenario))
    except (ScenarioError, ScenarioNotFound) as exc:
        return _fail(exc)
    from roleplay.whatif import WhatIfError, forced_types, without

    try:
        scenario = without(loaded.scenario, args.without)
        forced = forced_types(scenario, args.type)
    except WhatIfError as exc:
        return _fail(exc, 2)
    if args.coverage:
        return _coverage(scenario, forced, args)
    if args.all:
        return _balance(scenario, args, forced)
    seats = [d.id for d in scenario.playable()]
    delegation = args.delegation or seats[0]
    if delegation not in seats:
        return _fail(f"'{delegation}' is not playable in {scenario.id}; choose one of: {', '.join(seats)}", 2)
    summary = simulate(scenario, delegation, args.strategy, args.runs, args.seed, _progress(),
                       forced_types=forced, jobs=args.jobs).as_dict()
    if args.json or args.format == "json":
        print(json.dumps(summary, indent=2))
    else:
        print(tables.summary_text(summary))
    return 0


def _coverage(scenario: Scenario, forced: dict[str, str], args: argparse.Namespace) -> int:
    """`simulate --coverage`: every strategy (or the one named) from every side (or the one named)."""
    import os

    from roleplay import coverage

    seats = [d.id for d in scenario.playable()]
    if args.delegation is not None and args.delegation not in seats:
        print(f"'{args.delegation}' is not playable; choose one of: {', '.join(seats)}", file=sys.stderr)
        return 2
    strategies = [args.strategy] if args.strategy_given else None
    sides = [args.delegation] if args.delegation else None
    covered = coverage.collect(scenario, args.runs, args.seed, sides, strategies, forced,
                               jobs=min(2, os.cpu_count() or 1))
    if args.json or args.format == "json":
        print(json.dumps(covered.as_dict(), indent=2))
    elif args.format == "csv":
        print(coverage.as_csv(covered), end="")
    else:
        print(coverage.text(covered))
    return 0


def _balance(scenario: Scenario, args: argparse.Namespace, forced: dict[str, str] | None = None) -> int:
    from roleplay.simulation import tables
    from roleplay.simulation.simulate import balance

    summaries = balance(scenario, args.runs, args.seed, _progress(), forced_types=forced,
                        jobs=getattr(args, "jobs", None) or 1)
    rows = [summary.as_dict() for summary in summaries]
    if args.json or args.format == "json":
        print(json.dumps(rows, indent=2))
    elif args.format == "csv":
        print(tables.balance_csv(rows), end="")
    else:
        print(tables.balance_text(rows))
    return 0


def _use_saves(folder: str | None) -> None:
    """`--saves DIR` wins over everything: it is passed on as ROLEPLAY_SAVES, also to child processes."""
    if folder:
        import os

        os.environ["ROLEPLAY_SAVES"] = str(Path(folder).resolve())


def _scenarios(args: argparse.Namespace) -> int:
    from roleplay.catalogue import available, shipped, sources
    from roleplay.scenario.loader import load
    from roleplay.scenario.problems import ScenarioError

    rows: list[dict[str, object]] = []
    described: list[str] = []
    for path, source in available():
        row: dict[str, object] = {"id": path.stem, "file": str(path), "source": source.origin}
        try:
            scenario = load(path).scenario
            sides = [d.id for d in scenario.playable()]
            row |= {"title": scenario.title, "sides": sides, "rounds": scenario.rounds}
            what = f"{scenario.title} · as {', '.join(sides)} · {scenario.rounds} rounds"
        except ScenarioError as exc:
            row |= {"problems": len(exc.problems)}
            what = f"{len(exc.problems)} problem(s): run roleplay validate {path}"
        rows.append(row)
        described.append(f"{path.stem}\n    {what}\n    {path} ({source.origin})")
    schema = shipped("schema") / "scenario.schema.json"
    if args.format == "json":
        print(json.dumps({"searched": [{"folder": str(s.folder), "source": s.origin} for s in sources()],
                          "schema": str(schema), "scenarios": rows}, indent=2))
        return 0
    print("searched, first match wins: " + "; ".join(f"{s.folder} ({s.origin})" for s in sources()))
    print(f"the scenario format's JSON Schema: {schema}")
    for text in described:
        print(text)
    if not rows:
        print("no scenarios found")
        return 1
    return 0
def _audit(args: argparse.Namespace) -> int:
    from roleplay.scenario.loader import load
    from roleplay.scenario.problems import ScenarioError
    from roleplay.simulation import tables
    from roleplay.simulation.audit import audit

    if args.games < 1 or (args.jobs is not None and args.jobs < 1):
        print("--games and --jobs must be at least 1", file=sys.stderr)
        return 2
    try:
        path = resolve(args.scenario)
        scenario = load(path).scenario
    except (ScenarioError, ScenarioNotFound) as exc:
        print(exc, file=sys.stderr)
        return 2
    seats = [d.id for d in scenario.playable()]
    if args.delegation is not None and args.delegation not in seats:
        print(f"'{args.delegation}' is not playable in {scenario.id}; choose one of: {', '.join(seats)}",
              file=sys.stderr)
        return 2
    sides = audit(str(path), [args.delegation] if args.delegation else seats, args.games, args.seed, args.jobs)
    if args.json:
        rows = [side.as_dict() for side in sides]
        print(json.dumps(rows[0] if args.delegation else rows, indent=2))
    else:
        print(tables.audit_text([side.as_dict() for side in sides]))
    return 1 if any(side.exploits for side in sides) else 0


def _play(args: argparse.Namespace) -> int:
    _use_saves(args.saves)
    if not args.text and sys.stdin.isatty() and sys.stdout.isatty():
        from roleplay.tui import head_start

        head_start.begin(args.scenario, args.delegation, args.resume)  # before Textual and the engine are imported
        from roleplay.tui.app import run_tui

        return run_tui(args.scenario, args.delegation, args.seed, save_name=args.save, player=args.player,
                       resume=args.resume, coach=args.coach)
    from roleplay.console import run_console

    return run_console(args.scenario, args.delegation, args.seed, resume=args.resume, save_name=args.save,
                       player=args.player, coach=args.coach)


def _fork(args: argparse.Namespace) -> int:
    import shlex

    from roleplay.fork import fork
    from roleplay.saves import SaveError, save_path, saves_dir

    searched = saves_dir().resolve()  # where `roleplay play --resume NAME` looks when given no --saves
    _use_saves(args.saves)
    given = Path(args.save)
    try:
        target = fork(given if given.suffix == ".json" and given.exists() else save_path(args.save), args.round,
                      args.name, Path(args.saves) if args.saves else None)
    except (SaveError, ScenarioNotFound) as exc:
        print(str(exc).splitlines()[0], file=sys.stderr)
        return 1
    resume = f"roleplay play --resume {shlex.quote(target.stem)}"
    if target.parent.resolve() != searched:
        resume += f" --saves {shlex.quote(str(target.parent))}"
    print(f"forked round {args.round} to {target}; play on with: {resume}")
    return 0


def _progress() -> Callable[[int, int], None] | None:
    """A progress line on stderr while games are played, when someone is watching it."""
    if not sys.stderr.isatty():
        return None
    from roleplay.simulation.progress import Progress

    return Progress(sys.stderr)


def _emit(text: str, output: str | None) -> int:
    """Print a command's text, or write it to --output; a file that cannot be written is a message, status 2."""
    if not output:
        print(text, end="")
        return 0
    try:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8", errors="replace")
    except OSError as exc:
        return _fail(f"cannot write {output}: {exc.strerror or exc}", 2)
    print(clean(f"wrote {output}"))
    return 0


def _serve(args: argparse.Namespace) -> int:
    import os

    from roleplay import serve
    from roleplay.saves import saves_dir
    from roleplay.scenario.loader import load
    from roleplay.scenario.problems import ScenarioError

    if not serve.is_local(args.host) and not args.allow_remote:
        print(f"'{args.host}' can be reached from other machines, and roleplay serve has no login: anyone who "
              "reaches it can play. Add --allow-remote if that is what you want.", file=sys.stderr)
        return 2
    _use_saves(args.saves)
    try:
        paths = [resolve(name).resolve() for name in args.scenarios] or [p.resolve() for p in scenario_files()]
        for path in paths:
            load(path)
    except (ScenarioError, ScenarioNotFound) as exc:
        print(str(exc).splitlines()[0], file=sys.stderr)
        return 1
    if not paths:
        print("no scenarios to serve", file=sys.stderr)
        return 1
    folder = saves_dir().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["ROLEPLAY_SAVES"] = str(folder)
    serve.serve(args.host, args.port, folder, paths)
    return 0


def _schema(args: argparse.Namespace) -> int:
    from roleplay.scenario.schema import schema_text

    return _emit(schema_text(), args.output)


def _new(args: argparse.Namespace) -> int:
    import re
    from importlib.resources import files

    if not re.fullmatch(r"[a-z][a-z0-9_-]{0,79}", args.name):
        return _fail(f"{args.name!r} cannot be a scenario id: use lower-case letters, digits, '-' and '_'", 2)
    target = Path(args.folder) / f"{args.name}.yaml"
    if target.exists() or target.is_symlink():
        return _fail(f"{target} already exists; choose another name")
    template = files("roleplay").joinpath("templates/new-scenario.yaml").read_text(encoding="utf-8")
    title = args.title or args.name.replace("-", " ").replace("_", " ").capitalize()
    quoted = json.dumps(title, ensure_ascii=False)  # a JSON string is a double-quoted YAML one: any title reads back
    text = (template.replace("SCENARIO_ID", args.name).replace('"SCENARIO_TITLE"', quoted)
            .replace("SCENARIO_TITLE", " ".join(title.split())))
    text = text.replace("$schema=../schema/scenario.schema.json", f"$schema={_schema_from(target.parent)}", 1)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _fail(f"cannot write {target}: {exc.strerror or exc}", 2)
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        return _fail(f"{target} already exists; choose another name")
    except OSError as exc:
        return _fail(f"cannot write {target}: {exc.strerror or exc}", 2)
    print(clean(f"wrote {target}; check it with: roleplay validate {target}"))
    return 0


def _schema_from(folder: Path) -> str:
    """The JSON Schema's path as the editor's modeline in `folder` needs it: relative, or absolute across drives."""
    import os

    from roleplay.catalogue import shipped

    schema = (shipped("schema") / "scenario.schema.json").resolve()
    try:
        return Path(os.path.relpath(schema, folder.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_posix()


def _report(args: argparse.Namespace) -> int:
    from roleplay.report import FORMATS, build

    given = [Path(p) for p in args.saves]
    missing = [str(p) for p in given if not (p.exists() or p.is_symlink())]
    if missing:
        return _fail(f"no such file or folder: {', '.join(missing)}")
    report = build(given)
    if not report.rows:
        return _fail(f"no save files (*.json) found in {', '.join(args.saves)}")
    status = _emit(FORMATS[args.format](report), args.output)
    if status == 0 and all(row.status.startswith(("unreadable", "could not be reported")) for row in report.rows):
        return _fail("none of the save files could be read: the report lists why", 1)
    return status


def _export(args: argparse.Namespace) -> int:
    from roleplay.export import FORMATS, rows

    problems: list[str] = []
    found = list(rows([Path(p) for p in args.saves], problems))
    for problem in problems:
        print(f"left out: {problem}", file=sys.stderr)
    if not found:
        print("no moves to export", file=sys.stderr)
        return 1
    return _emit(FORMATS[args.format](found), args.output)


def _graph(args: argparse.Namespace) -> int:
    from roleplay import graph

    show = args.show or ("rules" if args.scenario else "machine")
    if show != "machine" and not args.scenario:
        return _fail(f"--show {show} draws a scenario's rules: name the scenario", 2)
    if show != "machine" and args.format != "mermaid":
        return _fail("the scenario's rules are drawn in Mermaid only; use --format mermaid, or --show machine", 2)
    if show == "machine":
        text = graph.machine_mermaid() if args.format == "mermaid" else graph.machine_dot()
    else:
        from roleplay.scenario.loader import load
        from roleplay.scenario.problems import ScenarioError

        try:
            scenario = load(resolve(args.scenario)).scenario
        except (ScenarioError, ScenarioNotFound) as exc:
            return _fail(exc)
        text = graph.rules_mermaid(scenario) if show == "rules" else graph.both_markdown(scenario)
    print(text, end="")
    return 0


def _test(args: argparse.Namespace) -> int:
    from roleplay.transcript_tests import discover, run_file

    given: list[Path] = [] if args.paths else [Path("scenarios")]
    for name in args.paths:
        try:  # a file or folder as given, else a scenario's id
            given.append(Path(name) if Path(name).exists() else resolve(name))
        except ScenarioNotFound as exc:
            return _fail(str(exc), 1)
    files = list(discover(given))
    if not files:
        print("no transcript tests found: a scenario's tests are in tests/ID.yaml beside it", file=sys.stderr)
        return 1
    results = [result for path in files for result in run_file(path)]
    from roleplay.text import clean

    for result in results:
        if args.verbose or not result.ok:
            print(clean(result.text()))  # transcripts and test names are other people's text
    failed = sum(1 for r in results if not r.ok)
    print(f"{len(results)} test{'s' if len(results) != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}: "
          + (f"{failed} failed" if failed else "all passed"))
    return 1 if failed else 0


def _preview(args: argparse.Namespace) -> int:
    from roleplay.preview import preview
    from roleplay.scenario.loader import load
    from roleplay.scenario.problems import ScenarioError

    try:
        scenario = load(resolve(args.scenario)).scenario
    except (ScenarioError, ScenarioNotFound) as exc:
        print(exc, file=sys.stderr)
        return 1
    seats = [d.id for d in scenario.playable()]
    side = args.delegation or seats[0]
    if side not in seats:
        print(f"'{side}' is not playable in {scenario.id}; choose one of: {', '.join(seats)}", file=sys.stderr)
        return 2
    from roleplay.text import clean

    return _emit(clean(preview(scenario, side)), args.output)


def _diff(args: argparse.Namespace) -> int:
    from roleplay import diff
    from roleplay.scenario.loader import load
    from roleplay.scenario.problems import ScenarioError
    from roleplay.simulation.simulate import balance

    try:
        old, new = (load(resolve(name)).scenario for name in (args.old, args.new))
    except (ScenarioError, ScenarioNotFound) as exc:
        print(exc, file=sys.stderr)
        return 2
    found = diff.changes(old, new)
    rows = None
    if args.runs > 0:
        before = [s.as_dict() for s in balance(old, args.runs, args.seed)]
        after = [s.as_dict() for s in balance(new, args.runs, args.seed)]
        rows = diff.balance_rows(before, after)
    if args.format == "json":
        print(json.dumps({"changes": [c.as_dict() for c in found], "balance": rows}, indent=2))
    else:
        from roleplay.text import clean

        print(clean(diff.text(found, args.old, args.new)))
        if rows is not None:
            print("\n" + diff.balance_text(rows, args.runs, args.seed))
    return 1 if found else 0


def _play_arguments(commands: Commands) -> None:
    play = commands.add_parser("play", help="play a scenario", description="Play a scenario at the keyboard.")
    play.add_argument("scenario", nargs="?", default=None,
                      help="a scenario file or id (default: the flagship, else the tutorial)")
    play.add_argument("--as", dest="delegation", help="the delegation to play (default: the first playable one)")
    play.add_argument("--seed", type=int, default=None, help="the seed of the game's chance (default: random)")
    play.add_argument("--resume", nargs="?", const="", default=None, metavar="SAVE",
                      help="resume a saved game (default: the most recent one)")
    play.add_argument("--save", metavar="NAME", help="the name to save the game under (default: scenario-side-seed)")
    play.add_argument("--player", default="", metavar="LABEL", help="your name, recorded in the save for the instructor")
    play.add_argument("--text", action="store_true", help="play line by line instead of in the full-screen interface")
    play.add_argument("--saves", metavar="DIR", help="the folder of saves (default: ROLEPLAY_SAVES, ./saves in a "
                      "checkout, else the user's data folder)")
    play.add_argument("--coach", choices=("off", "hints", "tutor"), default=None,
                      help="the coach: off, hints (warns before a clear mistake) or tutor (also explains each "
                      "round); default: the scenario's (off, hints for the tutorial), or the save's when resuming")
    play.set_defaults(run=_play)


def _fork_arguments(commands: Commands) -> None:
    forked = commands.add_parser(
        "fork", help="play on from an earlier round of a saved game",
        description="Rebuild a saved game at the start of a round and save it under a new name, linked to its "
        "parent, to play on from there with 'roleplay play --resume NAME'. The parent save is never changed.",
    )
    forked.add_argument("save", metavar="SAVE", help="a save name or a path to a .json file")
    forked.add_argument("--round", type=int, required=True, help="the round to play on from (1 or later)")
    forked.add_argument("--save", dest="name", metavar="NAME", help="the fork's name (default: SAVE-rN)")
    forked.add_argument("--saves", metavar="DIR", help="the folder of saves, where the fork is written too (default: "
                        "as for play; a SAVE given as a path gets its fork beside it)")
    forked.set_defaults(run=_fork)


def _scenarios_arguments(commands: Commands) -> None:
    scenarios = commands.add_parser(
        "scenarios", help="list the scenarios available and where each comes from",
        description="List every scenario an id reaches, with its title, sides and file, and the folders "
        "searched: ROLEPLAY_SCENARIOS if set, else ./scenarios, then the scenarios shipped with roleplay.",
    )
    scenarios.add_argument("--format", choices=("text", "json"), default="text")
    scenarios.set_defaults(run=_scenarios)


def _validate_arguments(commands: Commands) -> None:
    validate = commands.add_parser(
        "validate", help="check scenario files",
        description="Check scenario files; print every error, warning and note with file, line and column. "
        "Exit 0 when all are valid, 1 when any has errors, 2 with --strict when there are warnings.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    validate.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    validate.add_argument("--strict", action="store_true", help="exit 2 when there are warnings but no errors")
    validate.add_argument("--deep", action="store_true", help="also simulate every strategy and report endings never reached")
    validate.set_defaults(run=_validate)


def _simulate_arguments(commands: Commands) -> None:
    simulate = commands.add_parser(
        "simulate", help="play many games with a built-in strategy",
        description="Play N games of a scenario with a built-in player strategy and report the agreement "
        "rate, score quartiles and endings. The same seed always prints the same result.",
    )
    simulate.add_argument("scenario", help="a scenario file or id")
    simulate.add_argument("--as", dest="delegation", help="the delegation played (default: the first playable one)")
    simulate.add_argument("--strategy", choices=STRATEGY_NAMES, default=None, metavar="STRATEGY",
                          help="the player strategy: %(choices)s (default: realistic; with --coverage: every one)")
    simulate.add_argument("--runs", type=int, default=100,
                          help=f"how many games (default: 100, at most {MAX_RUNS:,}; a progress line shows on a terminal)")
    simulate.add_argument("--seed", type=int, default=0, help="the seed (default: 0)")
    simulate.add_argument("--json", action="store_true", help="print JSON")
    simulate.add_argument("--all", action="store_true",
                          help="the balancing report: every built-in strategy from every playable side")
    simulate.add_argument("--format", choices=("text", "csv", "json"), default="text",
                          help="with --all or --coverage: the output format")
    simulate.add_argument("--coverage", action="store_true",
                          help="how often each rule, event, gesture, lesson and ending fired, per side and strategy "
                          "(every side and strategy unless --as or --strategy names one), and the most common deal")
    simulate.add_argument("--without", action="append", default=[], metavar="RULE",
                          help="simulate without this rule or event (owner:id, event:id or a bare id); repeatable")
    simulate.add_argument("--type", action="append", default=[], metavar="COUNTERPART=TYPE",
                          help="force a counterpart's type instead of drawing it; repeatable")
    simulate.add_argument("--jobs", type=int, default=None,
                          help="processes to play on (default: every core); the result is the same whatever --jobs")
    simulate.set_defaults(run=_simulate)


def _preview_arguments(commands: Commands) -> None:
    previewed = commands.add_parser(
        "preview", help="what one side's student sees of a scenario",
        description="Print what the student playing one side may read before play: every public field and that "
        "side's own briefing, stances and roster; never another side's private material or the instructor's notes "
        "and hidden expectations (each field's audience in the format decides).",
    )
    previewed.add_argument("scenario", help="a scenario file or id")
    previewed.add_argument("--as", dest="delegation", help="the side (default: the first playable one)")
    previewed.add_argument("--output", metavar="PATH", help="write to this file instead of printing")
    previewed.set_defaults(run=_preview)


def _diff_arguments(commands: Commands) -> None:
    diffed = commands.add_parser(
        "diff", help="what changed between two versions of a scenario, and its balance before and after",
        description="Compare two scenario files by id: issues, options, stances, delegations, types, rules, lines, "
        "gestures, events, endings, lessons and the roster; then the balancing table of both (agreement rate and "
        "median score per side and strategy). Exit 0 when nothing changed, 1 when something did, 2 on an error.",
    )
    diffed.add_argument("old", help="the earlier scenario file or id")
    diffed.add_argument("new", help="the later scenario file or id")
    diffed.add_argument("--runs", type=int, default=30, help="games per side and strategy for the balance (0: skip it)")
    diffed.add_argument("--seed", type=int, default=0, help="the seed (default: 0)")
    diffed.add_argument("--format", choices=("text", "json"), default="text")
    diffed.set_defaults(run=_diff)


def _test_arguments(commands: Commands) -> None:
    tested = commands.add_parser(
        "test", help="run a scenario's transcript tests",
        description="Play the games a scenario's transcript tests describe (tests/ID.yaml beside the scenario: a side, "
        "a seed, the moves) and check what must follow: outcome, ending, score range, lines, rules fired. A failure "
        "prints the first difference and the transcript around it. Exit 0 when all pass, 1 otherwise.",
    )
    tested.add_argument("paths", nargs="*", metavar="PATH",
                        help="test files, scenario files or ids, or folders (default: ./scenarios)")
    tested.add_argument("-v", "--verbose", action="store_true", help="also list the tests that pass")
    tested.set_defaults(run=_test)


def _audit_arguments(commands: Commands) -> None:
    audit = commands.add_parser(
        "audit", help="search for play that games the score",
        description="The exploit search: for each class of play (sensible play, and each way of playing badly: "
        "the report names them all) search a family of player policies by random search and "
        "hill climbing, each judged on several seeds, and report the best score found and that policy in words. "
        "Exit 1 when a bad class scores as well as sensible play or better on any side, 0 when the score is robust, 2 when the "
        "scenario cannot be loaded or an argument is wrong. The same arguments always print the same result, "
        "whatever --jobs.",
    )
    audit.add_argument("scenario", help="a scenario file or id")
    audit.add_argument("--as", dest="delegation", metavar="SIDE",
                       help="the side to audit (default: every playable side)")
    audit.add_argument("--games", type=int, default=2000,
                       help="games per side, split evenly across the classes (default: 2000)")
    audit.add_argument("--seed", type=int, default=0, help="the seed (default: 0)")
    audit.add_argument("--jobs", type=int, default=None, help="processes to play on (default: every core)")
    audit.add_argument("--json", action="store_true",
                       help="print JSON: one object with --as, else a list with one object per side")
    audit.set_defaults(run=_audit)


def _new_arguments(commands: Commands) -> None:
    new = commands.add_parser(
        "new", help="write a commented starting scenario",
        description="Write a commented scenario that validates and plays as it is, to edit step by step.",
    )
    new.add_argument("name", help="the scenario id, also the file name")
    new.add_argument("--title", help="the title (default: from the name)")
    new.add_argument("--folder", default="scenarios", help="where to write it (default: scenarios)")
    new.set_defaults(run=_new)


def _report_arguments(commands: Commands) -> None:
    report = commands.add_parser(
        "report", help="a class report from save files",
        description="One row per save (player, scenario, side, ending, score and its parts, the scenario version "
        "it was graded on) and the class summary: endings, scores, the issues where expectations were furthest "
        "off, and per scenario and side the agreement rate, score quartiles, endings and most common lessons. "
        "A save is replayed on the scenario version it was played on (kept beside the saves). Damaged saves "
        "and saves whose scenario version is gone are listed, not fatal.",
    )
    report.add_argument("saves", nargs="+", metavar="SAVE", help="save files or folders of them")
    report.add_argument("--format", choices=("text", "markdown", "csv", "html", "chart", "chart-csv"), default="text",
                        help="text, markdown or csv: the rows and the summaries; html: one page with the charts; "
                        "chart: every table against the Pareto frontier, Nash point and BATNAs, drawn in text; "
                        "chart-csv: the same points as CSV")
    report.add_argument("--output", metavar="PATH", help="write to this file instead of printing")
    report.set_defaults(run=_report)


def _export_arguments(commands: Commands) -> None:
    export = commands.add_parser(
        "export", help="one row per move per game, for research",
        description="Replay save files and write one row per move: game, player, side, round, phase, move, the "
        "standing offers and what each is worth to both sides, the gaps per issue, trust, tension and when the "
        "move was played. Saves that cannot be replayed are named on stderr and left out.",
    )
    export.add_argument("saves", nargs="+", metavar="SAVE", help="save files or folders of them")
    export.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    export.add_argument("--output", metavar="PATH", help="write to this file instead of printing")
    export.set_defaults(run=_export)


def _graph_arguments(commands: Commands) -> None:
    graph = commands.add_parser(
        "graph", help="draw the session machine and a scenario's rules",
        description="Print one diagram: with a scenario, each delegation's scripted rules in the order they are "
        "checked (each counterpart type's first; rules that can never fire are marked), as Mermaid; without one, "
        "the session state machine, as Mermaid or Graphviz text. --show both prints the two as one Markdown "
        "document, each under its title in its own mermaid block.",
    )
    graph.add_argument("scenario", nargs="?", help="a scenario file or id")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.add_argument("--show", choices=("rules", "machine", "both"),
                       help="what to draw (default: the rules with a scenario, else the machine)")
    graph.set_defaults(run=_graph)


def _serve_arguments(commands: Commands) -> None:
    served = commands.add_parser(
        "serve", help="play in browser tabs: one game per tab, for a class",
        description="Serve the game over the web: every browser tab that opens the address plays its own game. "
        "The first screen asks the student's name; saves go to --saves under names made from it. There is no "
        "login, so it listens on this machine only unless --host names another address and --allow-remote is given.",
    )
    served.add_argument("scenarios", nargs="*", metavar="SCENARIO", help="the scenarios offered (default: all available)")
    served.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    served.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    served.add_argument("--saves", metavar="DIR", help="where the games are saved (default: as for play)")
    served.add_argument("--allow-remote", action="store_true",
                        help="allow a --host that other machines can reach (there is no login)")
    served.set_defaults(run=_serve)


def _schema_arguments(commands: Commands) -> None:
    schema = commands.add_parser(
        "schema", help="print the JSON Schema of the scenario format",
        description="Print (or write) the JSON Schema of the scenario format, generated from the models, "
        "for editors: start a scenario with '# yaml-language-server: $schema=PATH'.",
    )
    schema.add_argument("--output", metavar="PATH", help="write to this file instead of printing")
    schema.set_defaults(run=_schema)


SUBCOMMANDS: dict[str, Callable[[Commands], None]] = {
    "play": _play_arguments,
    "fork": _fork_arguments,
    "scenarios": _scenarios_arguments,
    "validate": _validate_arguments,
    "simulate": _simulate_arguments,
    "preview": _preview_arguments,
    "diff": _diff_arguments,
    "test": _test_arguments,
    "audit": _audit_arguments,
    "new": _new_arguments,
    "report": _report_arguments,
    "export": _export_arguments,
    "graph": _graph_arguments,
    "serve": _serve_arguments,
    "schema": _schema_arguments,
}
"""Each subcommand and what adds it, with its arguments, to the parser, in the order `--help` lists them."""


def parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser; given the arguments, only with the subcommand they name (all when they name
    none): building the other fourteen takes longer than a game's first screen may wait."""
    root = argparse.ArgumentParser(
        prog="roleplay",
        description="A negotiation role-play trainer: play one delegation at the table against scripted "
        "counterparts, watch the expectation gaps, and get a scored debrief.",
    )
    commands = root.add_subparsers(dest="command", metavar="COMMAND")
    named = next(iter(argv or ()), None)
    for name, add in SUBCOMMANDS.items():
        if named not in SUBCOMMANDS or name == named:
            add(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    reader = parser(argv)
    args = reader.parse_args(argv)
    if not getattr(args, "run", None):  # no command named: the parser has them all
        reader.print_help()
        return 0
    if getattr(args, "command", None) == "simulate":
        args.strategy_given = args.strategy is not None
        args.strategy = args.strategy or "realistic"
    least = 0 if getattr(args, "command", None) == "diff" else 1
    if not least <= getattr(args, "runs", 1) <= MAX_RUNS:
        return _fail(f"--runs must be from {least} to {MAX_RUNS:,}", 2)
    seed = getattr(args, "seed", None)
    if seed is not None and not -SEED_LIMIT <= seed < SEED_LIMIT:
        return _fail("--seed must be a whole number of at most 18 digits", 2)
    try:
        status = int(args.run(args))
        sys.stdout.flush()  # a full disk or a closed pipe shows here, while it can still be told
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _reader_left()
    except OSError as exc:  # most often the output: a full disk, a closed terminal
        where = f" ({exc.filename})" if exc.filename else ""
        return _fail(f"roleplay {args.command}: {exc.strerror or exc}{where}", 2)


def _reader_left() -> int:
    """The reader of our output went away (`roleplay ... | head`): stop quietly, as Unix tools do.

    Python would report the broken pipe again when it flushes stdout at exit,
    so stdout is pointed at the null device first.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
