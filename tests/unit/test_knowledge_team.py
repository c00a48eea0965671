"""What the team teaches, merged into the curated knowledge base: its entries are checked by the
rules of the YAML files, its phrasings reach the matcher of their language, a curated entry with
a team entry's id supersedes it, and a citizen's question loses its personal data on the way."""

from __future__ import annotations

from datetime import UTC, datetime

import yaml

from knowledge import KnowledgeBase, Matcher, Outcome
from knowledge.loader import entry_from_yaml
from knowledge.team import (
    Taught,
    TeamEntry,
    export_yaml,
    merge,
    new_id,
    office_contacts,
    personal_data,
    phrasing_language,
    phrasing_problem,
    proposed_title,
    without_personal_data,
)

AT = datetime(2026, 12, 6, 10, tzinfo=UTC)
CARD = TeamEntry(
    1,
    "team-ehrenamtskarte",
    "engagement",
    "Ehrenamtskarte",
    "Die Ehrenamtskarte beantragen Sie bei der Koordinierungsstelle.",  # test data
    "Kathrin",
    AT,
)


def taught(entry_id: str, text: str, language: str = "de", number: int = 1) -> Taught:
    return Taught(number, entry_id, text, language, "Kathrin", AT)


def test_a_team_entry_and_its_phrasings_are_answered_by_the_matcher(kb: KnowledgeBase) -> None:
    before = Matcher(kb).ask("Wo beantrage ich die Ehrenamtskarte?")
    assert before.outcome is not Outcome.ANSWER
    merged = merge(kb, [CARD], [taught(CARD.entry_id, "Wo beantrage ich die Ehrenamtskarte?")])
    assert merged.superseded == () and merged.invalid == ()
    entry = merged.kb.by_id[CARD.entry_id]
    assert entry.source == "team:1" and entry.answer == CARD.answer
    decision = Matcher(merged.kb).ask("Wo beantrage ich die Ehrenamtskarte?")
    assert decision.outcome is Outcome.ANSWER and decision.best is not None
    assert decision.best.entry.id == CARD.entry_id
    assert len(merged.kb.entries) == len(kb.entries) + 1  # the curated ones untouched


def test_a_phrasing_taught_to_a_curated_entry_reaches_only_its_languages_matcher(
    kb: KnowledgeBase,
) -> None:
    question = "Ich möchte meine Zeit für andere einsetzen, wohin wende ich mich?"
    assert Matcher(kb).ask(question).outcome is not Outcome.ANSWER
    ukrainian = "Хочу витрачати свій час на інших людей, куди звернутися?"
    merged = merge(
        kb,
        [],
        [
            taught("engagement-mitmachen", question),
            taught("engagement-mitmachen", ukrainian, "uk", 2),
        ],
    )
    decision = Matcher(merged.kb).ask(question)
    assert decision.outcome is Outcome.ANSWER and decision.best is not None
    assert decision.best.entry.id == "engagement-mitmachen"
    entry = merged.kb.by_id["engagement-mitmachen"]
    assert ukrainian in entry.phrasings_in("uk")[0] and ukrainian not in entry.phrasings_in("de")[0]
    assert question not in entry.phrasings_in("uk")[0]


def test_a_team_entry_breaking_the_files_rules_is_left_out_with_its_problem(
    kb: KnowledgeBase,
) -> None:
    broken = TeamEntry(2, "team-lang", "engagement", "T" * 61, "Eine Antwort.", "Kathrin", AT)
    lines = TeamEntry(
        3, "team-zeilen", "engagement", "Zeilen", "Ein Satz ohne\nEnde hier.", "Kathrin", AT
    )
    merged = merge(kb, [broken, lines], [])
    [(first, too_long), (second, broken_line)] = merged.invalid
    assert first.entry_id == "team-lang" and "title over 60 characters" in too_long
    assert second.entry_id == "team-zeilen" and "line break inside a sentence" in broken_line
    assert "team-lang" not in merged.kb.by_id and "team-zeilen" not in merged.kb.by_id


def test_a_curated_entry_with_the_team_entrys_id_supersedes_it(kb: KnowledgeBase) -> None:
    same = TeamEntry(4, "bildung-jbz", "bildung", "JBZ", "Alt.", "Kathrin", AT)
    merged = merge(kb, [same], [])
    assert [(e.entry_id, source) for e, source in merged.superseded] == [
        ("bildung-jbz", kb.by_id["bildung-jbz"].source)
    ]
    assert merged.kb.by_id["bildung-jbz"] == kb.by_id["bildung-jbz"]


def test_the_export_is_a_knowledge_file_the_loader_accepts() -> None:
    text = export_yaml(
        [CARD],
        [
            taught(CARD.entry_id, "Wie bekomme ich die Ehrenamtskarte?"),
            taught("bildung-jbz", "Was macht das JBZ genau?", number=2),
        ],
    )
    data = yaml.safe_load(text)
    assert data["entries"][0]["questions"] == ["Wie bekomme ich die Ehrenamtskarte?"]
    assert "#   bildung-jbz [de]: Was macht das JBZ genau?" in text  # to copy by hand
    one = yaml.safe_dump({"entries": data["entries"]}, allow_unicode=True)
    entry, problems = entry_from_yaml(one)
    assert problems == [] and entry is not None and entry.id == CARD.entry_id


