"""Small talk and courtesy in the plan: frame alone, thanks, emoji, asking for help (pure)."""

from __future__ import annotations

import pytest

from knowledge import Matcher
from knowledge.plan import plan
from tests.unit.plan_steps import NOW, steps


@pytest.fixture
def matcher(bundled_matcher: Matcher) -> Matcher:
    return bundled_matcher


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("Hallo", "smalltalk-hallo"),
        ("Danke im Voraus", "smalltalk-danke"),
        ("LG", "smalltalk-tschuess"),
        ("Ich hätte eine Frage:", "smalltalk-hallo"),  # the question comes next
        ("Hallo, wie geht es Ihnen?", "smalltalk-hallo"),
        ("👍", "smalltalk-ok"),
        ("🙏", "smalltalk-danke"),
        ("Juten Tach", "smalltalk-hallo"),
        ("halo", "smalltalk-hallo"),
        ("Na, hallo du", "smalltalk-hallo"),  # "du" alone is no question about the bot
        ("dankeee", "smalltalk-danke"),
        ("Vielen Dank, hat mir geholfen", "smalltalk-danke"),
        ("Vielen Dank für die Auskunft, das hat mir sehr geholfen.", "smalltalk-danke"),
        ("Guten Tag, ich bin neu hier", "smalltalk-hallo"),
        # taking leave is answered with a goodbye, whatever came with it
        ("Danke und tschüss", "smalltalk-tschuess"),
        ("Hallo und danke!", "smalltalk-danke"),
        ("Ok, tschüss", "smalltalk-tschuess"),
        ("Bis morgen", "smalltalk-tschuess"),  # not "Guten Morgen"
        ("Man sieht sich", "smalltalk-tschuess"),
        ("Bye, have a nice day!", "smalltalk-tschuess"),
        ("Take care", "smalltalk-tschuess"),
        ("Ade, macht's jut", "smalltalk-tschuess"),  # "macht's", not only "mach's"
        ("Ade und danke", "smalltalk-tschuess"),
        # a goodbye with a question mark still takes leave ("Wann ist das Wiedersehen?" asks)
        ("Bis bald?", "smalltalk-tschuess"),
        ("Ihr macht's gut!", "smalltalk-ok"),  # praise, no goodbye
        ("Danke, das musste ich wissen.", "smalltalk-danke"),  # no wish to know
        # the season's wishes take leave, one or several; they made a ticket for the team
        ("Frohe Weihnachten und einen guten Rutsch!", "smalltalk-tschuess"),
        ("Auf Wiedersehen und frohe Weihnachten!", "smalltalk-tschuess"),
        ("Happy new year", "smalltalk-tschuess"),
        ("ciao, muss zur schicht", "smalltalk-tschuess"),  # leaving for work, after a goodbye
        ("Danke, ich muss jetzt los", "smalltalk-tschuess"),
        ("Okay, I see.", "smalltalk-ok"),  # not "See you later"
        ("Jut, vastanden.", "smalltalk-ok"),
        ("bin dann mal weg", "smalltalk-tschuess"),  # "bin weg" without "ich"
        ("moin bin der ben", "smalltalk-hallo"),  # a name in small letters, all that is left
        ("Guten Tag, hier ist Erika Muster aus Roßlau.", "smalltalk-hallo"),  # and where from
        # whom they thank, and thanks in another language first
        ("Danke dir, Bot!", "smalltalk-danke"),
        ("Teşekkürler, danke sehr, Freund!", "smalltalk-danke"),
        # a thank-you letter's closing: thanks, not a goodbye
        (
            "Vielen Dank für die Auskunft. Mit freundlichen Grüßen, Gisela Brenneke",
            "smalltalk-danke",
        ),
        # all is well, nothing more asked ("Problem" met the JBZ, "keine" the reminders' stop)
        ("Kein Problem!", "smalltalk-ok"),
        ("Keine weiteren Fragen.", "smalltalk-ok"),
        ("Danke, das wars.", "smalltalk-danke"),
        ("Danke, ich habe keine Fragen mehr.", "smalltalk-danke"),
        ("No worries", "smalltalk-ok"),
    ],
)
def test_a_message_of_only_frame_is_small_talk(matcher: Matcher, text: str, entry: str) -> None:
    p = plan(text, matcher, NOW)
    assert steps(p) == [("smalltalk", entry)]
    assert not p.to_team


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("Wer seid ihr?", "smalltalk-faehigkeiten"),
        ("Wer sind Sie?", "smalltalk-faehigkeiten"),  # as people address the bot
        ("Bist du ein Roboter?", "smalltalk-faehigkeiten"),
        ("Wer sind Sie denn? Ein Computer?", "smalltalk-faehigkeiten"),
        ("Wozu bist du da?", "smalltalk-faehigkeiten"),  # "bist" is no stop word
        ("dnake", "smalltalk-danke"),
        ("okey", "smalltalk-ok"),
    ],
)
def test_who_the_bot_is_and_small_talk_with_a_typo_are_answered(
    matcher: Matcher, text: str, entry: str
) -> None:
    assert steps(plan(text, matcher, NOW)) == [("smalltalk", entry)]


