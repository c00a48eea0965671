"""The plan of replies to a message, on the bundled knowledge base (pure: no Telegram)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge import Matcher
from knowledge.naming import quotes_a_name
from knowledge.plan import plan
from knowledge.reading import Detail, read
from tests.unit.plan_steps import NOW, steps


@pytest.fixture
def matcher(bundled_matcher: Matcher) -> Matcher:
    return bundled_matcher


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        # a greeting or a letter's frame around the question
        ("Hallo, was ist die Engagierte Stadt?", "programm-was-ist"),
        ("Guten Tag, ich heiße Erika und möchte wissen, was das JBZ ist", "bildung-jbz"),
        ("Moin! Wer ist die Koordinatorin?", "kontakt-koordinatorin"),
        # asking why of firms asks their reasons, not how they take part; why of oneself
        # is still how to take part
        ("Warum engagieren sich Betriebe für die Stadtgesellschaft?", "wirtschaft-engagement"),
        ("Weshalb machen Firmen bei der Engagierten Stadt mit?", "wirtschaft-engagement"),
        ("Warum soll ich mich engagieren?", "engagement-mitmachen"),
        # a role before "frage ich mich, …" stays with its question
        ("Als Unternehmer frage ich mich, wer die Koordinatorin ist.", "kontakt-koordinatorin"),
        # someone with time to give signs up, whatever story comes first
        ("Ich habe am Wochenende Zeit. Wo kann ich mich dafür anmelden?", "assistent-anmeldung"),
        # getting involved is the general entry, not the sign-up in the chat ("/mitmachen")
        ("Guten Abend, wie kann ich mich als Ehrenamtliche einbringen?", "engagement-mitmachen"),
        # a story of only generic words ("Dessau") lends the question no topic
        ("Hallo! Ich bin neu in Dessau. Was genau ist diese Engagierte Stadt?", "programm-was-ist"),
        (
            "Sehr geehrte Damen und Herren,\nich möchte mich gern ehrenamtlich engagieren. "
            "Wie geht das?\nMit freundlichen Grüßen\nErika Muster",
            "engagement-mitmachen",
        ),
        # a follow-up asking who, or whether one can or helps, with a word pointing back
        ("wie is dit organisiert, wer macht da wat", "programm-struktur"),
        # "Ist das ein …?" asks on about the thing before (not the agreement for "Vertrag")
        (
            "Was ist der „Letter of Intent“ von die Stadt? Ist das ein Vertrag?",
            "programm-letter-of-intent",
        ),
        # what the programme has to do with a thing asked before is that thing's question
        (
            "Was war die Auftaktveranstaltung und was hat die Engagierte Stadt damit zu tun?",
            "veranstaltung-auftakt",
        ),
        # the office's name: its contact entry, even among unknown words ("zw", "tel nr")
        ("kurz zw 2 terminen. koordinierungsstelle, tel nr?", "kontakt-koordinierungsstelle"),
        # a firm's reasons only when firms and engaging are asked about together
        ("Weshalb speichert ihr Daten von Firmen?", "assistent-datenschutz"),
        # helping "ohne Geld" (unpaid) is volunteering; "sagt Danke" is thanking
        ("Wie sagt die Stadt Danke zu Leuten, die helfen ohne Geld?", "engagement-anerkennung"),
        # "wenigstens", "richtig" (here: really), "iwie" name no topic
        (
            "Kriegt man fürs Ehrenamt wenigstens mal ein richtiges Dankeschön?",
            "engagement-anerkennung",
        ),
        # dialect small words ("wat") make a follow-up of small words that joins the story
        ("Ehrenamtliche kriegen nie Dank. Oder macht ihr da wat?", "engagement-anerkennung"),
        # a letter's "sowie", "anvertrauen", "mitteilen" name no topic
        (
            "Hiermit bitte ich, mir meine gespeicherten Daten mitzuteilen sowie diese zu löschen.",
            "assistent-meine-daten",
        ),
        # deleting is seeing or deleting one's data, not the privacy notice's deletion period
        ("Wie ich kann löschen meine Daten aus Chat?", "assistent-meine-daten"),
        # a restaurant, a shop, a bakery is a business
        ("Kann mein Restaurant auch mitmachen bei Engagierte Stadt?", "wirtschaft-mitmachen"),
        ("Unser Pflegedienst will sich engagieren, wie geht das?", "wirtschaft-mitmachen"),
        # "sich da reinhängen" is getting involved
        (
            "warum solln sich firmen da überhaupt reinhängen, die wolln doch nur kohle machen",
            "wirtschaft-engagement",
        ),
        # chat forms: "issn" (ist denn), "kurz zsmgefasst"
        ("jo was issn diese engagierte stadt überhaupt 🤔", "programm-was-ist"),
        # how short the answer should be is no topic ("Sätzen" had met "Einsatz")
        (
            "Können Sie mir in wenigen Worten sagen, was die Engagierte Stadt ist?",
            "programm-was-ist",
        ),
        ("Was ist die Engagierte Stadt? Bitte in ein paar Sätzen.", "programm-was-ist"),
        # asking to have "das" explained asks what the story named is
        (
            "Hallo,\nich bin letztes Jahr nach Dessau gezogen und lese überall „Engagierte "
            "Stadt“. Ich weiß bis heute nicht, was dahintersteckt. Könnten Sie mir das in ein "
            "paar Sätzen erklären?\nViele Grüße\nPetra",
            "programm-was-ist",
        ),
        # the writer's boss ("mein Chef") names no topic; the firm does ("Chef" was unknown)
        ("mein chef meint unsre firma soll da mitmachen, wie läuft dat ab", "wirtschaft-mitmachen"),
        ("Ich hab ne Backstube in Roßlau. Können wir da mitmachen?", "wirtschaft-mitmachen"),
        # what the programme offers associations is the associations' entry, not what it is
        ("Hallo, was hat die Engagierte Stadt für Vereine zu bieten?", "engagement-vereine"),
        ("Was bietet die Engagierte Stadt Vereinen und Initiativen?", "engagement-vereine"),
        # a genitive "-ens" is an ending ("des lebenslangen Lernens"); "im Einzelnen",
        # "freundlicherweise" and "Ich erlaube mir die Frage" name no topic
        (
            "Würden Sie mir freundlicherweise erläutern, wie die Bildungslandschaft im Sinne "
            "des lebenslangen Lernens gedacht ist?",
            "bildung-lebenslanges-lernen",
        ),
        (
            "Sehr geehrte Damen und Herren, ich bin Pfarrer im Ruhestand. Ich erlaube mir die "
            "Frage, welche Ziele das Programm im Einzelnen verfolgt. Für eine kurze Auskunft "
            "wäre ich Ihnen sehr verbunden. Mit freundlichen Grüßen, Joachim",
            "programm-ziele",
        ),
        # a long letter's formal request is its question: "Ich ersuche Sie um Auskunft, auf
        # welche Weise …" ("Auskunft" asks for information here, not for one's data)
        (
            "Sehr geehrte Damen und Herren, ich bin Apotheker und lebe seit 2021 in Dessau. In "
            "Aleppo habe ich ehrenamtlich in einer Gesundheitsberatung mitgewirkt. Meine Arbeit "
            "hier ist nun sicher. Es ist mein Wunsch, etwas zurückzugeben. Ich ersuche Sie daher "
            "um Auskunft, auf welche Weise ich mich im Rahmen der Engagierten Stadt ehrenamtlich "
            "beteiligen kann. Mit freundlichen Grüßen, Mahmoud",
            "engagement-mitmachen",
        ),
        # information about oneself is one's data; "mir sagen, wo ich helfen kann" volunteers
        ("Ich bitte um Auskunft, was Sie über mich wissen.", "assistent-meine-daten"),
        ("Kannst du mir sagen wo ich helfen kann", "engagement-mitmachen"),
        ("Mir ist wichtig anderen zu helfen, wo kann ich das tun?", "engagement-mitmachen"),
        # "worin" names no topic: the letter asks the added value
        (
            "Sehr geehrte Damen und Herren, ich bin grundsätzlich skeptisch, wenn ein neues "
            "Programm angekündigt wird. Meine Frage lautet also ganz nüchtern: Was hat die "
            "Engagierte Stadt vor Ort bisher tatsächlich bewirkt, worin liegt ihr Mehrwert?",
            "programm-mehrwert",
        ),
        # a question inside one long sentence, the writer's aside after it
        (
            "Sehr geehrte Damen und Herren, nachdem ich in der Zeitung gelesen hatte, dass sich"
            " unsere Stadt eine „Engagierte Stadt“ nennen dürfe, erlaube ich mir zu fragen, wie"
            " ich mich einbringen kann, wobei ich hinzufügen möchte, dass mich das Thema"
            " durchaus beschäftigt. Mit freundlichen Grüßen, Gottfried Amsel",
            "engagement-mitmachen",
        ),
        # why the city runs the programme, and what it wants to do, ask its aims; why it
        # joined again its history
        ("Wieso macht die Stadt eigentlich dieses Programm?", "programm-ziele"),
        ("Was will das Programm für die Stadt machen?", "programm-ziele"),
        ("Warum macht die Stadt wieder mit?", "programm-geschichte"),
        # Berlin and Anhalt dialect: "de" (die), "wieda", "wern", "heeßt", "j" for "g"
        ("Ehrenamtskultur entwickeln – wat heeßt'n dit jenau?", "engagement-ehrenamtskultur"),
        (
            "Wie kann'n de Ehrenamtskultur hier bei uns wieda besser wern?",
            "engagement-ehrenamtskultur",
        ),
        (
            "Dankeschön sagen die ja nie, de Ehrenamtlichen kriejen doch keene Anerkennung. "
            "Macht ihr da wat?",
            "engagement-anerkennung",
        ),
        # dialect and chat: "könn wa ooch" (können wir auch), "watt" (was), "voll" (very)
        ("hab ne kleene firma in roßlau, könn wa da ooch mitmachen?", "wirtschaft-mitmachen"),
        ("watt wollt ihr eigentlich erreichen mit dem ganzen", "programm-ziele"),
        # "gibtn" (gibt denn)
        ("seit wann gibtn dit eigentlich schon in dessau-roßlau", "programm-geschichte"),
        (
            "ehrenamt is doch voll aus der mode, was macht die stadt damit das wieder normal wird?",
            "engagement-ehrenamtskultur",
        ),
        # "alte Leute" are the older ones, not the district Alten
        (
            "Kann man noch lernen, gibt es Bildung auch für alte Leute?",
            "bildung-lebenslanges-lernen",
        ),
        # a service of another body named only as context keeps the question's answer; a
        # clause where one saw it that names the topic stays ("… was von Unternehmen gelesen")
        (
            "Ich bin Kinderärztin im Ruhestand und möchte mich ehrenamtlich engagieren",
            "engagement-mitmachen",
        ),
        (
            "Ich mache gerade einen Integrationskurs und möchte ehrenamtlich helfen",
            "engagement-mitmachen",
        ),
        ("Ich hab null Plan wie ich mich engagieren kann", "engagement-mitmachen"),
        (
            "Gibt es das auch für Firmen? Habe auf dem Plakat was von Unternehmen gelesen",
            "wirtschaft-engagement",
        ),
        # "insgesamt", "außer", "Ihren" are small words
        (
            "Wie versteht die Stadt Bildung insgesamt, ist das mehr als Schule?",
            "bildung-lebenslanges-lernen",
        ),
        ("Was erwartet ihr von Firmen außer Spenden?", "wirtschaft-engagement"),
        ("Bevor ich Ihren Chat nutze: welche Daten speichern Sie?", "assistent-datenschutz"),
        # where one saw the poster is no topic ("gesehn" had met "gesehen werden")
        (
            "was is diese engagierte stadt, hab das aufm plakat am bahnhof gesehn",
            "programm-was-ist",
        ),
        # nor never having heard of it ("gehört" had met the reminders)
        ("seit wann gibts das denn schon, hab vorher nie was gehört", "programm-geschichte"),
        # "konkret" asks for nothing of its own
        ("Welche Ziele verfolgt die Engagierte Stadt in Dessau-Roßlau konkret?", "programm-ziele"),
        ("und was bringt das jetzt konkret? klingt nach viel papier", "programm-mehrwert"),
        # the office's person, not its history (the AWO was "responsible" once)
        ("Wer ist namentlich für die Koordinierungsstelle zuständig?", "kontakt-koordinatorin"),
        # "aus der Wirtschaft" is no place, "in Rente" none either
        ("Ich bin aus der Wirtschaft, wie kann ich mitmachen?", "wirtschaft-engagement"),
        ("Ich bin in Rente, was kann ich tun?", "engagement-mitmachen"),
        # "Bürger" are everyone, not a citizens' initiative ("Bürgerinitiative")
        ("Was bringt das Programm den Bürgerinnen und Bürgern?", "programm-mehrwert"),
        # where someone lives or comes from is frame, like a name (not Roßlau, an entry)
        ("Ich wohne in Ziebigk, wie kann ich mitmachen?", "engagement-mitmachen"),
        ("Ich komme aus Mosigkau und möchte helfen.", "engagement-mitmachen"),
        ("Ich wohne in Roßlau, betrifft mich das?", "programm-rosslau"),
        # an opener before a comma asks nothing ("kurz" and "sach" were unknown words)
        ("Kurze Frage, was ist eigentlich das Ziel von dem Ganzen?", "programm-ziele"),
        (
            "Nu sach ma, wat hat denn Roßlau mit dieser Engagierten Stadt zu tun?",
            "programm-rosslau",
        ),
        ("was is denn bisher so alles passiert bei euch, kurz zsmgefasst?", "programm-chronik"),
        ("What do you keep about me in this chat, and who can see it?", "assistent-datenschutz"),
        # "that", "sort", "stuff" are small words; "strukturiert" is the programme's structure
        ("Our club would like to join the network, how does that work?", "engagement-vereine"),
        ("Is there stuff in English?", "bildung-mehrsprachigkeit"),
        ("Ich möchte wissen, wie die Engagierte Stadt strukturiert ist.", "programm-struktur"),
        # "register" is signing up ("right here" names nothing); registering an address is
        # the Bürgeramt's (tests/unit/test_translations.py)
        ("Could I register as a volunteer right here?", "assistent-anmeldung"),
        # English "-ed" is an ending: "deleted" is "delete"
        ("And how can I get my data deleted afterwards?", "assistent-meine-daten"),
        (
            "Uns fehlen junge Leute und Kontakte zu anderen Vereinen. Was bringt uns als Verein "
            "die Engagierte Stadt ganz konkret? Helft ihr bei sowas?",
            "engagement-vereine",
        ),
        # everyday small words and chat spellings are no unknown topic words
        ("was speicherst du eigtl alles von mir??", "assistent-datenschutz"),
        ("die auftaktsache 2021, was war da eigtl", "veranstaltung-auftakt"),
        (
            "kann man sich hier an termine erinnern lassen oda muss ich mir dit selba merken",
            "assistent-erinnerungen",
        ),
        ("was bringt dat ganze eigentlich für die stadt, mal ehrlich", "programm-mehrwert"),
        ("was warn das fürn stand von euch bei dessau living 2023", "veranstaltung-dessau-living"),
        ("bitte hört auf mir dauernd termine zu schicken 🙄", "assistent-erinnerungen-stoppen"),
        # "Angaben" are the person's data ("Welche Angaben braucht die Anmeldung?" is the
        # sign-up's, but what happens with them is the privacy entry's)
        ("Was passiert mit meinen Angaben?", "assistent-datenschutz"),
        # a separable verb is read whole: "stelle … ab" stops, "melde … an" signs up
        (
            "Hallöchen, ich hab zu viele Erinnerungen abonniert – wie melde ich mich davon ab?",
            "assistent-erinnerungen-stoppen",
        ),
        # "nicht mehr" asks to stop, as "keine … mehr" does (not the reminders' how-to too)
        (
            "Ich will nicht mehr bekommen Nachricht für Termin. Wie kann ich stoppen?",
            "assistent-erinnerungen-stoppen",
        ),
        # … but not when something is no longer known
        ("Ich weiß nicht mehr, wie ich mich anmelde.", "assistent-anmeldung"),
        ("Servus! Was hat sich die Engagierte Stadt denn als Ziel gesetzt?", "programm-ziele"),
        (
            "bin 19 u hab null plan was ich werden will. was machen die im jbz so",
            "bildung-jbz",
        ),
        # small words of a letter that named nothing the knowledge base knows
        (
            "Sehr geehrte Damen und Herren,\nein Gartenfreund aus Hausdorf berichtete mir von "
            "Partnern des Programms in Eichenhof und Hausdorf. Können Sie mir sagen, was dort im "
            "Rahmen der „Engagierten Stadt“ stattgefunden hat?\nMit freundlichen Grüßen\nBernd",
            "programm-eichenhof-hausdorf",
        ),
        # "Danke" in a question is the thanks the city says, not the asker's
        (
            "Ich helfe jede Woche bei Tafel. Bekommt man Dank von die Stadt für sowas?",
            "engagement-anerkennung",
        ),
        # whom to turn to about a known topic or oneself (not a defect to report, which goes
        # to the team): the asker offering themselves, or something, after a story of words
        # the knowledge base does not know
        ("Unser Verein sucht Kontakt zur Stadt. An wen wende ich mich?", "engagement-vereine"),
        ("An wen wende ich mich?", "kontakt-koordinierungsstelle"),
        ("Ich würde gern Nachhilfe geben. Wo melde ich mich?", "assistent-anmeldung"),
        ("Ich bin Lehrerin im Ruhestand. Wo muss ich mich melden?", "assistent-anmeldung"),
        (
            "Ich bin frisch pensioniert und habe Zeit. An wen wende ich mich?",
            "kontakt-koordinierungsstelle",
        ),
        (
            "Ich bin Studentin und habe nachmittags Zeit. Wen kann ich anrufen?",
            "kontakt-koordinierungsstelle",
        ),
        ("Ich kann Deutschkurse geben. Wo melde ich das?", "assistent-anmeldung"),
        # an offer in the question's own part, or a role one wants to take on
        (
            "Ich bin Lehrerin im Ruhestand. Ich möchte mitmachen. Wo muss ich hin?",
            "engagement-mitmachen",
        ),
        ("Ich möchte Lesepatin werden. Welches Formular brauche ich?", "assistent-anmeldung"),
        ("Ich suche ein Ehrenamt mit Hunden. Wo muss ich hin?", "engagement-mitmachen"),
        # it was "Meinten Sie …?" between the aims and the contact ("erreichen": reach)
        ("wat wollt ihr eigentlich erreichen mit dem ding", "programm-ziele"),
        # "Teilen Sie mir bitte mit" asks; its "teilen" is no word of taking part
        (
            "Teilen Sie mir bitte mit, wie ich mich als Ehrenamtlicher engagieren kann.",
            "engagement-mitmachen",
        ),
        # a letter's formal words ("daher", "höflich", "anfragen") are no topic
        (
            "Sehr geehrte Damen und Herren, meine Schwiegermutter wohnt in Roßlau und erzählt"
            " oft vom Zusammenhalt dort. Ich möchte daher höflich anfragen, welche Rolle Roßlau"
            " in der Engagierten Stadt spielt. Mit freundlichen Grüßen, Manfred Kühnel",
            "programm-rosslau",
        ),
        # "eig" is "eigentlich"
        ("yo was is diese engagierte stadt eig??", "programm-was-ist"),
        (
            "Meine Firma will gebrauchte Laptops spenden. Wen kann ich da anrufen?",
            "kontakt-koordinierungsstelle",
        ),
        # "damals" tells the time, not the topic
        ("Hat die Auftaktveranstaltung damals überhaupt etwas bewegt?", "veranstaltung-auftakt"),
        # saying thanks to helpers is recognition, not thanks to the bot
        (
            "Was macht die Stadt für Danke sagen zu die Menschen, die helfen ohne Geld?",
            "engagement-anerkennung",
        ),
        # who is included in the strategy is the strategy's, not Roßlau's being included
        (
            "Der Stadtrat hat eine Engagement-Strategie beschlossen. Wie wird dieser Beschluss"
            " umgesetzt und wer wird einbezogen?",
            "programm-engagementstrategie",
        ),
        # Saxon small words ("ä", "dor") are small words, not unknown ones
        (
            "Mir sin ä kleener Verein in Roßlau, wat hamm mir denn von dor Engagierten Stadt?",
            "engagement-vereine",
        ),
    ],
)
def test_a_message_asking_one_thing_gets_that_answer_only(
    matcher: Matcher, text: str, entry: str
) -> None:
    assert steps(plan(text, matcher, NOW)) == [("answer", entry)]


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        (
            "Liebes Team,\nich bin vor einem halben Jahr Mama geworden. Eine Hebamme erwähnte"
            " „Frühe Bildung, Frühe Chancen“. Was genau ist das?\nViele Grüße\nLaura",
            "bildung-fruehe-chancen",
        ),
        (
            "Sehr geehrte Damen und Herren,\nin der Zeitung bin ich über den Begriff „Engagierte"
            " Stadt“ gestolpert. Was verbirgt sich dahinter?\nMit freundlichen Grüßen\nHelga",
            "programm-was-ist",
        ),
        ("Was versteht die Stadt unter lebenslangem Lernen?", "bildung-lebenslanges-lernen"),
        (
            "Beim Bäcker lag ein Hinweis auf die „Engagierte Stadt“. Ich wäre Ihnen verbunden,"
            " wenn Sie mir darlegen könnten, was unter einer „Engagierten Stadt“ zu verstehen ist.",
            "programm-was-ist",
        ),
        (
            "Ich sehe überall Plakate der „Engagierten Stadt“. Können Sie mir erklären, was\n"
            " dahintersteckt?",
            "programm-was-ist",
        ),
        # the programme's own name around another name does not take the question
        (
            "In einer Sitzung fiel die Abkürzung „LoI“ im Zusammenhang mit der Engagierten"
            " Stadt. Was bedeutet das?",
            "programm-letter-of-intent",
        ),
        # "das" points back to the story; the programme's name in the question is its frame
        (
            "Ich habe von der Initiative Weiterbildung gehört. Was ist das bei der Engagierten"
            " Stadt?",
            "bildung-weiterbildung",
        ),
        # … but a question that names the programme itself asks for the programme
        ("Ich habe vom LoI gelesen. Was ist die Engagierte Stadt?", "programm-was-ist"),
        ("Ich habe vom LoI gelesen. Was ist das Programm Engagierte Stadt?", "programm-was-ist"),
        # the story and the question in one sentence, a dash between them
        (
            "Ich hab im Radio was von der Initiative Weiterbildung gehört – worum geht's da?",
            "bildung-weiterbildung",
        ),
        (
            "Was kann ich mir unter Frühe Bildung, Frühe Chancen vorstellen?",
            "bildung-fruehe-chancen",
        ),
        # several words between the article and "geht"
        (
            "Können Sie mir kurz erklären, worum es bei der Engagierten Stadt in Dessau-Roßlau"
            " geht?",
            "programm-was-ist",
        ),
        # "an dem Tag" between the words that ask; "Tag" is only small talk ("Guten Tag")
        (
            "Mein Opa war 2021 bei der Auftaktveranstaltung und erzählt viel. Können Sie mir"
            " noch mal erklären, worum es an dem Tag ging?",
            "veranstaltung-auftakt",
        ),
        # a place is the name of the one entry about it
        (
            "Ein Nachbar hat von Treffen in Eichenhof erzählt. Können Sie mir sagen, was es"
            " damit auf sich hatte?",
            "programm-eichenhof-hausdorf",
        ),
        # no what-is question, but the entry's name, far ahead of any other topic
        ("An welcher Stelle war euer Stand bei Dessau living?", "veranstaltung-dessau-living"),
    ],
)
def test_a_question_what_a_thing_named_before_is_gets_that_thing_s_entry(
    matcher: Matcher, text: str, entry: str
) -> None:
    assert steps(plan(text, matcher, NOW)) == [("answer", entry)]


def test_a_letter_holding_one_entry_s_phrasing_whole_is_answered(matcher: Matcher) -> None:
    # its story leaves the further-training entry under the threshold, but the letter holds
    # one of that entry's phrasings whole, far ahead of the rest (people_set_8, seen)
    text = (
        "Sehr geehrte Damen und Herren,\nich arbeite als Pflegehelferin und möchte mich"
        " beruflich weiterqualifizieren, ohne jeden Tag nach Halle zu pendeln. Haben Sie da"
        " was?\nMfG\nDenise Kraft"
    )
    assert steps(plan(text, matcher, NOW)) == [("answer", "bildung-weiterbildung")]
    # without the rule (a question of fewer words counts as short) it goes to the team
    short = Matcher(matcher.kb)
    short.thresholds = replace(short.thresholds, contained_terms=99)
    assert steps(plan(text, short, NOW)) == [("team", None)]


def test_a_question_before_a_whom_question_is_no_story(matcher: Matcher) -> None:
    planned = plan("Was ist am Samstag los? Wo muss ich hin?", matcher, NOW)
    assert [r.step.value for r in planned.replies] == ["events"]


def test_what_it_is_said_before_wins_over_a_story_word_in_the_asking_sentence(
    matcher: Matcher,
) -> None:
    # "Vorstand" is a word of the entry for clubs; the question only points back to the
    # agreement named before it
    text = (
        "Hallo,\nin unserem Vereinsheft stand etwas von einer Kooperationsvereinbarung zwischen"
        " Stadt, Zivilgesellschaft und Wirtschaft. Unser Vorstand hat darüber gestritten, was"
        " das eigentlich ist. Was steht da drin?\nGrüße\nPetra"
    )
    assert steps(plan(text, matcher, NOW)) == [("answer", "programm-kooperationsvereinbarung")]
    # the programme's own name in the story names nothing there: the answer found stays
    told = (
        "Ein Kollege hat erzählt, dass Stadt, Vereine und Wirtschaft bei der Engagierten Stadt"
        " einen Vertrag unterschrieben haben. Was steht da drin?"
    )
    assert steps(plan(told, matcher, NOW)) == [("answer", "programm-kooperationsvereinbarung")]


@pytest.mark.parametrize(
    "text",
    [
        # another topic's question after the name: not "what is it"
        "Ich habe von der Engagierten Stadt gelesen. Was soll dadurch vorangebracht werden?",
        # the name of nothing the knowledge base holds
        "Ich habe vom Quartiersfonds gehört. Was ist das?",
    ],
)
def test_what_it_is_needs_a_named_entry_and_no_other_topic(matcher: Matcher, text: str) -> None:
    planned = plan(text, matcher, NOW)
    assert ("answer", "programm-was-ist") not in steps(planned)
    assert planned.to_team


def test_a_name_close_to_another_topic_or_only_the_programme_s_is_not_enough(
    matcher: Matcher,
) -> None:
    # "Wohnung" is a thing the knowledge base does not know, and the next topic is close
    assert plan("Ich suche eine Wohnung – hat das JBZ noch was frei?", matcher, NOW).to_team
    assert plan("Gibt es bei der Engagierten Stadt auch Parkplätze?", matcher, NOW).to_team
    # a complaint that names the JBZ is no question about what the JBZ offers: the entry
    # explains too little of it
    text = "Das JBZ hat mir überhaupt nicht geholfen, an wen kann ich mich beschweren?"
    assert plan(text, matcher, NOW).to_team


def test_what_it_is_is_no_answer_when_another_thing_is_named(matcher: Matcher) -> None:
    # "Jobcenter" is unknown to the knowledge base, and it is what the question is about
    planned = plan("Was ist beim JBZ anders als beim Jobcenter?", matcher, NOW)
    assert steps(planned) == [("team", None)]


def test_the_programme_s_name_in_quotes_is_what_a_letter_asks_about(matcher: Matcher) -> None:
    # the programme's name is in every letter, but in quotes it is the thing asked about:
    # "gemeint" alone had taken it to "Was ist mit Ehrenamtskultur gemeint?"
    text = (
        "In der Zeitung stand etwas von der „Engagierten Stadt“. Würden Sie mir bitte "
        "erklären, was damit gemeint ist?"
    )
    assert steps(plan(text, matcher, NOW)) == [("answer", "programm-was-ist")]
    [entry] = [e for e in matcher.kb.entries if e.id == "programm-was-ist"]
    assert quotes_a_name(["Überall lese ich „Engagierte Stadt“."], entry)
    assert quotes_a_name(["Ein Plakat: „Die Engagierte Stadt Dessau-Roßlau“."], entry)
    assert quotes_a_name(['Ich bin auf den Begriff "Engagierte Stadt Dessau" gestoßen.'], entry)
    assert not quotes_a_name(["Ich habe von der Engagierten Stadt gehört."], entry)
    assert not quotes_a_name(["Ein Plakat: „Frühe Bildung“ bei der Engagierten Stadt."], entry)


def test_what_it_is_keeps_the_detail_asked_with_it(matcher: Matcher) -> None:
    text = "Eine Hebamme erwähnte „Frühe Bildung, Frühe Chancen“. Was ist das und was kostet es?"
    planned = plan(text, matcher, NOW)
    assert steps(planned) == [("answer", "bildung-fruehe-chancen")]
    assert planned.replies[0].missing is Detail.COST and planned.to_team


def test_names_are_found_whole_and_each_entry_once(matcher: Matcher) -> None:
    both = matcher.named("Ich habe vom JBZ und von der Initiative Weiterbildung gehört.")
    assert [e.id for e in both] == ["bildung-jbz", "bildung-weiterbildung"]
    assert [e.id for e in matcher.named("Frühe Bildung, Frühe Chancen")] == [
        "bildung-fruehe-chancen"
    ]
    assert matcher.named("Frühe Chancen") == []  # part of a name is no name
    # the programme's name is only the frame of a telling one
    framed = matcher.named("Was heißt Ehrenamtskultur bei der Engagierten Stadt?")
    assert [e.id for e in framed] == ["engagement-ehrenamtskultur"]


@pytest.mark.parametrize(
    ("text", "entry", "detail"),
    [
        ("Was ist das JBZ? Was kostet das?", "bildung-jbz", Detail.COST),
        ("Wie kann ich mitmachen? Wie lange dauert das?", "engagement-mitmachen", Detail.DURATION),
        # on which days someone is there ("persönlich" had drawn the data the bot keeps)
        (
            "Unter welcher Nummer erreiche ich die Koordinierungsstelle, und an welchen Tagen ist "
            "dort jemand persönlich anzutreffen?",
            "kontakt-koordinierungsstelle",
            Detail.HOURS,
        ),
    ],
)
def test_a_detail_asked_after_a_question_is_of_its_topic_not_dropped(
    matcher: Matcher, text: str, entry: str, detail: Detail
) -> None:
    p = plan(text, matcher, NOW)
    assert steps(p) == [("answer", entry)]
    assert p.replies[0].missing is detail
    assert p.to_team  # the source does not say: the team answers the detail


def test_a_part_naming_only_a_detail_asks_it_of_the_question_before(matcher: Matcher) -> None:
    held = plan("Wie heißt die Koordinatorin? Ich will der Name wissen.", matcher, NOW)
    assert steps(held) == [("answer", "kontakt-koordinatorin")]  # not the data the bot keeps
    assert held.replies[0].missing is None and not held.to_team
    text = "Wer sitzt im Beirat der Engagierten Stadt? Ich brauche die Namen."
    not_held = plan(text, matcher, NOW)
    assert steps(not_held) == [("answer", "programm-struktur")]
    assert not_held.replies[0].missing is Detail.NAME and not_held.to_team
    # a detail another entry holds is that entry's question
    text = "Was ist die Engagierte Stadt, seit wann gibt es sie und wer ist die Ansprechpartnerin?"
    assert ("answer", "programm-geschichte") in steps(plan(text, matcher, NOW))


def test_a_follow_up_that_only_points_back_is_the_same_topic(matcher: Matcher) -> None:
    text = "Gab es 2021 Treffen zur Vorbereitung? Worum ging es da?"
    assert steps(plan(text, matcher, NOW)) == [("answer", "programm-chronik")]
    # "raus" (what came of it) is no data request
    text = "Gab es 2021 eine Auftaktveranstaltung? Was kam dabei raus?"
    assert steps(plan(text, matcher, NOW)) == [("answer", "veranstaltung-auftakt")]
    # a word pointing back asks about the same thing when, read together, it still leads
    text = "What data does this bot keep about me, and who can see it?"
    assert steps(plan(text, matcher, NOW)) == [("answer", "assistent-datenschutz")]
    # in a further language the lead stays: "… А хто там координує?" asks anew
    text = "Що таке Dessau living? А хто там координує?"
    uk = plan(text, Matcher(matcher.kb, language="uk"), NOW)
    assert steps(uk) == [
        ("answer", "veranstaltung-dessau-living"),
        ("answer", "kontakt-koordinatorin"),
    ]


def test_someone_there_in_person_is_no_personal_data(matcher: Matcher) -> None:
    # (the hours of someone unknown go to the team; "seid ihr da" asks no hours of the bot)
    assert steps(plan("Wann ist jemand persönlich anzutreffen?", matcher, NOW)) == [("team", None)]
    assert steps(plan("An welchen Tagen seid ihr da?", matcher, NOW)) == [("team", None)]


def test_help_for_oneself_is_no_wish_to_volunteer(matcher: Matcher) -> None:
    text = "Was ist die Initiative Weiterbildung und kann die mir helfen?"
    assert ("answer", "engagement-mitmachen") not in steps(plan(text, matcher, NOW))


def test_here_is_no_topic_word_in_english(matcher: Matcher) -> None:
    # "here" was a telling word, shared with "How do I sign up … here in the chat?"
    text = "How can I volunteer here?"
    assert steps(plan(text, matcher, NOW)) == [("answer", "engagement-mitmachen")]


def test_somewhere_to_go_soon_asks_for_the_next_events(matcher: Matcher) -> None:
    planned = plan("Hi :) gibt es demnächst wieder was, wo man hingehen kann?", matcher, NOW)
    assert [s for s, _ in steps(planned)] == ["events"]
    # where to go is still a topic of its own
    planned = plan("Kann ich morgen zur Ausländerbehörde hingehen ohne Termin?", matcher, NOW)
    assert [s for s, _ in steps(planned)] == ["team"]


def test_several_questions_are_each_answered_in_order(matcher: Matcher) -> None:
    p = plan(
        "Was ist das JBZ und wie kann ich mich anmelden und wann ist das nächste Treffen?",
        matcher,
        NOW,
    )
    assert [s for s, _ in steps(p)] == ["answer", "answer", "events"]
    assert p.replies[0].entry is not None and p.replies[0].entry.id == "bildung-jbz"
    assert not p.to_team


def test_what_the_events_cost_is_noted_for_the_team(matcher: Matcher) -> None:
    planned = plan("Was kostet der Eintritt beim nächsten Treffen?", matcher, NOW)
    assert [s for s, _ in steps(planned)] == ["events"]
    assert planned.replies[0].missing is Detail.COST and planned.to_team
    # when and where the events show, and their titles: no note, no ticket
    for text in (
        "Um wie viel Uhr beginnt das nächste Treffen?",
        "Wie heißt die nächste Veranstaltung?",
    ):
        planned = plan(text, matcher, NOW)
        assert [s for s, _ in steps(planned)] == ["events"] and not planned.to_team, text


def test_a_second_question_to_the_bot_without_its_question_mark_is_answered(
    matcher: Matcher,
) -> None:
    # "kannst du", "könnt ihr", "könnten Sie" ask, though no "?" ends them: they were dropped
    text = "Wie kann ich bei euch mitmachen? Und könnt ihr mich an die Treffen erinnern 🙏"
    assert steps(plan(text, matcher, NOW)) == [
        ("answer", "engagement-mitmachen"),
        ("answer", "assistent-erinnerungen"),
    ]
    text = "Was ist das JBZ? Und kannst du mir noch sagen, wer die Koordinatorin ist"
    assert ("answer", "kontakt-koordinatorin") in steps(plan(text, matcher, NOW))


def test_the_programme_s_own_entry_keeps_a_detail_other_than_money_or_a_number(
    matcher: Matcher,
) -> None:
    text = "Was ist die Engagierte Stadt und wie lange läuft sie?"
    planned = plan(text, matcher, NOW)
    assert steps(planned) == [("answer", "programm-was-ist")]
    assert planned.replies[0].missing is Detail.DURATION and planned.to_team


def test_a_wish_to_sign_up_is_a_request_of_its_own(matcher: Matcher) -> None:
    # "Ich möchte mich … eintragen." asks as "Wie trage ich mich ein?" does: it is answered,
    # not only context for the question after it
    text = (
        "Ich möchte mich als Helfer eintragen. Und kann ich dann auch an Termine erinnert werden?"
    )
    assert steps(plan(text, matcher, NOW)) == [
        ("answer", "assistent-anmeldung"),
        ("answer", "assistent-erinnerungen"),
    ]
    # not a wish not to, nor a past one: context for the question after it
    for context in (
        "Ich will meine Daten nicht löschen.",
        "Ich wollte mich schon lange eintragen.",
    ):
        assert not read(f"{context} Wie lange speichert ihr sie?").parts[0].question, context
    # a "keine" after the wish is no "not"
    wish = "Ich möchte mich abmelden, weil ich keine Zeit habe. Wie lange speichert ihr sie?"
    assert read(wish).parts[0].question


def test_a_part_nobody_can_answer_goes_to_the_team_and_the_rest_is_answered(
    matcher: Matcher,
) -> None:
    p = plan("Was ist das JBZ und wo verlängere ich meinen Personalausweis?", matcher, NOW)
    assert steps(p) == [("answer", "bildung-jbz"), ("team", None)]
    assert p.to_team


@pytest.mark.parametrize(
    ("text", "entry", "detail"),
    [
        ("Was kostet die Beratung im JBZ?", "bildung-jbz", Detail.COST),
        ("Wie lange dauert so eine Weiterbildung?", "bildung-weiterbildung", Detail.DURATION),
        # the plural "dauern" asks the same ("dauern" was left as a word of the topic)
        ("Wie lange dauern die Weiterbildungen?", "bildung-weiterbildung", Detail.DURATION),
        ("Wie viele Plätze hat die Familienberatung?", "bildung-fruehe-chancen", Detail.COUNT),
        ("Wie heißt die Ansprechperson beim JBZ?", "bildung-jbz", Detail.NAME),
        ("Wo fand die Dialogveranstaltung statt?", "veranstaltung-dialog", Detail.WHERE),
        ("Wer sitzt namentlich im Beirat?", "programm-struktur", Detail.NAME),
        # "trifft" met the JBZ's motto "Jugend trifft Zukunft"
        ("Wie oft trifft sich die Arbeitsgruppe?", "programm-struktur", Detail.DURATION),
        # the office's building: its contacts, not buttons beside the programme's structure
        (
            "In welchem Gebäude und Zimmer sitzt die Koordinierungsstelle?",
            "kontakt-koordinierungsstelle",
            Detail.WHERE,
        ),
    ],
)  # fmt: skip
def test_a_detail_the_entry_does_not_hold_is_answered_with_the_entry_and_goes_to_the_team(
    matcher: Matcher, text: str, entry: str, detail: Detail
) -> None:
    p = plan(text, matcher, NOW)
    assert steps(p) == [("answer", entry)]
    assert p.replies[0].missing is detail
    assert p.to_team


def test_money_asked_with_one_weak_candidate_is_not_answered_with_it(matcher: Matcher) -> None:
    # the lone candidate ("Sportverein") is no answer to what a certificate costs
    text = (
        "Ich brauch ein Führungszeugnis fürs Ehrenamt im Sportverein – "
        "wo krieg ich das und kostet das was?"
    )
    assert all(step != "answer" for step, _ in steps(plan(text, matcher, NOW)))


def test_a_name_asked_of_a_topic_still_gets_its_entry(matcher: Matcher) -> None:
    p = plan("Wie heißt der Beirat?", matcher, NOW)
    assert steps(p) == [("answer", "programm-struktur")]
    assert p.replies[0].missing is Detail.NAME


def test_a_detail_the_entry_holds_is_simply_answered(matcher: Matcher) -> None:
    p = plan("Seit wann ist Dessau-Roßlau dabei?", matcher, NOW)
    assert steps(p) == [("answer", "programm-geschichte")]
    assert not p.to_team


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("Was war im November?", "veranstaltung-dialog"),
        ("Was war am 02./04. Oktober?", "programm-eichenhof-hausdorf"),
        ("Wie war die Auftaktveranstaltung?", "veranstaltung-auftakt"),
    ],
)
def test_a_question_about_the_past_goes_to_history_not_the_calendar(
    matcher: Matcher, text: str, entry: str
) -> None:
    assert steps(plan(text, matcher, NOW)) == [("answer", entry)]


def test_the_same_month_asked_for_the_future_lists_events(matcher: Matcher) -> None:
    assert [s for s, _ in steps(plan("Was ist im Dezember los?", matcher, NOW))] == ["events"]


@pytest.mark.parametrize(
    "text",
    [
        "wo ich kann deutsch lernen?",
        "Wo verlängere ich meinen Personalausweis?",
        # a name asked of a person named only by office: the mayor's department is in the
        # structure's entry, the mayor is not its topic
        "Wer ist der Oberbürgermeister von Dessau-Roßlau?",
        "Wie heißt der Oberbürgermeister?",
        "Wer ist eigentlich der Oberbürgermeister?",
        "Wer ist eigentlich gerade Oberbürgermeister von Dessau-Roßlau?",  # no article
        "wie spät is es",  # "später" (in a phrasing about deleting) is no telling word
        # "meinst" asks the bot's opinion, no topic ("Was meint die Stadt mit …" still does)
        "Wer gewinnt die nächste OB-Wahl, was meinst du?",
        # whom to turn to about something the knowledge base knows nothing of: not the
        # office's contacts, nor the sign-up in the chat
        "Die Straßenlaterne vor unserem Haus ist seit zwei Wochen kaputt. Wo melde ich das?",
        "Mein Nachbar dreht jeden Abend die Musik laut auf. Wen kann ich da anrufen?",
        "Der Gehweg ist voller Schlaglöcher. Wo muss ich das melden?",
        "Die Ampel an der Kreuzung ist ausgefallen. An wen kann ich mich da wenden?",
        "Die Straßenlaterne ist seit Tagen kaputt. Bei wem melde ich das?",
        # "können … nicht", a club's or a parish's trouble: no offer to help
        "Wir können nachts nicht schlafen, weil es so laut ist. Wen kann ich da anrufen?",
        "Meine Gemeinde hat seit Tagen kein Wasser. Wo melde ich das?",
        # read as one part (the question is all small words), and "bald" found the events
        "Meine Aufenthaltserlaubnis läuft bald ab. Wo muss ich hin?",
        # which papers a thing the knowledge base does not know needs
        "Ich möchte Kindergeld beantragen für meinen Sohn. Welches Formular brauche ich?",
        "Ich möchte Kindergeld beantragen. Welche Formulare?",
        # after a request (no "?"), which is the story the papers are asked of
        "Ich brauche Kindergeld für mein drittes Kind. Welche Formular?",
        # where someone comes from is frame, and what is asked still goes to the team
        "Ich komme aus Syrien. Wie bekomme ich eine Arbeitserlaubnis?",
        "Wir sind aus Afghanistan und suchen eine Wohnung.",
        # where to register for it
        "Mein Sohn soll einen Schwimmkurs machen. Wo kann ich ihn anmelden?",
        # working or being out of work unpaid is no volunteering ("helfen ohne Geld" is)
        "Arbeitslos ohne Geld, was tun?",
        "Ich arbeite ohne Bezahlung, ist das erlaubt?",
        "Kann ich beim Kurs mitmachen ohne Geld zu bezahlen?",
        "Warum?",
        # earning something on the side is pay: the team's
        "Darf ich als Rentnerin beim Ehrenamt was dazuverdienen, ohne dass die Rente gekürzt wird?",
    ],
)
def test_out_of_scope_goes_straight_to_the_team_without_buttons(
    matcher: Matcher, text: str
) -> None:
    assert steps(plan(text, matcher, NOW)) == [("team", None)]


def test_a_question_that_refers_back_is_read_with_the_sentence_before(matcher: Matcher) -> None:
    p = plan("Ich möchte meine Daten löschen. Wie gehe ich dabei vor?", matcher, NOW)
    assert steps(p) == [("answer", "assistent-meine-daten")]


def test_the_context_of_a_letter_names_the_topic_a_short_question_leaves_out(
    matcher: Matcher,
) -> None:
    alone = plan("Was bieten die an?", matcher, NOW)
    assert steps(alone) == [("team", None)]
    p = plan("Ich habe vom Jugend.Berufs.Zentrum gehört. Was bieten die an?", matcher, NOW)
    assert steps(p) == [("answer", "bildung-jbz")]


@pytest.mark.parametrize(
    "text",
    ["Was läuft heute im Kino?", "Buch mir einen Termin beim Bürgeramt für nächsten Dienstag."],
)
def test_a_date_question_about_something_else_is_not_about_our_events(
    matcher: Matcher, text: str
) -> None:
    assert steps(plan(text, matcher, NOW)) == [("team", None)]


@pytest.mark.parametrize(
    "text",
    ["Was ist am Wochenende los?", "Welche Termine gibt es im Januar?", "Any events in March?"],
)
def test_a_date_question_about_what_is_on_lists_events(matcher: Matcher, text: str) -> None:
    assert [s for s, _ in steps(plan(text, matcher, NOW))] == ["events"]


@pytest.mark.parametrize("text", ["Wie melde ich ein Gewerbe an?", "Wo melde ich mein Auto an?"])
def test_a_word_the_knowledge_base_does_not_know_keeps_a_lone_candidate_from_answering(
    matcher: Matcher, text: str
) -> None:
    assert "answer" not in [s for s, _ in steps(plan(text, matcher, NOW))]


def test_signing_up_in_the_chat_is_still_answered(matcher: Matcher) -> None:
    assert steps(plan("Wie kann ich mich anmelden?", matcher, NOW)) == [
        ("answer", "assistent-anmeldung")
    ]


def test_a_later_question_that_finds_nothing_alone_is_read_with_the_one_before(
    matcher: Matcher,
) -> None:
    p = plan(
        "Wie bekomme ich Erinnerungen an Termine und wie stelle ich sie wieder ab?", matcher, NOW
    )
    assert steps(p) == [
        ("answer", "assistent-erinnerungen"),
        ("answer", "assistent-erinnerungen-stoppen"),
    ]


def test_the_context_says_who_asks(matcher: Matcher) -> None:
    assert steps(plan("Wie kann ich mitmachen?", matcher, NOW)) == [
        ("answer", "engagement-mitmachen")
    ]
    assert steps(plan("Ich habe eine Firma. Wie kann ich mitmachen?", matcher, NOW)) == [
        ("answer", "wirtschaft-mitmachen")
    ]


def test_an_entry_that_holds_the_detail_asked_is_preferred(matcher: Matcher) -> None:
    p = plan(
        "Seit wann gibt es das Programm und wo ist die Koordinierung heute angesiedelt?",
        matcher,
        NOW,
    )
    assert steps(p) == [("answer", "programm-geschichte"), ("answer", "programm-struktur")]
    assert not p.to_team  # the history holds "since when"


def test_a_contexts_unknown_words_do_not_weigh_down_its_question(matcher: Matcher) -> None:
    # "ich möchte mich beruflich weiterbilden" is context; "Gibt es in Dessau was?" asks
    text = "Hallo, ich möchte mich beruflich weiterbilden. Gibt es in Dessau was? Grüße, Jens"
    p = plan(text, matcher, NOW)
    assert steps(p) == [("answer", "bildung-weiterbildung")]


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        (
            "Was ist die Engagierte Stadt? Wie kann ich dort mitmachen?",
            ["programm-was-ist", "engagement-mitmachen"],
        ),
        ("Was ist das JBZ? Wie melde ich mich da an?", ["bildung-jbz", "assistent-anmeldung"]),
    ],
)
def test_two_questions_the_second_pointing_back_get_two_answers(
    matcher: Matcher, text: str, entries: list[str]
) -> None:
    assert steps(plan(text, matcher, NOW)) == [("answer", entry) for entry in entries]


def test_a_context_does_not_turn_a_clear_answer_into_another(matcher: Matcher) -> None:
    p = plan("Ich wohne in Roßlau. Wie kann ich mitmachen?", matcher, NOW)
    assert steps(p) == [("answer", "engagement-mitmachen")]


def test_an_events_question_with_a_word_the_knowledge_base_lacks_still_lists_events(
    matcher: Matcher,
) -> None:
    text = "Welche Veranstaltungen gibt es diese Woche für Senioren?"
    assert [s for s, _ in steps(plan(text, matcher, NOW))] == ["events"]


def test_wer_ist_asks_for_a_name_only_of_a_person(matcher: Matcher) -> None:
    p = plan("Wer ist die Engagierte Stadt?", matcher, NOW)
    assert steps(p) == [("answer", "programm-was-ist")]
    assert not p.to_team


@pytest.mark.parametrize(
    "text",
    [
        "ick will wat machen ehrenamtlich, wie jeht dit",  # Berlin speech
        "yo kann man hier irgendwie mithelfen? hab ferien und langeweile lol",  # fillers
    ],
)
def test_colloquial_speech_and_fillers_still_find_the_answer(matcher: Matcher, text: str) -> None:
    assert steps(plan(text, matcher, NOW))[0] == ("answer", "engagement-mitmachen")


def test_a_long_letter_s_story_does_not_drown_its_question(matcher: Matcher) -> None:
    letter = (
        "Sehr geehrte Damen und Herren,\n"
        "ich bin 68 Jahre alt. Bis zum letzten Jahr war ich Buchhalterin in einer Spedition. "
        "Meine Kinder wohnen in Leipzig. Im Garten ist im Winter wenig zu tun. "
        "Meine Nachbarin meinte, ich solle hier fragen. "
        "Wie kann ich mich ehrenamtlich engagieren?\n"
        "Mit freundlichen Grüßen\nRenate Vogt"
    )
    p = plan(letter, matcher, NOW)
    assert steps(p) == [("answer", "engagement-mitmachen")]
    assert not p.to_team


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sehr geehrte Damen und Herren,\nich bin Rentner, habe vierzig Jahre bei der Bahn "
            "gearbeitet, lese jeden Morgen die Zeitung und stolpere dabei immer wieder über die "
            "Engagierte Stadt, und da mein Nachbar meint, das gäbe es schon ewig, frage ich Sie "
            "nun, seit wann Dessau-Roßlau dabei ist.\nMit freundlichen Grüßen\nKarl Weber",
            [("answer", "programm-geschichte")],
        ),
        (
            "Ich bin 67 und seit drei Jahren Rentnerin, habe viel Zeit und Lust auf etwas Neues, "
            "und ich frage mich, ob ich irgendwo ehrenamtlich helfen kann.",
            [("answer", "engagement-mitmachen")],
        ),
        (
            "Guten Tag, meine Schwester und ich streiten seit Wochen über ein Plakat am Rathaus, "
            "und ich wäre Ihnen sehr verbunden, wenn Sie mir erklären könnten, was die "
            "Engagierte Stadt eigentlich ist.",
            [("answer", "programm-was-ist")],
        ),
        # wondering to oneself is no question of its own: it leans on the story
        (
            "Unser Kind spricht zu Hause Arabisch und im Kindergarten Deutsch und ich frage "
            "mich, ob das ein Problem ist.",
            [("answer", "bildung-mehrsprachigkeit")],
        ),
        # a question pointing into the story ("wo das stattfindet") is read with it
        (
            "Ich habe gehört, dass es bald ein Netzwerktreffen für Vereine geben soll, und frage "
            "mich, wo das stattfindet.",
            [("events", None)],
        ),
        # the question cut out of the story is still one the source does not answer
        (
            "Ich wohne seit zwanzig Jahren in Ziebigk und ärgere mich jeden Tag über die "
            "Schlaglöcher, und darum möchte ich fragen, wann die Straße endlich saniert wird.",
            [("team", None)],
        ),
    ],
)
def test_a_question_at_the_end_of_one_long_sentence_is_read_without_the_story(
    matcher: Matcher, text: str, expected: list[tuple[str, str | None]]
) -> None:
    # "…, frage ich Sie nun, seit wann …": the story's many words drowned the question
    assert steps(plan(text, matcher, NOW)) == expected


def test_a_question_pointing_back_is_read_with_the_sentence_just_before_it(
    matcher: Matcher,
) -> None:
    # the story's other words weigh the whole context down; the sentence before tells it
    letter = (
        "Guten Tag,\nich war 40 Jahre Schlosser bei einem Betrieb in Ziebigk und bin seit dem "
        "Sommer Rentner. Meine Frau sagt, ich sitze nur noch vor dem Fernseher. Ich würde gern "
        "irgendwo mit anpacken, wo Leute wie ich gebraucht werden. "
        "Wie fange ich das am besten an?\n"
        "Viele Grüße\nGünter Krause"
    )
    assert steps(plan(letter, matcher, NOW)) == [("answer", "engagement-mitmachen")]


def test_the_sentence_before_is_found_after_a_detail_joined_the_question_before_it(
    matcher: Matcher,
) -> None:
    # "Ich will den Namen wissen." joins the question before it: one reply fewer than parts
    text = (
        "Wie heißt die Koordinatorin? Ich will den Namen wissen. Ich würde gern irgendwo mit "
        "anpacken, wo Leute wie ich gebraucht werden. Wie fange ich das am besten an?"
    )
    replies = steps(plan(text, matcher, NOW))
    assert replies[0] == ("answer", "kontakt-koordinatorin")
    assert replies[-1] == ("answer", "engagement-mitmachen")


def test_a_sentence_before_that_leans_to_no_entry_lends_none(matcher: Matcher) -> None:
    # "Das hat mich neugierig gemacht" tells nothing the knowledge base answers: the team's
    text = (
        "Ich habe in einem Vortrag davon gehört. Das hat mich neugierig gemacht. "
        "Wie ist das gemeint?"
    )
    assert not plan(text, matcher, NOW).answered


@pytest.mark.parametrize(
    "text",
    [
        # the programme's view on what was said or asked before, not what the programme is
        "Ich leite eine kleine Druckerei. Mein Chef meint, soziales Engagement von Firmen sei "
        "nur Werbung. Wie sieht die Engagierte Stadt das?",
        "Warum sollten sich Unternehmen überhaupt gesellschaftlich engagieren? Wie sieht die "
        "Engagierte Stadt das?",
    ],
)
def test_asking_the_programme_s_view_on_it_answers_what_was_said_before(
    matcher: Matcher, text: str
) -> None:
    assert steps(plan(text, matcher, NOW)) == [("answer", "wirtschaft-engagement")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "die" and "es" point at nothing: the programme's own question stays its own
        (
            "Wie kann ich mich als Firma engagieren? Seit wann gibt es die Engagierte Stadt?",
            [("answer", "wirtschaft-mitmachen"), ("answer", "programm-geschichte")],
        ),
        (
            "Ich leite einen Sportverein. Was macht die Engagierte Stadt?",
            [("answer", "programm-was-ist")],
        ),
        # a question for the team stays the team's
        (
            "Wer ist der Oberbürgermeister? Gehört er zur Engagierten Stadt?",
            [("team", None), ("answer", "programm-was-ist")],
        ),
    ],
)
def test_a_programme_question_after_another_is_no_view_asked(
    matcher: Matcher, text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert steps(plan(text, matcher, NOW)) == expected


def test_asking_what_it_is_with_a_pointer_is_still_the_programme(matcher: Matcher) -> None:
    text = "was is das eigentlich, diese engagierte stadt? stand aufm plakat am bahnhof"
    assert steps(plan(text, matcher, NOW)) == [("answer", "programm-was-ist")]


def test_a_question_that_only_points_back_is_the_same_topic_once(matcher: Matcher) -> None:
    # "sie" is the kick-off: its own word "bewirkt" must not pick the programme's goals
    text = "Was war eigentlich die Auftaktveranstaltung? Und was hat sie bewirkt?"
    assert steps(plan(text, matcher, NOW)) == [("answer", "veranstaltung-auftakt")]
    # with no story before it, the kind is all there is to go by
    assert steps(plan("Was ist das für ein Projekt?", matcher, NOW)) == [
        ("answer", "programm-was-ist")
    ]


def test_a_follow_up_asking_another_time_is_a_question_of_its_own(matcher: Matcher) -> None:
    # one word of its own, but "als Nächstes" asks what is coming after "seit 2020"
    text = "Was ist seit 2020 bei euch alles passiert? Und was steht als Nächstes an?"
    assert steps(plan(text, matcher, NOW)) == [
        ("answer", "programm-chronik"),
        ("answer", "veranstaltung-termine"),
    ]


def test_a_follow_up_asking_the_bot_something_is_a_question_of_its_own(matcher: Matcher) -> None:
    # "ihr" asks the bot; "und was wurde vorgestellt?" (no one asked) stays the same topic
    text = (
        "Ich will mich als Freiwillige anmelden, geht das hier im Chat? "
        "Und was speichert ihr dann von mir?"
    )
    assert steps(plan(text, matcher, NOW)) == [
        ("answer", "assistent-anmeldung"),
        ("answer", "assistent-datenschutz"),
    ]
    text = "Wer war bei der Auftaktveranstaltung 2021 dabei und was wurde vorgestellt?"
    assert steps(plan(text, matcher, NOW)) == [("answer", "veranstaltung-auftakt")]


def test_a_question_that_points_back_but_names_its_own_topic_keeps_it(matcher: Matcher) -> None:
    text = "Was speichert ihr über mich und wie kann ich das löschen?"
    assert steps(plan(text, matcher, NOW)) == [
        ("answer", "assistent-datenschutz"),
        ("answer", "assistent-meine-daten"),
    ]


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("Wie viele Ehrenamtliche gibt es in Dessau-Roßlau?", None),  # a number nobody gave
        ("Wie viele Plätze hat die Familienberatung?", "bildung-fruehe-chancen"),  # an entry's
    ],
)
def test_a_count_of_only_the_thing_counted_goes_to_the_team_without_an_entry(
    matcher: Matcher, text: str, entry: str | None
) -> None:
    p = plan(text, matcher, NOW)
    assert p.to_team
    assert [e.id for e in p.answered] == ([entry] if entry else [])


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("Meine Nachbarin hat mir vom Jugend.Berufs.Zentrum erzählt. Was steckt dahinter?",
         "bildung-jbz"),
        ("Im Radio kam etwas über die Engagierte Stadt. Könnten Sie mir erklären, was "
         "dahintersteckt?", "programm-was-ist"),
    ],
)  # fmt: skip
def test_a_question_about_the_sentence_before_is_read_with_its_known_words(
    matcher: Matcher, text: str, entry: str
) -> None:
    assert steps(plan(text, matcher, NOW)) == [("answer", entry)]


def test_a_story_of_unknown_words_before_such_a_question_still_goes_to_the_team(
    matcher: Matcher,
) -> None:
    text = "Ich habe einen Brief vom Finanzamt bekommen, verstehe ihn nicht. Wo muss ich hin?"
    assert steps(plan(text, matcher, NOW)) == [("team", None)]


def test_asking_to_be_reminded_of_the_next_events_is_about_reminders(matcher: Matcher) -> None:
    p = plan("Kann mich der Assistent vor den nächsten Veranstaltungen erinnern?", matcher, NOW)
    assert "events" not in [step for step, _ in steps(p)]


def test_eintragen_is_signing_up(matcher: Matcher) -> None:
    p = plan("Kann ich mich hier im Chat als Freiwillige eintragen?", matcher, NOW)
    assert steps(p) == [("answer", "assistent-anmeldung")]


def test_a_follow_up_that_asks_a_fact_of_its_own_is_answered_too(matcher: Matcher) -> None:
    text = "Was ist die Engagierte Stadt? Seit wann gibt es sie?"
    assert steps(plan(text, matcher, NOW)) == [
        ("answer", "programm-was-ist"),
        ("answer", "programm-geschichte"),
    ]


def test_finding_out_when_the_next_meeting_is_is_one_question(matcher: Matcher) -> None:
    p = plan("Wie finde ich heraus, wann das nächste Treffen ist?", matcher, NOW)
    assert [step for step, _ in steps(p)] == ["events"]


def test_where_roslau_is_gets_the_entry_a_note_and_the_team(matcher: Matcher) -> None:
    p = plan("Wo ist Roßlau?", matcher, NOW)
    assert [e.id for e in p.answered] == ["programm-rosslau"] and p.to_team


def test_asking_what_kind_of_thing_the_story_named_is_about_what_the_story_named(
    matcher: Matcher,
) -> None:
    # "Termin" is the kind of thing, not a question about appointments or reminders
    text = (
        "Hallo,\nich war im Herbst 2021 krank und hab die große Auftaktveranstaltung verpasst. "
        "Meine Kolleginnen reden heute noch davon. Was war das eigentlich für ein Termin?"
    )
    assert steps(plan(text, matcher, NOW)) == [("answer", "veranstaltung-auftakt")]


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        (
            "Ich möchte keine Erinnerungen mehr bekommen und außerdem meine Daten löschen.",
            ["assistent-erinnerungen-stoppen", "assistent-meine-daten"],
        ),
        (
            "Ich will keine Erinnerungen mehr bekommen und auch sehen, was ihr gespeichert habt.",
            ["assistent-erinnerungen-stoppen", "assistent-meine-daten"],
        ),
        # "falls" (if) names no topic
        (
            "Wie bekomme ich Erinnerungen? Und falls es zu viel wird, wie stelle ich sie ab?",
            ["assistent-erinnerungen", "assistent-erinnerungen-stoppen"],
        ),
        # "die" is an article, not a pointer: the programme is asked anew
        ("Was ist das JBZ? Und was ist die Engagierte Stadt?", ["bildung-jbz", "programm-was-ist"]),
    ],
)
def test_two_requests_joined_by_und_are_each_answered(
    matcher: Matcher, text: str, entries: list[str]
) -> None:
    assert steps(plan(text, matcher, NOW)) == [("answer", entry) for entry in entries]


def test_one_wish_with_und_stays_one_request(matcher: Matcher) -> None:
    # "… und Menschen helfen" names no second request of the bot's
    text = "Ich möchte mich engagieren und Menschen in meinem Viertel helfen."
    assert len(read(text).parts) == 1


def test_a_closing_thanks_or_a_story_that_looks_like_a_wish_makes_no_ticket(
    matcher: Matcher,
) -> None:
    closing = "Wie kann ich mitmachen? Ich wäre Ihnen sehr dankbar für eine Antwort."
    assert not plan(closing, matcher, NOW).to_team
    story = "Der Artikel über das Programm hat uns sehr interessiert. Wann ist das nächste Treffen?"
    assert [step for step, _ in steps(plan(story, matcher, NOW))] == ["events"]


def test_coming_in_person_is_no_question_about_personal_data(matcher: Matcher) -> None:
    # "persönlich … kommen" had met the privacy entry's "persönliche Daten"
    text = (
        "Ich möchte mich als Freiwillige registrieren. Geht das direkt hier im Chat, oder muss "
        "ich dafür persönlich ins Rathaus kommen?"
    )
    answered = [entry for step, entry in steps(plan(text, matcher, NOW)) if step == "answer"]
    assert answered == ["assistent-anmeldung"]
    p = plan("Welche persönlichen Daten speichert ihr?", matcher, NOW)
    assert steps(p) == [("answer", "assistent-datenschutz")]