def test_ids_come_from_the_title_and_never_repeat() -> None:
    assert new_id("Wie bekomme ich die Ehrenamtskarte?", []) == "team-ehrenamtskarte"
    assert new_id("Ehrenamtskarte", ["team-ehrenamtskarte"]) == "team-ehrenamtskarte-2"
    assert new_id("Юридична допомога", []) == "team-eintrag"
    assert len(new_id("Sehr " * 40, [])) <= 40
    assert proposed_title("Wie bekomme ich die Ehrenamtskarte?") == (
        "Wie bekomme ich die Ehrenamtskarte"
    )
    long = proposed_title("Wie bekomme ich die Ehrenamtskarte und was kostet sie eigentlich genau?")
    assert len(long) <= 60 and long.endswith("…")


def test_a_citizens_question_loses_frame_names_and_contacts(kb: KnowledgeBase) -> None:
    office = office_contacts(kb)
    checked = without_personal_data(
        "Hallo, ich heiße Erika Muster und möchte wissen, wie ich Ehrenamtliche werde."
        " Ruf mich an: 0171 2345678, erika@example.org oder @erika_m. Mit freundlichen Grüßen,"
        " Erika",
        names=["Erika", "erika_m"],
        office=office,
    )
    assert checked.text == (
        "möchte wissen, wie ich Ehrenamtliche werde. Ruf mich an: [Telefon], [E-Mail] oder [Name]."
    )
    assert set(checked.removed) == {"frame", "phone", "email", "name"}
    assert checked.warnings == ()
    # the office's own address and number, and the coordinator's name, are no personal data
    office_text = kb.by_id["kontakt-koordinierungsstelle"].answer
    assert personal_data(office_text, office) == ()
    assert personal_data("Rufen Sie Frau Muster unter 0172 9876543 an.", office) == (
        "phone",
        "name",
    )


def test_a_phrasings_language_is_told_by_its_letters_and_words() -> None:
    assert phrasing_language("Як отримати картку волонтера?") == "uk"
    assert phrasing_language("Как получить карту волонтёра?") == "ru"
    assert phrasing_language("كيف أحصل على بطاقة التطوع؟") == "ar"
    assert phrasing_language("How do I get the volunteer card?") == "en"
    assert phrasing_language("Wie bekomme ich die Karte?") == "de"


def test_dates_times_and_ranges_are_no_phone_numbers(kb: KnowledgeBase) -> None:
    office = office_contacts(kb)
    for text in (
        "Was ist am 12.05.2024 los?",
        "Geöffnet 9.00 - 12.00 Uhr",
        "Für 10 - 20 Personen",
        "Die Förderung lief 2024 - 2027.",
        "Treffen um 18:30, am 3.10.",
    ):
        assert without_personal_data(text, (), office).text == text, text
        assert personal_data(text, office) == (), text
    assert personal_data("Tel. 0340 / 20 41 401 oder +49 171 2345678", office) == ("phone",)


def test_names_are_found_in_the_bots_languages_and_in_the_teams_answer(
    kb: KnowledgeBase,
) -> None:
    office = office_contacts(kb)
    ukrainian = without_personal_data("Мене звати Олена Коваленко, як стати волонтером?")
    assert ukrainian.text == "Мене звати [Name], як стати волонтером?"
    assert "name" in ukrainian.removed
    assert personal_data("Меня зовут Ольга, я хочу помогать.", office) == ("name",)
    assert personal_data("اسمي أحمد وأريد المساعدة", office) == ("name",)
    # the citizen greeted in the team's answer, and her surname after her first name
    assert personal_data("Hallo Anna, das geht im Bürgeramt.", office, ["Anna"]) == ("name",)
    assert personal_data("Hallo, das geht im Bürgeramt.", office, ["Anna"]) == ()
    checked = without_personal_data("Hier schreibt Anna Schmidt: Wo ist das JBZ?", ["Anna"])
    assert "Schmidt" not in checked.text and "Anna" not in checked.text


def test_nothing_but_greeting_and_closing_leaves_no_phrasing() -> None:
    assert without_personal_data("Hallo!").text == ""
    assert without_personal_data("Viele Grüße, Anna", ["Anna"]).text == ""
    assert phrasing_problem("") == "empty"
    assert phrasing_problem("a") == "short"  # would draw answers to anything
    assert phrasing_problem("x" * 301) == "long"
    assert phrasing_problem("JBZ?") is None


def test_phrasings_in_further_languages_are_exported_as_comments() -> None:
    text = export_yaml(
        [CARD],
        [
            taught(CARD.entry_id, "Wie bekomme ich die Ehrenamtskarte?"),
            taught(CARD.entry_id, "Як отримати картку волонтера?", "uk", 2),
        ],
    )
    [item] = yaml.safe_load(text)["entries"]
    assert item["questions"] == ["Wie bekomme ich die Ehrenamtskarte?"]
    assert "#   team-ehrenamtskarte [uk]: Як отримати картку волонтера?" in text


def test_ordinary_words_are_no_names(kb: KnowledgeBase) -> None:
    office = office_contacts(kb)
    for text in ("Hier ist Platz für Fragen zur Ehrenamtskarte?", "Ich bin neu in Dessau."):
        assert without_personal_data(text, (), office).text == text, text
    # the citizen's name goes, the word after it stays when the office writes it too
    checked = without_personal_data("Kann Anna Ehrenamt im JBZ machen?", ["Anna"], office)
    assert checked.text == "Kann [Name] Ehrenamt im JBZ machen?"
    assert without_personal_data("اسمي أحمد وأريد المساعدة").text == "اسمي [Name] وأريد المساعدة"
