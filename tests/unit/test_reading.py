"""Reading a message as people write it: frame, parts, time and the detail asked (pure)."""

from __future__ import annotations

import pytest

from knowledge.reading import Detail, Time, read
from knowledge.text import words


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Hallo, was ist die Engagierte Stadt?", "was ist die Engagierte Stadt?"),
        ("Moin! Wer ist die Koordinatorin?", "Wer ist die Koordinatorin?"),
        ("Schönen guten Tag, was bietet ihr Vereinen?", "was bietet ihr Vereinen?"),
        ("Hallo zusammen, wie kann ich helfen?", "wie kann ich helfen?"),
        ("Hallo du, wie kann ich mitmachen?", "wie kann ich mitmachen?"),
        ("Was ist das JBZ? LG", "Was ist das JBZ?"),
        ("Wie kann ich mitmachen? Danke im Voraus", "Wie kann ich mitmachen?"),
        (
            "Sehr geehrte Damen und Herren,\nwie kann ich mich engagieren?\n"
            "Mit freundlichen Grüßen\nErika Muster",
            "wie kann ich mich engagieren?",
        ),
        ("Wo ist das JBZ?\nFreundliche Grüße\nDr. Anja Neumann", "Wo ist das JBZ?"),
        ("Wo ist das JBZ?\nMit freundlichem Gruß\nKlaus-Dieter Hahn", "Wo ist das JBZ?"),
        ("Wo ist das JBZ?\nHochachtungsvoll\nGerhard Pohl", "Wo ist das JBZ?"),
        ("Wo ist das JBZ? Herzlich, Christa", "Wo ist das JBZ?"),
        ("Wo ist das JBZ?\nHerzlichst\nIhre Erika", "Wo ist das JBZ?"),
        ("Wo ist das JBZ?\nMit sportlichen Grüßen\nFrank", "Wo ist das JBZ?"),
        ("Wo ist das JBZ?\nMit gärtnerischen Grüßen\nHartmut Schulze", "Wo ist das JBZ?"),
        ("Wo ist das JBZ?\nGruß\nSven", "Wo ist das JBZ?"),
        ("Wo ist das JBZ?\nGrüße\nAnja K.", "Wo ist das JBZ?"),
        ("Wo ist das JBZ?\nDanke und Gruß\nMonika Wolf, Schriftführerin", "Wo ist das JBZ?"),
        ("Wo ist das JBZ?\nVielen Dank und liebe Grüße\nMonika", "Wo ist das JBZ?"),
        (
            "Wo ist das JBZ? Für eine kurze Antwort wäre ich Ihnen dankbar.\nWerner",
            "Wo ist das JBZ?",
        ),
        ("Wo ist das JBZ? Über eine Rückmeldung würde ich mich freuen.", "Wo ist das JBZ?"),
        # a letter's polite thanks before the closing, on the same line
        (
            "Wo ist das JBZ? Für Ihre Mühe danke ich Ihnen im Voraus. Mit freundlichen Grüßen, Ute",
            "Wo ist das JBZ?",
        ),
        ("Wo ist das JBZ? Ich bedanke mich für Ihre Bemühungen.", "Wo ist das JBZ?"),
        ("Wo ist das JBZ? Hab es in der Zeitung gelesen.", "Wo ist das JBZ?"),
        (
            "Wo ist das JBZ? Für eine kurze Auskunft wäre ich Ihnen sehr verbunden. Mit "
            "freundlichen Grüßen, Joachim",
            "Wo ist das JBZ?",
        ),
        (
            "Wo ist das JBZ?\nMit herzlichem Dank und freundlichen Grüßen, Ingeborg",
            "Wo ist das JBZ?",
        ),
        (
            "Wo ist das JBZ? Ich danke Ihnen für Ihre Geduld mit einer Neugierigen.",
            "Wo ist das JBZ?",
        ),
    ],
)
def test_a_salutation_or_closing_is_frame_and_the_question_stays(text: str, question: str) -> None:
    reading = read(text)
    assert [part.text for part in reading.parts] == [question]
    assert reading.framed


