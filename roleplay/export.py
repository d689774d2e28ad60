"""The research export: one row per move per game, rebuilt by replaying each save.

Every figure is the engine's own, taken after the move was played (its
round too: the first offer at the table belongs to round 1; `phase` is the
phase the move was made in): the standing offers and what each is worth to
both sides (by the scenario's stated interests), the gaps per issue with the
main counterpart, and the meters. A save is replayed on the scenario version it was played on (see
`saves.played_on`); one that cannot be replayed is named on stderr and left out.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from roleplay import saves
from roleplay.catalogue import ScenarioNotFound
from roleplay.engine.session import IllegalAction, Session
from roleplay.record import data
from roleplay.report import save_files
from roleplay.scenario.loader import Loaded, load
from roleplay.scenario.problems import ScenarioError
from roleplay.text import csv_cell

GAP_KINDS = ("position", "expectation", "reality")
COLUMNS = ["game", "player", "scenario", "version", "side", "counterpart", "move", "round", "phase", "action",
           "detail", "offer", "offer_utility_side", "offer_utility_counterpart", "their_offer",
           "their_offer_utility_side", "their_offer_utility_counterpart", "trust", "tension", "timestamp"]
"""The fixed columns; the CSV adds gap.ISSUE.KIND columns after them, for every issue of every game exported."""


def rows(paths: list[Path], problems: list[str]) -> Iterator[dict[str, Any]]:
    """Every move of every save found, in file order; what cannot be replayed goes to `problems`."""
    cache: dict[str, Loaded] = {}
    for path in save_files(paths):
        try:
            yield from _game(path, cache)
        except (saves.SaveError, ScenarioError, ScenarioNotFound, IllegalAction) as exc:
            why = str(exc).splitlines()[0]
            problems.append(why if why.startswith(f"{path}:") else f"{path}: {why}")  # said once, whoever said it


def _game(path: Path, cache: dict[str, Loaded]) -> Iterator[dict[str, Any]]:
    save = saves.read(path)
    source, _ = saves.played_on(save, path)
    if str(source) not in cache:
        cache[str(source)] = load(source)
    loaded = cache[str(source)]
    if loaded.digest != save.scenario_digest:
        raise saves.ScenarioChanged("the scenario has changed since the game was played, and no copy was kept")
    session = Session(loaded.scenario, save.delegation, save.seed)
    main, me = session.main.id, session.me
    mine, theirs = session.true_utility(me), session.true_utility(main)
    for number, action in enumerate(save.actions, start=1):
        phase = session.phase
        session.act(action)
        state = session.state
        offer, their = dict(state.player_offer), dict(session.their_offer(main))
        meters = session.meters(main)
        detail = {name: value for name, value in data(action, exclude_defaults=True).items() if name != "kind"}
        yield {
            "game": path.stem, "player": save.player, "scenario": save.scenario_id,
            "version": save.scenario_digest[:12], "side": me, "counterpart": main, "move": number,
            "round": state.round, "phase": phase, "action": action.kind, "detail": detail,
            "offer": offer, "offer_utility_side": _worth(mine.of, offer), "offer_utility_counterpart": _worth(theirs.of, offer),
            "their_offer": their, "their_offer_utility_side": _worth(mine.of, their),
            "their_offer_utility_counterpart": _worth(theirs.of, their),
            "trust": meters.trust, "tension": meters.tension,
            "timestamp": save.move_times[number - 1] if number <= len(save.move_times) else "",
            "gaps": {g.issue: {kind: getattr(g, kind) for kind in GAP_KINDS}
                     for g in state.gaps if g.round == state.round and g.counterpart == main},
        }


def _worth(of: Any, package: dict[str, str]) -> float | None:
    return round(of(package), 4) if package else None


def as_jsonl(found: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in found)


def as_csv(found: list[dict[str, Any]]) -> str:
    issues = sorted({issue for row in found for issue in row["gaps"]})
    gap_columns = [f"gap.{issue}.{kind}" for issue in issues for kind in GAP_KINDS]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS + gap_columns)
    for row in found:
        cells = [json.dumps(row[column], sort_keys=True) if column == "detail" else _cell(row[column])
                 for column in COLUMNS]
        cells += [_cell(row["gaps"].get(issue, {}).get(kind)) for issue in issues for kind in GAP_KINDS]
        writer.writerow(cells)
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return csv_cell(";".join(f"{k}={v}" for k, v in value.items()))
    if isinstance(value, float):
        return f"{value:.4f}"
    return csv_cell(str(value))


FORMATS = {"csv": as_csv, "jsonl": as_jsonl}
