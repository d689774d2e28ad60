"""The `roleplay` command: play, validate, simulate and audit.

Each subcommand imports what it needs when it runs, so that `validate`,
`simulate` and `--help` never pay for loading the TUI.
"""

from __future__ import annotations

import argparse
import json
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
    for path, source in available():
        row: dict[str, object] = {"id": path.stem, "file": str(path), "source": source.origin}
        try:
            scenario = load(path).scenario
            row |= {"title": scenario.title, "sides": [d.id for d in scenario.playable()], "rounds": scenario.rounds}
        except ScenarioError as exc:
            row |= {"problems": len(exc.problems)}
        rows.append(row)
    schema = shipped("schema") / "scenario.schema.json"
    if args.format == "json":
        print(json.dumps({"searched": [{"folder": str(s.folder), "source": s.origin} for s in sources()],
                          "schema": str(schema), "scenarios": rows}, indent=2))
        return 0
    print("searched, first match wins: " + "; ".join(f"{s.folder} ({s.origin})" for s in sources()))
    print(f"the scenario format's JSON Schema: {schema}")
    for row in rows:
        if "problems" in row:
            what = f"{row['problems']} problem(s): run roleplay validate {row['file']}"
        else:
            what = f"{row['title']} · as {', '.join(row['sides'])} · {row['rounds']} rounds"  # type: ignore[arg-type]
        print(f"{row['id']}\n    {what}\n    {row['file']} ({row['source']})")
    if not rows:
        print("no scenarios found")
        return 1
    return 0
def _audit(args: argparse.Namespace) -> int:
    from roleplay.play import tables
    from roleplay.play.audit import audit
    from roleplay.scenario.loader import load
    from roleplay.scenario.problems import ScenarioError

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
    if not args.text and args.resume is None and sys.stdin.isatty() and sys.stdout.isatty():
        from roleplay.tui.app import run_tui

        return run_tui(args.scenario, args.delegation, args.seed, args.coach)
    from roleplay.console import run_console

    return run_console(args.scenario, args.delegation, args.seed, resume=args.resume, save_name=args.save,
                       player=args.player, coach=args.coach)


def _fork(args: argparse.Namespace) -> int:
    from roleplay.fork import fork
    from roleplay.saves import SaveError, save_path

    _use_saves(args.saves)
    given = Path(args.save)
    try:
        target = fork(given if given.suffix == ".json" and given.exists() else save_path(args.save), args.round,
                      args.name)
    except (SaveError, ScenarioNotFound) as exc:
        print(str(exc).splitlines()[0], file=sys.stderr)
        return 1
    print(f"forked round {args.round} to {target}; play on with: roleplay play --resume {target.stem!r}")
    return 0


def _emit(text: str, output: str | None) -> int:
    """Print a command's text, or write it to --output."""
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
        print(f"wrote {output}")
    else:
        print(text, end="")
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
    play.add_argument("--saves", metavar="DIR", help="the folder of saves (default: ROLEPLAY_SAVES, ./saves in a "
                      "checkout, else the user's data folder)")
    play.add_argument("--coach", choices=("off", "hints", "tutor"), default=None,
                      help="the coach: off, hints (warns before a clear mistake) or tutor (also explains each "
                      "round); default: the scenario's (off, hints for the tutorial), or the save's when resuming")
    play.set_defaults(run=_play)

    forked = commands.add_parser(
        "fork", help="play on from an earlier round of a saved game",
        description="Rebuild a saved game at the start of a round and save it under a new name, linked to its "
        "parent, to play on from there with 'roleplay play --resume NAME'. The parent save is never changed.",
    )
    forked.add_argument("save", metavar="SAVE", help="a save name or a path to a .json file")
    forked.add_argument("--round", type=int, required=True, help="the round to play on from (1 or later)")
    forked.add_argument("--save", dest="name", metavar="NAME", help="the fork's name (default: SAVE-rN)")
    forked.add_argument("--saves", metavar="DIR", help="the folder of saves (default: as for play)")
    forked.set_defaults(run=_fork)

    scenarios = commands.add_parser(
        "scenarios", help="list the scenarios available and where each comes from",
        description="List every scenario an id reaches, with its title, sides and file, and the folders "
        "searched: ROLEPLAY_SCENARIOS if set, else ./scenarios, then the scenarios shipped with roleplay.",
    )
    scenarios.add_argument("--format", choices=("text", "json"), default="text")
    scenarios.set_defaults(run=_scenarios)

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

    audit = commands.add_parser(
        "audit", help="search for play that games the score",
        description="The exploit search: for each class of play (sensible, no-preparation, stalling, pressure, "
        "walk-out, maximal-expectations, early-deal) search a family of player policies by random search and "
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

    graph = commands.add_parser(
        "graph", help="draw the session machine and a scenario's rules",
        description="Print the session state machine, and with a scenario each delegation's scripted rules "
        "in the order they are checked (rules that can never fire are marked), as Mermaid or Graphviz text.",
    )
    graph.add_argument("scenario", nargs="?", help="a scenario file or id")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.set_defaults(run=_graph)

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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