def test_a_formal_request_in_a_long_letter_is_a_question_of_its_own() -> None:
    story = "Ich wohne in Dessau. Ich war Lehrer. Ich lese gern. Ich habe Zeit. "
    for asking in (
        "Ich ersuche Sie daher um Auskunft, wie ich mitmachen kann.",
        "Ich gestatte mir daher die höfliche Frage, was Mehrsprachigkeit bedeutet.",
        "Ich möchte Sie bitten, mir den Aufbau des Programms darzulegen.",
    ):
        assert [p.text for p in read(story + asking).parts if p.question] == [asking]
    # a wish to know before a colon, in the old spelling, leads into the question
    asked = [
        p.text
        for p in read(
            story + "Ich muß daher wissen: Welche Daten speichert der Assistent über mich?"
        ).parts
        if p.question
    ]
    assert len(asked) == 1 and "Welche Daten speichert der Assistent" in asked[0]


def test_a_question_inside_one_long_sentence_ends_where_a_comment_on_it_starts() -> None:
    # one sentence of a long letter: the story, the question, and a comment after it
    text = (
        "Nachdem ich, der ich lange Latein unterrichtet habe, in der Zeitung gelesen hatte, dass"
        " sich unsere Stadt eine „Engagierte Stadt“ nennen dürfe, erlaube ich mir zu fragen, was"
        " eine solche Engagierte Stadt eigentlich ausmacht, wobei ich hinzufügen möchte, dass"
        " mich das Thema, seit ich im Ruhestand bin, durchaus beschäftigt."
    )
    assert [p.text for p in read(text).parts if p.question] == [
        "was eine solche Engagierte Stadt eigentlich ausmacht?"
    ]
    # an aside that names the topic is no aside: "…, wobei es um das Netzwerktreffen geht"
    text = (
        "Ich habe mit großem Interesse Ihren Flyer gelesen und wäre froh, wenn Sie mir erläutern"
        " könnten, wie man sich anmeldet, wobei es um das Netzwerktreffen geht."
    )
    assert "Netzwerktreffen" in " ".join(p.text for p in read(text).parts if p.question)
    text = (
        "Da ich als Inhaber eines kleinen Betriebs in Dessau seit Langem überlege, wie wir uns"
        " einbringen könnten, möchte ich Sie fragen, wie ich mitmachen kann, da ich ein"
        " Unternehmen führe."
    )
    assert "Unternehmen" in " ".join(p.text for p in read(text).parts if p.question)


def test_a_self_introduction_is_not_part_of_the_question() -> None:
    reading = read("Guten Tag, ich heiße Erika und möchte wissen, was das JBZ ist")
    assert reading.greeting
    assert len(reading.parts) == 1
    assert "Erika" not in reading.parts[0].text and "JBZ" in reading.parts[0].text


@pytest.mark.parametrize(
    ("text", "greeting", "thanks", "goodbye"),
    [
        ("Hallo!", True, False, False),
        ("Danke im Voraus", False, True, False),
        ("LG", False, False, True),
        ("Mit freundlichen Grüßen", False, False, True),
        ("Tach ooch", True, False, False),
        ("bis später", False, False, True),
        ("Schönen Tag noch!", False, False, True),
        ("Vielen Dank für die Auskunft.", False, True, False),
        ("Herzlichen Dank!", False, True, False),
    ],
)
def test_a_message_of_only_frame_has_no_parts_but_says_what_it_was(
    text: str, greeting: bool, thanks: bool, goodbye: bool
) -> None:
    reading = read(text)
    assert reading.parts == ()
    assert (reading.greeting, reading.thanks, reading.goodbye) == (greeting, thanks, goodbye)


@pytest.mark.parametrize(
    "text",
    [
        "Dank dir!", "danke dir 👍", "Danke dir, sehr nett",
        "Vielen herzlichen Dank für Ihre freundliche Auskunft.",
        # "Haben Sie vielen Dank", two words for the answer
        "Haben Sie vielen Dank für Ihre ausführliche und freundliche Auskunft.",
        "Habt vielen Dank für die schnelle und nette Antwort",
        "Haben Sie vielen Dank für Ihre Hilfe und Geduld!",
        # and whom they thank
        "Vielen herzlichen Dank für Ihre Auskunft, verehrte Damen und Herren.",
        "Danke für die Antwort, liebe Frau Hinze!",
    ],
)  # fmt: skip
def test_thanks_to_you_is_thanks_and_nothing_else(text: str) -> None:
    reading = read(text)
    assert reading.thanks and not reading.parts