@pytest.mark.parametrize(
    "text",
    [
        "Ich bin Mutter und muss arbeiten",  # no leave taken: what she does
        "Ich kann nicht zum Treffen kommen, ich muss arbeiten",
    ],
)
def test_having_to_work_is_no_goodbye(matcher: Matcher, text: str) -> None:
    # (a guard: the review found these read as goodbyes by the first rule of leaving for work)
    assert ("smalltalk", "smalltalk-tschuess") not in steps(plan(text, matcher, NOW))


@pytest.mark.parametrize("text", ["Das reicht mir nicht", "nicht verstanden", "nix verstanden"])
def test_saying_no_is_not_all_right_but_for_the_team(matcher: Matcher, text: str) -> None:
    assert plan(text, matcher, NOW).to_team


def test_a_no_that_reassures_is_all_right(matcher: Matcher) -> None:
    assert steps(plan("Alles klar, kein Ding", matcher, NOW)) == [("smalltalk", "smalltalk-ok")]


def test_asking_for_a_person_to_talk_to_is_the_office_not_small_talk(matcher: Matcher) -> None:
    assert steps(plan("Ich möchte mit einem Menschen sprechen.", matcher, NOW)) == [
        ("answer", "kontakt-koordinierungsstelle")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Super, hat mir geholfen, danke",
        "thank you so much",
        "Danke vielmals",
        "Dankeschön, sehr nett",
        "Dankeschön, das hilft mir sehr!",  # "hilft" is no question about volunteering
        "Herzlichen Dank, Sie waren mir eine große Hilfe.",
        "Vielen Dank für die schnelle Antwort, echt super",  # praise after the thanks
        "danke für eure hilfe, top",
    ],
)
def test_thanks_around_a_statement_is_thanks_not_a_question(matcher: Matcher, text: str) -> None:
    assert steps(plan(text, matcher, NOW)) == [("smalltalk", "smalltalk-danke")]


@pytest.mark.parametrize(
    "text",
    [
        "Guten Tag, meine Mutter ist pflegebedürftig und ich schaffe das nicht mehr allein. LG",
        "Hallo, ich habe mich gestern angemeldet aber keine Bestätigung bekommen.",
        "Das hat mir nicht geholfen, danke.",
        "Ciao, mein Sperrmüll wurde nicht abgeholt.",  # a goodbye first hides no complaint
    ],
)
def test_a_statement_with_a_greeting_or_thanks_still_reaches_the_team(
    matcher: Matcher, text: str
) -> None:
    assert plan(text, matcher, NOW).to_team


