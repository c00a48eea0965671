"""The knowledge pair in service is the curated YAML plus what the team taught in its chat.

Whenever either changes (start-up, /neu_laden, an answer published, a phrasing taught, an
entry withdrawn), `assemble` reads the team's part from the database, merges it into the
curated knowledge base (knowledge/team.py) and builds the matchers off the event loop; the
caller swaps the new pair in under `Services.reloading`, so two changes never interleave.
A team entry that a YAML entry with its id now supersedes is retired here, for good.
"""

from __future__ import annotations

import asyncio
import html
import logging

from knowledge import KnowledgeBase
from knowledge.team import Merged, merge
from runtime.context import Knowledge, Services
from storage.db import Database
from storage.outbox import Outbox
from storage.team_knowledge import RETIRED, TeamKnowledge

logger = logging.getLogger(__name__)

CURATOR = "YAML"  # who retired a team entry that a curated entry replaced


async def assemble(
    curated: KnowledgeBase, db: Database, built: Knowledge | None = None
) -> tuple[Knowledge, Merged]:
    """The knowledge pair for `curated` and the team's entries and phrasings in `db`;
    `built`, the pair of `curated` alone, serves as it is while the team taught nothing."""
    team = TeamKnowledge(db)
    entries, taught = await team.live_entries(), await team.phrasings()
    if built is not None and built.curated is None and not entries and not taught:
        return built, Merged(curated)
    merged = merge(curated, entries, taught)
    for entry, source in merged.superseded:
        if await team.set_status(entry.entry_id, RETIRED, CURATOR, note=source):
            logger.info("team entry %s retired: a curated entry has its id", entry.entry_id)
    for entry, problem in merged.invalid:
        logger.warning("team entry %s not in service: %s", entry.entry_id, problem)
    knowledge = await asyncio.to_thread(Knowledge.of, merged.kb, curated)
    return knowledge, merged


async def tell_team(services: Services, merged: Merged) -> None:
    """Say in the team chat which team entries a curated entry took over (at start-up; a
    reload says it in its report)."""
    if not merged.superseded or services.db is None or services.settings is None:
        return
    messages = merged.kb.messages
    lines = [
        messages.get("reload_team_retired", title=entry.title, id=entry.entry_id, source=source)
        for entry, source in merged.superseded
    ]
    payload = {"text": html.escape("\n".join(lines)), "parse_mode": "HTML"}
    async with services.db.transaction():
        await Outbox(services.db).add(
            services.settings.coordinator_chat_id, payload, purpose="notice"
        )


async def refresh(services: Services) -> Merged:
    """Put what the team taught into service now: the curated knowledge base in service
    merged again with the database's team part."""
    assert services.knowledge is not None and services.db is not None, "after post_init"
    async with services.reloading:
        knowledge, merged = await assemble(services.knowledge.yaml, services.db)
        services.knowledge = knowledge
    return merged