def test_thanks_for_help_with_something_keep_what_it_was_for() -> None:
    # "für die Hilfe" is taken off with the thanks only when nothing of it follows
    assert [p.text for p in read("Vielen Dank für die Hilfe beim Eintragen.").parts] == [
        "für die Hilfe beim Eintragen."
    ]


@pytest.mark.parametrize("text", ["Hallo 👋", "Moin 🙂", "Hi :)", "Hallo Team 👋"])
def test_a_greeting_with_an_emoji_is_still_only_a_greeting(text: str) -> None:
    reading = read(text)
    assert reading.greeting and reading.parts == ()


@pytest.mark.parametrize(
    ("text", "first_word"),
    [("Hilfe", "Hilfe"), ("Historie der Engagierten Stadt?", "Historie"), ("Hier bin ich", "Hier")],
)
def test_a_word_that_begins_like_a_greeting_is_no_greeting(text: str, first_word: str) -> None:
    reading = read(text)
    assert not reading.greeting
    assert reading.parts[0].text.startswith(first_word)


def test_a_closing_word_inside_the_message_does_not_cut_off_the_questions_after_it() -> None:
    reading = read("Wie kann ich helfen? Ich bin über die BG versichert? Was ist das JBZ?")
    assert reading.parts[-1].text == "Was ist das JBZ?"


def test_questions_joined_by_und_are_parts_in_order() -> None:
    reading = read(
        "Was ist das JBZ und wie kann ich mich anmelden und wann ist das nächste Treffen?"
    )
    assert [p.text for p in reading.parts] == [
        "Was ist das JBZ",
        "wie kann ich mich anmelden",
        "wann ist das nächste Treffen?",
    ]
    assert reading.parts[2].time is Time.FUTURE


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Wer ist Frau Hinze und unter welcher Nummer erreiche ich sie?", 2),
        ("Wer hilft mir und an wen wende ich mich?", 2),
        # a piece that asks no clause of its own goes on with the question before it
        ("Gibt es Kurse für Erwachsene und für welche Berufe?", 1),
        ("Gibt es Kurse für Erwachsene und in welchen Sprachen?", 1),
        ("Bitte sagen Sie mir, wo das JBZ ist und bei wem ich mich melden muss.", 1),
    ],
)
def test_a_question_after_und_may_start_with_a_preposition(text: str, parts: int) -> None:
    assert len(read(text).parts) == parts


def test_a_question_word_made_with_wo_asks_before_the_next_question() -> None:
    # the "?" ends the second question only; the first asks by its first word
    for text in (
        "Worum ging es bei der Dialogveranstaltung 2020, und was geschah danach?",
        "Wozu gibt es die Arbeitsgruppe, und wer sitzt darin?",
        "Worüber berät der Beirat, und wer koordiniert das Programm?",
        "Inwiefern hilft das Vereinen, und wie melden wir uns an?",
    ):
        assert [p.question for p in read(text).parts] == [True, True], text


def test_und_inside_one_question_does_not_split_it() -> None:
    reading = read("Was machen Stadt und Wirtschaft gemeinsam?")
    assert len(reading.parts) == 1
    # the piece before "und" asks nothing alone: the question goes on after it
    assert len(read("In welcher Straße und welchem Zimmer sitzt das Büro?").parts) == 1
    assert len(read("Wo und wann findet das nächste Treffen statt?").parts) == 1
    assert len(read("Ich habe Zeit und möchte helfen.").parts) == 1
    # a verb before a subject splits only a question, and a conjunction is no verb
    assert len(read("Meine Tochter ist 3 und für ihr Alter suche ich eine Kita.").parts) == 1
    assert len(read("Ich bin Rentner und weil ich Zeit habe, möchte ich helfen?").parts) == 1


