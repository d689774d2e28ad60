"""The `roleplay` command: play, validate and simulate.

Each subcommand imports what it needs when it runs, so that `validate`,
`simulate` and `--help` never pay for loading the TUI.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from roleplay.catalogue import ScenarioNotFound, resolve, scenario_files

STRATEGY_NAMES = ("random", "maximalist", "passive", "realistic")


def _validate(args: argparse.Namespace) -> int:
    from roleplay.scenario.loader import check_file
    from roleplay.scenario.problems import render

    paths = [p for given in args.paths for p in _expand(Path(given))]
    reports = [check_file(path, thorough=args.deep) for path in paths]
    if args.format == "json":
        print(json.dumps({"files": [{"file": r.file, "ok": r.ok, "problems": [p.as_dict() for p in r.problems]}
                                    for r in reports]}, indent=2))
    else:
        for report in reports:
            if report.problems:
                print(render(report.problems, {report.file: report.text}))
        bad = [r for r in reports if not r.ok]
        warnings = sum(1 for r in reports for p in r.problems if p.severity.value == "warning")
        status = "all valid" if not bad else f"{len(bad)} with errors"
        noted = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
        print(f"{len(reports)} file{'s' if len(reports) != 1 else ''} checked: {status}{noted}")
    if not all(r.ok for r in reports):
        return 1
    warned = any(p.severity.value == "warning" for r in reports for p in r.problems)
    return 2 if args.strict and warned else 0


def _expand(path: Path) -> list[Path]:
    return scenario_files(path) if path.is_dir() else [path]


def _simulate(args: argparse.Namespace) -> int:
    from roleplay.play import tables
    from roleplay.play.simulate import simulate
    from roleplay.scenario.loader import load
    from roleplay.scenario.problems import ScenarioError

    try:
        loaded = load(resolve(args.scenario))
    except (ScenarioError, ScenarioNotFound) as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.all:
        return _balance(loaded.scenario, args)
    seats = [d.id for d in loaded.scenario.playable()]
    delegation = args.delegation or seats[0]
    if delegation not in seats:
        print(f"'{delegation}' is not playable in {loaded.scenario.id}; choose one of: {', '.join(seats)}", file=sys.stderr)
        return 2
    summary = simulate(loaded.scenario, delegation, args.strategy, args.runs, args.seed).as_dict()
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(tables.summary_text(summary))
    return 0


def _balance(scenario: object, args: argparse.Namespace) -> int:
    from roleplay.play import tables
    from roleplay.play.simulate import balance

    rows = [summary.as_dict() for summary in balance(scenario, args.runs, args.seed)]  # type: ignore[arg-type]
    if args.json or args.format == "json":
        print(json.dumps(rows, indent=2))
    elif args.format == "csv":
        print(tables.balance_csv(rows), end="")
    else:
        print(tables.balance_text(rows))
    return 0


def _play(args: argparse.Namespace) -> int:
    if not args.text and sys.stdin.isatty() and sys.stdout.isatty():
        from roleplay.tui.app import run_tui

        return run_tui(args.scenario, args.delegation, args.seed, save_name=args.save, player=args.player,
                       resume=args.resume)
    from roleplay.console import run_console

    return run_console(args.scenario, args.delegation, args.seed, resume=args.resume, save_name=args.save,
                       player=args.player)


def _emit(text: str, output: str | None) -> int:
    """Print a command's text, or write it to --output."""
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
        print(f"wrote {output}")
    else:
        print(text, end="")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from roleplay.scenario.schema import schema_text

    return _emit(schema_text(), args.output)


