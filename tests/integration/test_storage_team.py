"""What the team taught, in a real SQLite file: nothing is deleted (a withdrawn entry and a
removed phrasing keep their rows), only what is in service is merged, and a curated entry with
a team entry's id retires it for good."""

from __future__ import annotations

import dataclasses

from knowledge import KnowledgeBase
from runtime.context import Knowledge
from runtime.teaching import assemble
from storage.db import Database
from storage.team_knowledge import RETIRED, WITHDRAWN, TeamKnowledge, TeamPrompts

ANSWER = "Die Ehrenamtskarte beantragen Sie bei der Koordinierungsstelle."  # test data


async def published(db: Database, entry_id: str = "team-ehrenamtskarte") -> TeamKnowledge:
    team = TeamKnowledge(db)
    async with db.transaction():
        await team.publish(entry_id, "engagement", "Ehrenamtskarte", ANSWER, "Kathrin")
        await team.teach(entry_id, "Wie bekomme ich die Ehrenamtskarte?", "de", "Kathrin")
    return team


async def test_withdrawing_and_removing_keep_the_rows_and_take_them_out_of_service(
    db: Database,
) -> None:
    team = await published(db)
    async with db.transaction():
        jbz = await team.teach("bildung-jbz", "Was macht das JBZ genau?", "de", "Sven")
        again = await team.teach("bildung-jbz", "was macht das jbz GENAU?", "de", "Sven")
    assert jbz is not None and again is None  # the same words once
    assert [t.entry_id for t in await team.phrasings()] == ["team-ehrenamtskarte", "bildung-jbz"]
    async with db.transaction() as conn:  # the phrasing came a minute after the entry
        await conn.execute(
            "UPDATE team_phrasings SET added_at = '2099-01-01T00:01:00+00:00' WHERE id = ?", (jbz,)
        )
    recent = await team.recent(10)
    assert [(entry_id, what, by) for entry_id, what, by, _ in recent] == [
        ("bildung-jbz", "taught", "Sven"),
        ("team-ehrenamtskarte", "published", "Kathrin"),
    ]
    assert await team.set_status("team-ehrenamtskarte", WITHDRAWN, "Sven")
    assert not await team.set_status("team-ehrenamtskarte", WITHDRAWN, "Sven")  # once
    assert await team.live_entries() == []
    assert [t.entry_id for t in await team.phrasings()] == ["bildung-jbz"]
    assert await team.remove_phrasing(jbz, "Kathrin")
    assert await team.phrasings() == [] and await team.phrasing(jbz) is None
    async with db.conn.execute("SELECT COUNT(*) FROM team_phrasings") as cursor:
        assert (await cursor.fetchone())[0] == 2
    found = await team.entry("team-ehrenamtskarte")
    assert found is not None and found[1] == WITHDRAWN and found[0].changed_by == "Sven"
    assert not await team.change(dataclasses.replace(found[0], title="Neu"), "Sven")  # not live


async def test_a_change_keeps_what_it_does_not_name(db: Database) -> None:
    team = await published(db)
    [live] = await team.live_entries()
    assert await team.change(dataclasses.replace(live, answer="Neue Antwort."), "Sven")
    [entry] = await team.live_entries()
    assert (entry.title, entry.answer, entry.changed_by) == (
        "Ehrenamtskarte",
        "Neue Antwort.",
        "Sven",
    )


async def test_assembling_merges_the_team_part_and_retires_what_yaml_took_over(
    db: Database, kb: KnowledgeBase
) -> None:
    await published(db)
    await published(db, "bildung-jbz")  # as if the curator committed the export under its id
    knowledge, merged = await assemble(kb, db)
    assert "team-ehrenamtskarte" in knowledge.kb.by_id and knowledge.yaml is kb
    assert knowledge.kb.by_id["bildung-jbz"] == kb.by_id["bildung-jbz"]
    assert [entry.entry_id for entry, _ in merged.superseded] == ["bildung-jbz"]
    found = await TeamKnowledge(db).entry("bildung-jbz")
    assert found is not None and found[1] == RETIRED
    # a matcher of each language was built over the merged entries
    assert set(knowledge.matchers) == {"uk", "ru", "ar"}


async def test_nothing_taught_keeps_the_knowledge_already_built(
    db: Database, kb: KnowledgeBase
) -> None:
    built = Knowledge.of(kb)
    same, _ = await assemble(kb, db, built=built)
    assert same is built
    await published(db)
    fresh, _ = await assemble(kb, db, built=built)
    assert fresh is not built and "team-ehrenamtskarte" in fresh.kb.by_id


async def test_a_question_to_the_team_is_remembered_by_its_message(db: Database) -> None:
    prompts = TeamPrompts(db)
    await prompts.ask(-100, 7, "draft:3", "title")
    assert await prompts.asked(-100, 7) == ("draft:3", "title")
    assert await prompts.asked(-100, 8) is None and await prompts.asked(-101, 7) is None


async def test_phrasings_of_a_retired_id_serve_the_curated_entry_and_withdrawn_ones_are_listed(
    db: Database, kb: KnowledgeBase
) -> None:
    team = await published(db, "bildung-jbz")  # the curator committed the export with its id
    await assemble(kb, db)  # retired
    async with db.transaction():
        await team.teach("bildung-jbz", "Was macht man im JBZ eigentlich?", "de", "Sven")
    knowledge, _ = await assemble(kb, db)
    assert "Was macht man im JBZ eigentlich?" in knowledge.kb.by_id["bildung-jbz"].taught["de"]
    assert ("bildung-jbz", "taught") in [(e, w) for e, w, _, _ in await team.recent(10)]
    await published(db)
    assert await team.set_status("team-ehrenamtskarte", WITHDRAWN, "Sven")
    assert ("team-ehrenamtskarte", "withdrawn", "Sven") in [
        (e, w, by) for e, w, by, _ in await team.recent(10)
    ]