def test_asking_for_help_belongs_to_the_sentence_before(matcher: Matcher) -> None:
    # "helfen" here is being helped, not volunteering: the topic is the further training
    text = "Ich war Ingenieur. Ich möchte eine Weiterbildung für Arbeit machen. Wer kann helfen?"
    assert steps(plan(text, matcher, NOW)) == [("answer", "bildung-weiterbildung")]


def test_thanks_first_then_a_question_answers_the_question(matcher: Matcher) -> None:
    assert steps(plan("Danke! Und wie melde ich mich an?", matcher, NOW)) == [
        ("answer", "assistent-anmeldung")
    ]


@pytest.mark.parametrize(
    "text", ["Kannst du mir bitte helfen?", "Können Sie mir helfen? Ich kenne mich nicht aus."]
)
def test_asking_for_help_and_naming_nothing_gets_what_the_bot_can_do(
    matcher: Matcher, text: str
) -> None:
    p = plan(text, matcher, NOW)
    assert steps(p) == [("smalltalk", "smalltalk-faehigkeiten")]
    assert not p.to_team


def test_asking_for_someone_who_helps_is_asking_for_help_not_thanks(matcher: Matcher) -> None:
    # "hilft" had made it thanks, answered "you are welcome"
    assert steps(plan("gibtn hier jemand der mir hilft", matcher, NOW)) == [
        ("smalltalk", "smalltalk-faehigkeiten")
    ]


def test_emoji_that_say_nothing_go_to_the_team_not_to_a_goodbye(matcher: Matcher) -> None:
    assert steps(plan("🍕🍕🍕", matcher, NOW)) == [("team", None)]


def test_asking_how_one_is_is_frame(matcher: Matcher) -> None:
    text = "Na, alles fit? Wie werden Ehrenamtliche hier anerkannt?"
    assert steps(plan(text, matcher, NOW)) == [("answer", "engagement-anerkennung")]


@pytest.mark.parametrize(
    "text",
    [
        "Danke! JBZ Adresse",  # a request without "?"
        "Danke dir! Kontakt Frau Hinze",
        "Danke, aber das hilft mir nicht.",
        "Ich brauche finanzielle Hilfe.",  # help of a kind: for the team, not small talk
        "Ich brauche dringend Hilfe.",
        "Das war's schon? Ich habe keine Antwort bekommen.",  # asks, though "das war's"
        "Ich bin Arbeitslos aus Dessau.",  # what someone is, no introduction
        "Warum dauern eure Antworten so lange",  # no duration asked: a complaint
        "Guten Tag, ich freue mich auf Ihre Rückmeldung, ob ich als Rentnerin mitmachen kann.",
        "Meine Tochter geht in den bilingualen Kindergarten und wird dort gemobbt. Was kann "
        "ich tun?",  # the story's unknown words are what it is about
    ],
)
def test_a_request_or_a_problem_inside_frame_words_still_reaches_the_team(
    matcher: Matcher, text: str
) -> None:
    p = plan(text, matcher, NOW)
    assert p.to_team
    assert not [r for r in p.replies if r.step.value == "smalltalk"]


def test_a_phrasing_of_an_entry_that_asks_for_help_is_that_entry(matcher: Matcher) -> None:
    assert steps(plan("An wen kann ich mich wenden?", matcher, NOW)) == [
        ("answer", "kontakt-koordinierungsstelle")
    ]


@pytest.mark.parametrize(("text", "entry"), [("👍🏼", "smalltalk-ok"), ("👍👍", "smalltalk-ok"),
                                             ("❤️", "smalltalk-danke")])  # fmt: skip
def test_an_emoji_with_a_skin_tone_or_repeated_is_the_same_small_talk(
    matcher: Matcher, text: str, entry: str
) -> None:
    assert steps(plan(text, matcher, NOW)) == [("smalltalk", entry)]


def test_a_question_before_the_season_s_wishes_is_answered(matcher: Matcher) -> None:
    p = plan("Wann ist das nächste Treffen? Frohe Weihnachten!", matcher, NOW)
    assert steps(p) == [("events", None)]
