"""The briefing as one Markdown document: the scenario's story, then the played delegation's instructions.

The briefing screen draws it; a first start also parses it ahead, in the child
that checks the scenario (see roleplay.tui.head_start), so that it is kept
before the screen asks for it.
"""

from __future__ import annotations

from roleplay.scenario.models import Delegation, Scenario
from roleplay.text import markdown, markdown_prose


def briefing_markdown(scenario: Scenario, me: Delegation) -> str:
    return (
        f"{markdown_prose(scenario.briefing)}\n\n---\n\n# Your instructions: {markdown(me.name)}\n\n"
        f"{markdown_prose(me.briefing)}\n\n"
        f"**If there is no deal:** {markdown(me.batna.story or 'nothing better.')}\n\n"
        "*Press Enter to start preparing. `?` explains every key.*"
    )