def test_a_yes_no_question_after_und_is_a_part_of_its_own() -> None:
    # the verb before its subject ("krieg ich") starts a German question
    reading = read("Wie trag ich mich als Helfer ein, und krieg ich dann Erinnerungen?")
    assert [p.text for p in reading.parts] == [
        "Wie trag ich mich als Helfer ein",
        "krieg ich dann Erinnerungen?",
    ]
    assert len(read("Welche Termine gibt es und kann mich der Chat daran erinnern?").parts) == 2
    assert len(read("Was ist die Engagierte Stadt, und seit wann macht Dessau mit?").parts) == 2
    assert [p.text for p in read("Was ist das JBZ und hilft das auch bei Bewerbungen?").parts] == [
        "Was ist das JBZ",
        "hilft das auch bei Bewerbungen?",
    ]
    assert len(read("Wo fang ich an und geht die Anmeldung auch im Chat?").parts) == 2
    # without any "?" (dictated) no split, nor after dialect "un": "ich ziehe nach dessau und
    # muss ich mich anmelden" is one question, for the city
    assert len(read("ich ziehe nach dessau und muss ich mich anmelden").parts) == 1
    assert len(read("Ich habe ein Auto gekauft un muss ich es anmelden?").parts) == 1
    # the same verb after "und" in a statement continues it
    assert len(read("Mein Sohn ist 16 und macht bald seinen Abschluss.").parts) == 1


def test_a_smiley_after_a_greeting_is_frame() -> None:
    assert [p.text for p in read("Hi :D wie kann ich helfen?").parts] == ["wie kann ich helfen?"]
    assert [p.text for p in read("Hallo :-) wer ist die Koordinatorin?").parts] == [
        "wer ist die Koordinatorin?"
    ]


def test_a_verb_after_und_without_a_subject_continues_the_statement() -> None:
    # "kann" is a question word only before its subject ("und kann man …?")
    reading = read(
        "ich bin Lagerist im Schichtdienst und kann während der Arbeit nicht telefonieren. "
        "Kann ich mich hier im Chat melden?"
    )
    assert reading.parts[0].text == (
        "ich bin Lagerist im Schichtdienst und kann während der Arbeit nicht telefonieren."
    )
    assert (
        len(read("Ich war beim Treffen und hat mir gut gefallen. Wann ist das nächste?").parts) == 2
    )
    # a verb before its subject starts a second question only in a question
    said = read("Ich helfe gern und kann mich nicht gut bewegen. Wie kann ich helfen?").parts
    assert len(said) == 2 and not said[0].question


def test_sentences_are_parts_but_a_date_with_dots_is_not_cut() -> None:
    assert len(read("Was ist das JBZ? Wer ist die Koordinatorin?").parts) == 2
    # a dash before a question of its own ends the story before it
    said = read("Ich bin neu in Dessau – wie werden Ehrenamtliche hier gewürdigt?").parts
    assert [p.text for p in said] == [
        "Ich bin neu in Dessau",
        "wie werden Ehrenamtliche hier gewürdigt?",
    ]
    # … not one that points back to what is before the dash
    assert len(read("Ich las „Engagierte Stadt“ – was steckt da dahinter?").parts) == 1
    assert len(read("Familienberatung – wo finde ich die in Roßlau genau?").parts) == 1
    # an emoji or a smiley ends a sentence
    said = read("komme grad von der Nachtschicht 😴 kurze Frage: wie schalte ich das ab?").parts
    assert [p.question for p in said] == [False, True]
    assert len(read("bin neu hier :) wie kann ich helfen?").parts) == 2
    assert len(read("komme vom Sport ☀️ kurze Frage: wo ist das JBZ?").parts) == 2
    # announcing how many questions come is frame ("Drei Fragen:", "zwee Fragen:")
    said = read("Drei Fragen: Was ist das JBZ, wer ist die Koordinatorin und was kostet es?")
    assert said.parts[0].text == "Was ist das JBZ"
    # not an emoji inside a sentence, nor an abbreviation's '.'
    assert len(read("Gibt es Angebote für Kinder ⚽ oder Familien in Roßlau?").parts) == 1
    assert len(read("Ich würde gern helfen, evtl. kann ich auch am Wochenende?").parts) == 1
    # all in small letters, a question word after a '.' starts a sentence; "z.b." does not end one
    assert len(read("bin neu hier und hab keinen plan. was machen die im jbz so").parts) == 2
    assert len(read("gibt es was für kinder, z.b. was mit sport?").parts) == 1
    assert [p.text for p in read("Was war am 02./04. Oktober?").parts] == [
        "Was war am 02./04. Oktober?"
    ]


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("Was war im November?", Time.PAST),
        ("Wie war die Auftaktveranstaltung?", Time.PAST),
        ("Wann ist das nächste Treffen?", Time.FUTURE),
        ("Was ist das JBZ?", None),  # German "was" is not the past
    ],
)
def test_the_time_of_a_question(text: str, time: Time | None) -> None:
    assert read(text).parts[0].time is time


