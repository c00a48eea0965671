"""The loader rejects broken knowledge directories with messages naming file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from knowledge import KnowledgeError, load
from tests.unit.kb_files import ENTRY


def problems_for(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load(directory)
    return caught.value.problems


def write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(textwrap.dedent(text), encoding="utf-8")


def test_the_bundled_knowledge_base_is_valid() -> None:
    kb = load()
    assert len(kb.entries) >= 25
    assert {e.category for e in kb.entries} >= {"programm", "engagement", "bildung", "smalltalk"}


def test_a_valid_directory_loads_with_sources(kb_dir: Path) -> None:
    kb = load(kb_dir)
    assert [e.id for e in kb.entries] == ["bildung-jbz", "kontakt-stelle"]
    assert kb.by_id["bildung-jbz"].source == "a.yaml:2"
    assert kb.by_id["bildung-jbz"].related == ("kontakt-stelle",)


def test_yaml_syntax_error_names_file_and_line(kb_dir: Path) -> None:
    write(kb_dir, "b.yaml", "entries:\n  - id: x\n    title: [unclosed\n")
    [problem] = problems_for(kb_dir)
    assert problem.startswith("b.yaml:")
    assert "YAML syntax error" in problem


def test_unknown_key_is_named_with_a_suggestion(kb_dir: Path) -> None:
    text = ENTRY.replace("    answer: Schreiben Sie uns.", "    anwser: Schreiben Sie uns.")
    write(kb_dir, "a.yaml", text)
    problems = problems_for(kb_dir)
    assert (
        "a.yaml:15: entry 'kontakt-stelle': unknown key 'anwser' (did you mean 'answer'?)"
        in (problems[0])
    )
    assert any("a.yaml:10: entry 'kontakt-stelle': missing 'answer'" in p for p in problems)


def test_duplicate_ids_across_files_name_both_places(kb_dir: Path) -> None:
    write(
        kb_dir,
        "b.yaml",
        ENTRY.split("  - id: kontakt-stelle")[0].replace("related: [kontakt-stelle]", ""),
    )
    problems = problems_for(kb_dir)
    assert problems == ["b.yaml:2: duplicate id 'bildung-jbz' (first at a.yaml:2)"]


def test_missing_and_empty_answer(kb_dir: Path) -> None:
    write(kb_dir, "a.yaml", ENTRY.replace("answer: Beratung unter einem Dach.", "answer: ''"))
    assert problems_for(kb_dir) == ["a.yaml:8: entry 'bildung-jbz': answer is empty"]
    write(kb_dir, "a.yaml", ENTRY.replace("    answer: Schreiben Sie uns.\n", ""))
    assert problems_for(kb_dir) == ["a.yaml:10: entry 'kontakt-stelle': missing 'answer'"]


def test_a_line_break_inside_a_sentence_is_named_with_its_line(kb_dir: Path) -> None:
    # Telegram shows every line break: lists, "Label: value" lines and new sentences may
    # start a line, the middle of a sentence may not.
    fine = """\
      So erreichen Sie uns:
      • per E-Mail,
      • per Telefon.
      E-Mail: engagiertestadt@dessau-rosslau.de
      Telefon: 0340 204-1401
      Wir melden uns. „Versprochen.“
      Schreiben Sie gern."""
    text = ENTRY.replace("answer: Schreiben Sie uns.", "answer: |\n" + fine)
    write(kb_dir, "a.yaml", text)
    load(kb_dir)
    broken = ENTRY.replace(
        "answer: Schreiben Sie uns.",
        "answer: Schreiben Sie uns.\n    answer_en: |\n"
        "      Write to the office (e-mail:\n      engagiertestadt@dessau-rosslau.de).",
    )
    write(kb_dir, "a.yaml", broken)
    [problem] = problems_for(kb_dir)
    assert problem.startswith("a.yaml:18: entry 'kontakt-stelle': answer_en: line break inside")
    messages = (kb_dir / "messages.yaml").read_text(encoding="utf-8")
    messages = messages.replace(
        "      Guten Tag{name}! Ich bin der digitale Assistent",
        "      Guten Tag{name}! Ich bin der digitale\n      Assistent",
    )
    write(kb_dir, "a.yaml", ENTRY)
    write(kb_dir, "messages.yaml", messages)
    line = messages.splitlines().index("      Assistent der Engagierten Stadt Dessau-Roßlau.") + 1
    [problem] = problems_for(kb_dir)
    assert problem.startswith(f"messages.yaml:{line}: message 'welcome' (de): line break inside")


def test_related_id_that_does_not_exist(kb_dir: Path) -> None:
    write(kb_dir, "a.yaml", ENTRY.replace("related: [kontakt-stelle]", "related: [kontakt]"))
    assert problems_for(kb_dir) == [
        "a.yaml:2: entry 'bildung-jbz': related id 'kontakt' does not exist"
    ]


def test_a_name_of_two_entries_or_without_words_is_named_with_its_line(kb_dir: Path) -> None:
    named = ENTRY.replace("    keywords: [jbz]", "    keywords: [jbz]\n    names: [JBZ]")
    twice = named.replace(
        "      - Wie erreiche ich Sie?", "      - Wie erreiche ich Sie?\n    names: [jbz]"
    )
    write(kb_dir, "a.yaml", twice)
    assert problems_for(kb_dir) == [
        "a.yaml:11: entry 'kontakt-stelle': name 'jbz' is also a name of 'bildung-jbz' (a.yaml:2)"
    ]
    write(kb_dir, "a.yaml", named.replace("[JBZ]", "[JBZ, '…']"))
    assert problems_for(kb_dir) == ["a.yaml:8: entry 'bildung-jbz': name '…' has no words"]


def test_empty_phrasing_and_phrasing_without_words(kb_dir: Path) -> None:
    text = ENTRY.replace(
        "      - Was ist das Jugend.Berufs.Zentrum?",
        "      - Was ist das JBZ?\n      - ''\n      - '???'",
    )
    write(kb_dir, "a.yaml", text)
    problems = problems_for(kb_dir)
    assert "a.yaml:7: entry 'bildung-jbz': questions, item 2 is empty" in problems
    assert "a.yaml:8: entry 'bildung-jbz': phrasing '???' has no words to match" in problems


def test_empty_questions_list(kb_dir: Path) -> None:
    write(
        kb_dir,
        "a.yaml",
        ENTRY.replace("    questions:\n      - Wie erreiche ich Sie?\n", "    questions: []\n"),
    )
    assert "a.yaml:13: entry 'kontakt-stelle': 'questions' is empty" in problems_for(kb_dir)


def test_bad_id_and_unknown_category(kb_dir: Path) -> None:
    text = ENTRY.replace("id: kontakt-stelle", "id: Kontakt Stelle").replace(
        "category: kontakt", "category: sport"
    )
    text = text.replace("related: [kontakt-stelle]", "")
    write(kb_dir, "a.yaml", text)
    problems = problems_for(kb_dir)
    assert any("a.yaml:10:" in p and "id must be" in p for p in problems)
    assert any("a.yaml:11:" in p and "unknown category 'sport'" in p for p in problems)


def test_duplicate_key_within_an_entry(kb_dir: Path) -> None:
    write(
        kb_dir,
        "a.yaml",
        ENTRY.replace("    keywords: [jbz]\n", "    keywords: [jbz]\n    keywords: [beruf]\n"),
    )
    assert problems_for(kb_dir) == ["a.yaml:8: entry: key 'keywords' appears twice"]


def test_file_without_entries_list(kb_dir: Path) -> None:
    write(kb_dir, "b.yaml", "eintraege:\n  - id: x\n")
    problems = problems_for(kb_dir)
    assert any(p.startswith("b.yaml:1:") and "unknown key 'eintraege'" in p for p in problems)
    assert any(p.startswith("b.yaml:1:") and "missing 'entries:'" in p for p in problems)


def test_missing_message_and_mismatched_placeholders(kb_dir: Path) -> None:
    text = (kb_dir / "messages.yaml").read_text(encoding="utf-8")
    text = text.replace("Guten Tag{name}!", "Guten Tag{nam}!")
    start = text.index("  stale_button:")
    end = text.index("  error:")
    write(kb_dir, "messages.yaml", text[:start] + text[end:])
    problems = problems_for(kb_dir)
    assert (
        "messages.yaml: message 'stale_button' is missing (in none of the messages*.yaml)"
        in problems
    )
    assert any("message 'welcome': placeholders differ between languages" in p for p in problems)


def test_feature_message_files_are_merged_and_duplicates_named(kb_dir: Path) -> None:
    write(
        kb_dir,
        "messages_extra.yaml",
        """\
        messages:
          extra_note:
            de: "Ihre Frage Nr. {number} ist beim Team."
            en: "Your question no. {number} is with the team."
        """,
    )
    kb = load(kb_dir)
    assert kb.messages.get("extra_note", "en", number=7) == "Your question no. 7 is with the team."
    assert kb.entries  # a messages file is not read as entries
    write(
        kb_dir,
        "messages_more.yaml",
        """\
        menu: [kontakt-stelle]
        messages:
          extra_note:
            de: "doppelt"
        """,
    )
    problems = problems_for(kb_dir)
    assert any(
        p.startswith("messages_more.yaml:1:") and "unknown key 'menu'" in p for p in problems
    )
    assert any(
        p.startswith("messages_more.yaml:3:")
        and "message 'extra_note' is defined twice (first at messages_extra.yaml:2)" in p
        for p in problems
    )


def test_every_problem_is_reported_at_once(kb_dir: Path) -> None:
    text = ENTRY.replace("category: kontakt", "category: sport").replace(
        "related: [kontakt-stelle]", "related: [nix]"
    )
    write(kb_dir, "a.yaml", text)
    assert len(problems_for(kb_dir)) == 2


def test_knowledge_check_command(kb_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from knowledge.__main__ import main

    assert main(["check", str(kb_dir)]) == 0
    assert "OK: 2 entries in 1 files" in capsys.readouterr().out
    write(kb_dir, "a.yaml", ENTRY.replace("related: [kontakt-stelle]", "related: [nix]"))
    assert main(["check", str(kb_dir)]) == 1
    assert (
        "a.yaml:2: entry 'bildung-jbz': related id 'nix' does not exist" in capsys.readouterr().err
    )


def test_knowledge_ask_command_shows_scores_and_the_decision(
    kb_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from knowledge.__main__ import main

    assert main(["ask", "Was ist das JBZ?", "--dir", str(kb_dir)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["score", "query"])
    assert lines[header].split()[:4] == ["score", "query", "phrase", "resem"]
    best = lines[header + 1].split()
    assert best[-1] == "bildung-jbz" and 0 < float(best[0]) <= 1
    assert "[a.yaml:2]" in out  # where the entry is written
    assert "Entscheidung: ANSWER (bildung-jbz)" in out
    assert main(["ask", "Wann kommt die Müllabfuhr?", "--dir", str(kb_dir)]) == 0
    out = capsys.readouterr().out
    assert "(no entry shares a telling word with the question)" in out
    assert "Entscheidung: HANDOFF (-)" in out
    assert main(["ask", "Hallo, was kostet das JBZ?", "--dir", str(kb_dir)]) == 0
    out = capsys.readouterr().out
    assert "frame: greeting=True" in out and "detail=cost" in out
    assert "Antwort: ANSWER bildung-jbz (fehlt: cost -> Team)" in out


def test_synonyms_are_matched_as_their_word_on_both_sides(kb_dir: Path) -> None:
    from knowledge import Matcher, Outcome

    before = Matcher(load(kb_dir)).ask("Was ist das Karrierezentrum?")
    write(kb_dir, "synonyms.yaml", "spellings:\n  Karrierezentrum: jbz\ngroups: []\n")
    kb = load(kb_dir)
    assert kb.synonyms == {"karrierezentrum": "jbz"}
    after = Matcher(kb).ask("Was ist das Karrierezentrum?")
    assert after.outcome is Outcome.ANSWER and after.candidates[0].entry.id == "bildung-jbz"
    assert before.outcome is not Outcome.ANSWER  # the synonym made the difference


def test_broken_synonyms_are_named_with_file_and_line(kb_dir: Path) -> None:
    write(
        kb_dir,
        "synonyms.yaml",
        "spellings:\n  wat: was\n  wat: wos\n  zwei worte: eins\n"
        "groups:\n  - [firma]\n  - [firma, betrieb]\nextra: 1\n",
    )
    found = problems_for(kb_dir)
    assert "synonyms.yaml:3: 'wat' is already listed at synonyms.yaml:2" in found
    assert "synonyms.yaml:4: 'zwei worte' must be one word" in found
    assert any(
        p.startswith("synonyms.yaml:6: a group is a list of at least two words") for p in found
    )
    assert any(p.startswith("synonyms.yaml:8: unknown or malformed 'extra'") for p in found)


def test_a_synonym_mapped_to_itself_or_in_a_chain_is_named(kb_dir: Path) -> None:
    write(kb_dir, "synonyms.yaml", "spellings:\n  bar: bar\n  aa: bb\n  bb: cc\ngroups: []\n")
    found = problems_for(kb_dir)
    assert "synonyms.yaml:2: 'bar' is mapped to itself" in found
    assert "synonyms.yaml:3: 'aa' maps to 'bb', which maps on itself" in found