def _new(args: argparse.Namespace) -> int:
    import re
    from importlib.resources import files

    if not re.match(r"^[a-z][a-z0-9_-]*$", args.name):
        print(f"'{args.name}' cannot be a scenario id: use lower-case letters, digits, '-' and '_'", file=sys.stderr)
        return 2
    target = Path(args.folder) / f"{args.name}.yaml"
    if target.exists():
        print(f"{target} already exists; choose another name", file=sys.stderr)
        return 1
    template = files("roleplay").joinpath("templates/new-scenario.yaml").read_text(encoding="utf-8")
    title = args.title or args.name.replace("-", " ").replace("_", " ").capitalize()
    text = template.replace("SCENARIO_ID", args.name).replace("SCENARIO_TITLE", title.replace('"', "'"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}; check it with: roleplay validate {target}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from roleplay.report import FORMATS, build

    report = build([Path(p) for p in args.saves])
    if not report.rows:
        print("no save files found", file=sys.stderr)
        return 1
    return _emit(FORMATS[args.format](report), args.output)


def _graph(args: argparse.Namespace) -> int:
    from roleplay import graph

    text = graph.machine_mermaid() if args.format == "mermaid" else graph.machine_dot()
    if args.scenario:
        from roleplay.scenario.loader import load
        from roleplay.scenario.problems import ScenarioError

        if args.format != "mermaid":
            print("the scenario's rules are drawn in Mermaid only; use --format mermaid", file=sys.stderr)
            return 2
        try:
            text += "\n" + graph.rules_mermaid(load(resolve(args.scenario)).scenario)
        except (ScenarioError, ScenarioNotFound) as exc:
            print(exc, file=sys.stderr)
            return 1
    print(text, end="")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="roleplay",
        description="A negotiation role-play trainer: play one delegation at the table against scripted "
        "counterparts, watch the expectation gaps, and get a scored debrief.",
    )
    commands = root.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="play a scenario", description="Play a scenario at the keyboard.")
    play.add_argument("scenario", nargs="?", default=None, help="a scenario file or id (default: the flagship, else the tutorial)")
    play.add_argument("--as", dest="delegation", help="the delegation to play (default: the first playable one)")
    play.add_argument("--seed", type=int, default=None, help="the seed of the game's chance (default: random)")
    play.add_argument("--resume", nargs="?", const="", default=None, metavar="SAVE",
                      help="resume a saved game (default: the most recent one)")
    play.add_argument("--save", metavar="NAME", help="the name to save the game under (default: scenario-side-seed)")
    play.add_argument("--player", default="", metavar="LABEL", help="your name, recorded in the save for the instructor")
    play.add_argument("--text", action="store_true", help="play line by line instead of in the full-screen interface")
    play.set_defaults(run=_play)

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

    simulate = commands.add_parser(
        "simulate", help="play many games with a built-in strategy",
        description="Play N games of a scenario with a built-in player strategy and report the agreement "
        "rate, score quartiles and endings. The same seed always prints the same result.",
    )
    simulate.add_argument("scenario", help="a scenario file or id")
    simulate.add_argument("--as", dest="delegation", help="the delegation played (default: the first playable one)")
    simulate.add_argument("--strategy", choices=STRATEGY_NAMES, default="realistic", help="the player strategy")
    simulate.add_argument("--runs", type=int, default=100, help="how many games (default: 100)")
    simulate.add_argument("--seed", type=int, default=0, help="the seed (default: 0)")
    simulate.add_argument("--json", action="store_true", help="print JSON")
    simulate.add_argument("--all", action="store_true",
                          help="the balancing report: every built-in strategy from every playable side")
    simulate.add_argument("--format", choices=("text", "csv", "json"), default="text", help="with --all: the output format")
    simulate.set_defaults(run=_simulate)
    new = commands.add_parser(
        "new", help="write a commented starting scenario",
        description="Write a commented scenario that validates and plays as it is, to edit step by step.",
    )
    new.add_argument("name", help="the scenario id, also the file name")
    new.add_argument("--title", help="the title (default: from the name)")
    new.add_argument("--folder", default="scenarios", help="where to write it (default: scenarios)")
    new.set_defaults(run=_new)

    report = commands.add_parser(
        "report", help="a class report from save files",
        description="One row per save (player, scenario, side, ending, score and its parts) and the class "
        "summary: endings, scores, and the issues where expectations were furthest off. Damaged saves "
        "and saves from a changed scenario are listed, not fatal.",
    )
    report.add_argument("saves", nargs="+", metavar="SAVE", help="save files or folders of them")
    report.add_argument("--format", choices=("text", "markdown", "csv"), default="text")
    report.add_argument("--output", metavar="PATH", help="write to this file instead of printing")
    report.set_defaults(run=_report)

    graph = commands.add_parser(
        "graph", help="draw the session machine and a scenario's rules",
        description="Print the session state machine, and with a scenario each delegation's scripted rules "
        "in the order they are checked (rules that can never fire are marked), as Mermaid or Graphviz text.",
    )
    graph.add_argument("scenario", nargs="?", help="a scenario file or id")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.set_defaults(run=_graph)

    schema = commands.add_parser(
        "schema", help="print the JSON Schema of the scenario format",
        description="Print (or write) the JSON Schema of the scenario format, generated from the models, "
        "for editors: start a scenario with '# yaml-language-server: $schema=PATH'.",
    )
    schema.add_argument("--output", metavar="PATH", help="write to this file instead of printing")
    schema.set_defaults(run=_schema)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not getattr(args, "run", None):
        parser().print_help()
        return 0
    if getattr(args, "runs", 1) < 1:
        print("--runs must be at least 1", file=sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _reader_left()


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
