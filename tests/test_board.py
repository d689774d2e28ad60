"""The table's issue board, read line by line as the panel reads it."""

from __future__ import annotations

from roleplay.engine.session import Session
from roleplay.engine.view import player_view
from roleplay.scenario.models import Scenario
from roleplay.tui.board import Board, gap_history
from tests.conftest import to_bargaining


def test_where_their_expectation_may_lie_is_marked_on_every_cell_of_the_range_offers_included(
        tutorial: Scenario) -> None:
    session = to_bargaining(Session(tutorial, "tenant", seed=3))
    view = player_view(session)
    main = view.counterparts[0]
    draft = dict(view.my_positions)
    board = Board(session.scenario, view, gap_history(view), draft, 0)
    for n, issue in enumerate(session.scenario.issues):
        known = view.intel[main][issue.id]
        cells = [text for text, _ in board.cells(n)]
        assert len(cells) == len(issue.options) and all(len(cell) == 3 for cell in cells)
        for rank, cell in enumerate(cells):
            assert ("?" in cell) == (known.lo <= rank <= known.hi), (issue.id, cells)
    # with no intelligence yet the range is the whole scale: the offers stand inside it, and keep their mark
    assert any(text.strip() in ("Y?", "T?", "*?") for n in range(len(session.scenario.issues))
               for text, _ in board.cells(n))