def test_a_time_of_day_with_auf_is_no_question_for_opening_hours() -> None:
    assert read("Wer passt morgens auf die Kinder auf?").parts[0].detail is None


@pytest.mark.parametrize(
    ("text", "detail", "topic_word"),
    [
        ("Was kostet die Beratung im JBZ?", Detail.COST, "JBZ"),
        ("Wie lange dauert so eine Weiterbildung?", Detail.DURATION, "Weiterbildung"),
        ("Wie viele Plätze hat die Familienberatung?", Detail.COUNT, "Familienberatung"),
        ("Wann genau war die erste Arbeitsgruppensitzung?", Detail.DATE, "Arbeitsgruppensitzung"),
        ("Wie sind die Öffnungszeiten des JBZ?", Detail.HOURS, "JBZ"),
        ("Wie ist die Adresse vom JBZ?", Detail.WHERE, "JBZ"),
        ("Wie lange läuft das Programm schon?", Detail.WHEN, "Programm"),  # since when
        # the words of the detail are no topic: "Stunden", "Gebäude", "Ansprechperson"
        ("Wie viele Stunden pro Woche muss ich fürs Ehrenamt einplanen?", Detail.DURATION,
         "Ehrenamt"),
        # a time of day close before "auf" or "offen" asks the hours
        ("Hat das JBZ auch samstags auf?", Detail.HOURS, "JBZ"),
        ("Hat das JBZ auch nachmittags offen?", Detail.HOURS, "JBZ"),
        ("Hat das JBZ auch abends offen?", Detail.HOURS, "JBZ"),
        ("In wie vielen Sprachen gibt es die Angebote?", Detail.COUNT, "Angebote"),  # dative
        ("Was muss meine Firma zahlen, um Partner zu werden?", Detail.COST, "Firma"),
        ("In welchem Gebäude und Zimmer sitzt die Koordinierungsstelle?", Detail.WHERE,
         "Koordinierungsstelle"),
        ("Wo fand die Dialogveranstaltung statt?", Detail.WHERE, "Dialogveranstaltung"),
        ("Zu welchen Zeiten ist das JBZ erreichbar?", Detail.HOURS, "JBZ"),
        # on which days someone is there in person
        ("An welchen Tagen ist die Koordinierungsstelle besetzt?", Detail.HOURS,
         "Koordinierungsstelle"),
        ("An welchen Tagen ist im JBZ jemand persönlich anzutreffen?", Detail.HOURS, "JBZ"),
        ("Wie heißt die Ansprechperson beim JBZ?", Detail.NAME, "JBZ"),
        ("Wer leitet das Jugend.Berufs.Zentrum?", Detail.NAME, "Jugend.Berufs.Zentrum"),
        # which organisations, or who signed: their names
        ("Welche Firmen haben die Kooperationsvereinbarung unterzeichnet?", Detail.NAME,
         "Kooperationsvereinbarung"),
        ("Welche Bildungsträger sind genau Partner bei der Initiative Weiterbildung?",
         Detail.NAME, "Weiterbildung"),
        ("Wer hat den Letter of Intent damals für die Stadt unterschrieben?", Detail.NAME,
         "Letter"),
        # a past event's place, with words between, or in English
        ("Wo in der Stadt fand Dessau living 2023 statt?", Detail.WHERE, "Dessau living"),
        ("Where exactly did the Dessau living event take place?", Detail.WHERE, "Dessau living"),
    ],
)  # fmt: skip
def test_the_detail_asked_is_read_and_left_out_of_the_topic(
    text: str, detail: Detail, topic_word: str
) -> None:
    part = read(text).parts[0]
    assert part.detail is detail
    assert topic_word in part.topic and len(part.topic) < len(text)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("wo genau sitzt das JBZ, welche straße?", "das jbz welche"),
        ("In welchem Gebäude und Zimmer sitzt die Stelle?", "und die stelle"),
        ("Wie lange dauert das ungefähr, Wochen oder Monate?", "das oder"),
        ("Wie viele Stunden pro Woche muss ich mindestens einplanen?", "muss ich"),
        ("Wann genau ist das Treffen, Tag und Uhrzeit bitte?", "ist das treffen und bitte"),
    ],
)  # fmt: skip
def test_words_that_only_ask_for_the_place_or_the_time_are_no_topic(text: str, topic: str) -> None:
    assert words(read(text).parts[0].topic) == topic.split()


@pytest.mark.parametrize(
    "text",
    [
        "Welche Zahlen hat das Programm erreicht?",  # figures, not paying
        "Kann ich mich abends auf die Warteliste für Ehrenamt setzen?",  # "auf" the list
    ],
)
def test_words_like_detail_words_ask_no_detail(text: str) -> None:
    assert read(text).parts[0].detail is None


def test_an_e_mail_address_is_no_postal_address() -> None:
    assert read("Gibt es eine E-Mail-Adresse?").parts[0].detail is None
    assert read("Wo ist die Koordinierungsstelle angesiedelt?").parts[0].detail is None


def test_a_question_that_points_back_but_names_its_own_topic_stays_a_part() -> None:
    reading = read(
        "Wie will die Stadt eine Ehrenamtskultur aufbauen und welche Rolle spielt die "
        "Wirtschaft dabei?"
    )
    assert [p.text for p in reading.parts] == [
        "Wie will die Stadt eine Ehrenamtskultur aufbauen",
        "welche Rolle spielt die Wirtschaft dabei?",
    ]
    # two questions, the second pointing back, stay two parts: the plan reads the second
    # with the first only if it finds nothing alone
    assert len(read("Was ist das JBZ? Wie melde ich mich da an?").parts) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Ich möchte meine Angaben im Chat löschen. Wie gehe ich dabei vor?",
        "Ich möchte meine Angaben im Chat löschen. Wer kann mir dabei helfen?",
        "Ich möchte meine Angaben im Chat löschen. An wen kann ich mich wenden?",
    ],
)
def test_asking_for_the_way_or_for_help_joins_the_sentence_before_and_is_no_topic(
    text: str,
) -> None:
    (part,) = read(text).parts
    assert part.question
    assert "löschen" in part.topic
    assert not {"gehe", "helfen", "wenden"} & set(part.topic.replace("?", " ").split())


def test_a_question_without_words_of_its_own_points_back_to_the_sentence_before() -> None:
    (part,) = read("Ich habe von der Engagierten Stadt gelesen. Was steckt dahinter?").parts
    assert part.points_back
    (alone,) = read("Was ist die Engagierte Stadt?").parts
    assert not alone.points_back


def test_questions_listed_with_commas_are_parts_but_one_question_stays_one() -> None:
    listed = read(
        "Was ist die Engagierte Stadt, wer ist die Koordinatorin und wann ist das Treffen?"
    )
    assert len(listed.parts) == 3
    for one in (
        "Wo genau ist das JBZ, welche Adresse?",  # too short to be a question of its own
        "Ich weiß nicht, was das JBZ ist.",  # starts with no question word
        "Wie finde ich heraus, wann das nächste Treffen ist?",  # one question, indirect
        "Wie sehe ich, welche Erinnerungen ich abonniert habe?",
    ):
        assert len(read(one).parts) == 1, one


def test_und_worum_starts_a_question_of_its_own_only_with_words_of_its_own() -> None:
    text = "Was ist dieser Letter of Intent und worum geht es in der Kooperationsvereinbarung?"
    assert len(read(text).parts) == 2
    assert len(read("Ist das ein Verein oder von der Stadt, und worum geht es da?").parts) == 1


def test_an_english_and_before_are_continues_the_statement() -> None:
    reading = read("We have a two-year-old and are new to the city. What is the JBZ?")
    assert reading.parts[0].text == "We have a two-year-old and are new to the city."
    assert len(read("Can my company join, and is there an event soon?").parts) == 2


def test_where_the_coordination_is_attached_is_no_address() -> None:
    assert read("Wo ist die Koordinierung angebunden?").parts[0].detail is None


def test_a_place_name_is_not_a_question_word_ending() -> None:
    # "Bitterfeld" begins with "bitte": the sentence asks nothing
    assert not read("Ich wohne in Bitterfeld.").parts[0].asks


def test_a_wish_to_learn_more_is_context_but_wanting_more_information_asks() -> None:
    # the learner's "Ich will lernen mehr für Arbeit." tells why the question after it is asked
    wish = read("Ich bin Pflegerin. Ich will lernen mehr für Beruf. Wo finde ich Weiterbildung?")
    assert [part.question for part in wish.parts] == [False, True]
    assert read("Ich möchte mehr über das JBZ erfahren.").parts[0].asks
    assert read("Ich möchte mehr Infos zur Anmeldung. Danke").parts[0].asks
    assert read("Ich will keine Erinnerungen mehr. Und wie lösche ich meine Daten?").parts[0].asks
    assert read("Was ist das JBZ? Ich möchte mehr Information zum Ehrenamt.").parts[1].asks
    wish = read("Ich möchte mehr zum Klimaschutz beitragen. Wo kann ich mich engagieren?")
    assert not wish.parts[0].question


def test_a_lead_in_before_a_colon_is_context_unless_it_asks_itself() -> None:
    text = "Damit wir Frieden schließen können: Seit wann ist Dessau-Roßlau dabei?"
    reading = read(text)
    assert [part.question for part in reading.parts] == [False, True]
    assert reading.parts[1].text == "Seit wann ist Dessau-Roßlau dabei?"
    # the lead-in asks; what follows the colon spells its question out
    asking = "Ich würde gern verstehen, wie die Stadt aufgebaut ist: Wer koordiniert das?"
    assert len(read(asking).parts) == 1


def test_a_long_question_of_small_words_is_a_part_of_its_own() -> None:
    # "wie seh ich was ihr über mich habt" has no topic word, but it asks for the data kept
    text = "wie stell ich die erinnerungen ab und wie seh ich was ihr über mich habt?"
    assert [p.text for p in read(text).parts] == [
        "wie stell ich die erinnerungen ab",
        "wie seh ich was ihr über mich habt?",
    ]
    # a short one still joins its neighbour: "Und wer kann mir helfen?"
    assert len(read("Wie kann ich mitmachen? Und wer kann mir helfen?").parts) == 1
    # and a long one that points back: "dafür"
    text = "Ich will mich engagieren. Und was muss ich dafür jetzt genau alles machen?"
    assert len(read(text).parts) == 1


def test_und_between_nouns_is_no_second_request() -> None:
    assert len(read("Kann ich mich mit meinem Mann und meinen Kindern anmelden?").parts) == 1
    assert (
        len(read("Ich will keine Erinnerungen zu Workshops und Treffen mehr bekommen.").parts) == 1
    )


def test_a_polite_wish_to_know_asks() -> None:
    story = "Als Hobby-Chronist beschäftige ich mich mit Stadtgeschichte."
    for wish in (
        "Mich würde interessieren, seit wann die Stadt dabei ist.",
        "Uns interessiert, wer das Programm koordiniert.",
        "Ich wüsste gern, was das JBZ macht.",
        "Ich wäre Ihnen dankbar, wenn Sie mir die Ziele nennen könnten.",
        "Ich wäre Ihnen daher verbunden, wenn Sie mir die Ziele nennen könnten.",
        "Ich möchte höflich anfragen, welche Rolle Roßlau spielt.",
        "Ich möchte an Termine erinnert werden.",
        "Und keine Erinnerungen mehr schicken.",
    ):
        assert [part.question for part in read(f"{story} {wish}").parts] == [False, True], wish
    assert not read(f"{story} Das Programm interessiert viele Leute.").parts[1].question


def test_a_numbered_list_of_questions_is_split_at_its_numbers() -> None:
    reading = read("1. was speichert der bot von mir 2. kann ich das alles wieder löschen?")
    assert [part.text for part in reading.parts] == [
        "was speichert der bot von mir", "kann ich das alles wieder löschen?",
    ]  # fmt: skip
    assert [part.text for part in read("1) Was ist das JBZ? 2) Wer leitet es?").parts] == [
        "Was ist das JBZ?", "Wer leitet es?",
    ]  # fmt: skip
    # an ordinal like the next number is no item: "am 2." is a day, "im 3. Stock" a floor
    assert [part.text for part in read("1. Was ist am 2. los? 2. Wo ist das JBZ?").parts] == [
        "Was ist am 2. los?", "Wo ist das JBZ?",
    ]  # fmt: skip
    # a date is no item, and only the next number in turn starts one
    dated = read("1. Was ist das JBZ? 2. Was ist am 9. Dezember los?")
    assert [part.text for part in dated.parts] == [
        "Was ist das JBZ?",
        "Was ist am 9. Dezember los?",
    ]
    assert read("1. Wann ist das Treffen? Ist es am 2. Oktober?").parts[1].text == (
        "Ist es am 2. Oktober?"
    )
    for text in ("1. Mai 2024 – gibt es am 8. Mai ein Treffen?",
                 "1. FC Dessau sucht Helfer, am 3. Juni ist Tag der offenen Tür."):  # fmt: skip
        assert [part.text for part in read(text).parts] == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Politik interessiert mich nicht so. Was macht das JBZ?",
        "Der Artikel über das Programm hat uns sehr interessiert. Was macht das JBZ?",
        "Keine Ahnung mehr, wie das ging. Was macht das JBZ?",
        "Ich wollte nie wieder an die Schulzeit erinnert werden. Was macht das JBZ?",
        "Keine Nachrichten mehr aus dem Verein seit Monaten. Was macht das JBZ?",
        "Mich interessiert das Thema seit Jahren. Was macht das JBZ?",
        "Mich interessiert Politik überhaupt nicht. Was macht das JBZ?",
        "Ich würde mich gern einbringen, aber ich habe keine Zeit. Was macht das JBZ?",
        "Ich würde es hassen, an die schwere Zeit erinnert zu werden. Was macht das JBZ?",
        "Keine Lust mehr auf Nachrichten im Fernsehen. Was macht das JBZ?",
    ],
)
def test_a_story_that_only_looks_like_a_wish_asks_nothing(text: str) -> None:
    assert [part.question for part in read(text).parts] == [False, True]


@pytest.mark.parametrize(
    "wish",
    [
        "Würde mich sehr interessieren, wer das koordiniert.",
        "Mich interessiert ob es Angebote gibt.",
        "Uns interessiert vor allem, wer das koordiniert.",
        "Es würde uns sehr interessieren, wie das Programm aufgebaut ist.",
        "Ich möchte gern an die Treffen der Engagierten Stadt erinnert werden.",
        "Ich würde mich freuen, an Termine erinnert zu werden.",
        "Ich wäre Ihnen dankbar für Informationen über das JBZ.",
        "Keine Lust mehr auf Erinnerungen.",
        "Bitte keine Nachrichten mehr.",
        "Unser Chor würde sich gern mit anderen Vereinen vernetzen.",
        "Ich erlaube mir die Frage, welche Ziele das Programm verfolgt.",
    ],
)
def test_a_wish_asks_in_its_common_forms(wish: str) -> None:
    assert read(f"Ich wohne in Dessau. {wish}").parts[1].asks
