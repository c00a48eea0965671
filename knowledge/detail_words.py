"""The German and English words that ask for a detail (knowledge/reading.py reads them).

Which kind of detail a question asks – what it costs, how many, how long, when it is open,
where, since when, the exact date, a name – and the words that only ask it. The further
languages have their own lists in their entries.yaml (`reading:`), read by knowledge/cues.py.
"""

from __future__ import annotations

import re

from knowledge.cues import Detail
from knowledge.text import fold

# (kind, pattern on folded text); the first that matches decides. The match is taken out of
# the text the matcher sees: it says what is asked, not about which topic.
DETAILS: tuple[tuple[Detail, re.Pattern[str]], ...] = (
    # "Bekommen Ehrenamtliche Geld?", "Bin ich versichert?", "Wie viel Geld bekommt das
    # Programm?"; not "ohne Geld helfen" or "nur Geld spenden"
    (
        Detail.PAY,
        re.compile(
            # a compound's end without its start ("Ehrenamtspauschale", "Unfallversicherung"):
            # no "\w*" before it, which would try every word of a long message letter by letter
            # (not "eine Versicherung" alone: an insurance company may be a partner; not a
            # "Teilnahmepauschale" one pays)
            r"(?:(?:ehrenamts|uebungsleiter|aufwands)pauschalen?|versichert"
            r"|(?:unfall|haftpflicht)versicherung(?:en)?)\b|\bpauschalen?\b"
            r"|\b(?:aufwandsentschaedigung\w*|stundenlohn|lohn|gehalt|verguetung"
            r"|verguetet|honorare?|fahrgeld|fahrtkosten\w*|versicherung\s+(?:fuer|bei|wenn|waehrend)"
            r"|foerdergeld\w*|foerdersumme|wie\s*viel\s+verdien\w*"  # not "was verdient Dank"
            r"|(?:dazu|hinzu)verdien\w*|zuverdienst\w*"
            r"|geld\s+(?:bekommt|bekommen|bekomme|kriegt|kriegen|krieg|erhaelt|erhalten)"
            r"|(?:bekommt|bekommen|bekomme|kriegt|kriegen|krieg|gibt|gibts|erhaelt|erhalten)"
            # ("Wird man als Ehrenamtlicher bezahlt?", not "Muss die Gebühr bezahlt werden?")
            r"(?:\s+\w+){0,3}?\s+geld|(?:wird|werden)\s+(?:man|ehrenamtliche\w*|helfer\w*|freiwillige\w*)"
            r"(?:\s+\w+){0,3}?\s+bezahlt|(?:get|gets|are|is)\s+(?:\w+\s+)?paid|salary|insurance"
            r"|insured|allowance)\b"
        ),
    ),
    (
        Detail.COST,
        re.compile(
            r"\b(?:was\s+kostet|wie\s*viel\s+kostet|kostet|kosten(?:los|pflichtig)?|gebuehr(?:en)?"
            r"|preis(?:e)?|euro|umsonst|gratis|bezahlen|how\s+much\s+(?:does|is|do)|costs?"
            # "Was muss meine Firma zahlen?" (the verb ends its clause), not "Welche Zahlen …?"
            r"|zahlen(?=\s*(?:[,?.!]|$))"
            r"|price|fees?|free\s+of\s+charge)\b|€"
        ),
    ),
    (
        Detail.HOURS,
        re.compile(
            r"\b(?:oeffnungszeit(?:en)?|sprechzeit(?:en)?|sprechstunden?|telefonzeit(?:en)?"
            r"|zu\s+welche[nr]?\s+(?:uhr)?zeit(?:en)?|geoeffnet|opening\s+hours|office\s+hours"
            # "an welchen Tagen ist dort jemand (persönlich) anzutreffen?"
            r"|an\s+welchen\s+(?:wochen)?tagen\b(?=[^.?!]*\b(?:anzutreffen|besetzt|offen)\b)"
            # "Hat das JBZ auch samstags auf?", not "Wer passt morgens auf die Kinder auf?"
            r"|(?:samstags|sonntags|abends|nachmittags|vormittags|morgens|mittags|werktags"
            r"|am\s+wochenende)(?:\s+(?!auf\b)\w+){0,3}?\s+(?:auf|offen)(?=\s*[?.!]|\s*$))\b"
        ),
    ),
    # "Wie viele Stunden pro Woche …?", "Wie oft trifft sich …?": time spent, not a number
    (
        Detail.DURATION,
        re.compile(
            r"\b(?:wie\s*viele?\s+(?:zeit|stunden|minuten|tage|wochen|monate)"
            r"(?:\s+(?:pro|in\s+der|im|am)\s+(?:woche|monat|tag|jahr))?"
            r"|(?:pro|je)\s+woche|wie\s+oft|zeitaufwand|how\s+many\s+hours|how\s+often)\b"
        ),
    ),
    (
        Detail.COUNT,
        re.compile(
            r"\b(?:wie\s*viele[nr]?|wie\s*viel|anzahl|wie\s+gross\s+ist|how\s+many|number\s+of"
            r"|plaetze|platz)\b"
        ),
    ),
    # "Wie lange läuft das schon?" asks since when, not how long something takes
    (
        Detail.DURATION,
        re.compile(r"\b(?:wie\s+lange?(?![^?.!]*\bschon\b)|dauer|dauert|how\s+long)\b"),
    ),
    (
        Detail.DATE,
        re.compile(
            r"\b(?:wann\s+genau|genaue[ns]?\s+(?:datum|termin|tag)|datum|uhrzeit|um\s+wie\s*viel"
            r"\s+uhr|an\s+welchem\s+tag|welche[nrs]?\s+(?:datum|tag)|when\s+exactly|which\s+date"
            r"|what\s+date|what\s+time|exact\s+date)\b"
        ),
    ),
    (
        Detail.WHERE,
        re.compile(
            r"(?<![\w-])(?<!mail-)(?<!mail\s)(?:adresse|anschrift)\b|\b(?:wo\s+genau|wo\s+(?:ist|sind|liegt|befindet|sitzt|finde\s+ich)"
            r"\s+(?:das|die|der|den|ihr|ihre|es|sich)|strasse|hausnummer|where\s+(?:is|are)"
            # "Wo ist Roßlau?", "Wie komme ich nach Roßlau?": the way there
            r"|wo\s+(?:ist|liegt)\s+(?=\w+\W*$)|wie\s+komme\s+ich\s+(?:nach|zu[mr]?|in\s+die)"
            r"|address|location|wo\s+befindet"
            # "Wo fand die Auftaktveranstaltung statt?", "Wo in der Stadt fand … statt?", "In
            # welchem Gebäude und Zimmer …?"
            r"|wo\s+(?:in\s+der\s+stadt\s+)?(?:fand|findet|finden|fanden|hat|haben|war|waren|wird"
            r"|werden)\b(?=.*\bstatt)"
            # a past event's place: "Where exactly did … take place?" (not "Where was the phone
            # number again?", nor "Wo war die E-Mail-Adresse?")
            r"|where\s+(?:exactly\s+)?did\b(?=.*\btake\s+place)"
            r"|(?:in|an)\s+welche[mnr]?\s+(?:gebaeude|stadtteil|raum|zimmer|saal|halle|ort|haus|viertel"
            r"|etage|stock|strasse)|raumnummer)\b"
        ),
    ),
    (
        Detail.WHEN,
        re.compile(
            r"\b(?:seit\s+wann|bis\s+wann|ab\s+wann|wann|since\s+when|when"
            r"|wie\s+lange?(?=[^?.!]*\bschon\b))\b"
        ),
    ),
    (
        Detail.NAME,
        re.compile(
            r"\b(?:wie\s+(?:hei(?:ss|s)(?:t|en)|hiessen|hiess)(?:\s+(?:die|der)\s+(?:ansprechperson|ansprechpartner(?:in)?"
            r"|kontaktperson|leiter(?:in)?|chef(?:in)?))?|namen?|namensliste|wer\s+genau"
            r"|namentlich(?!\s+(?:genannt|erwaehnt|aufgefuehrt))"  # not "… namentlich genannt?"
            r"|welche\s+personen"
            r"|wer\s+(?:leitet|fuehrt)"
            r"|wer\s+(?:ist|sind|war|waren)\s+(?:(?:denn|eigentlich|jetzt|gerade|aktuell)\s+)*"
            r"(?:(?:der|die)\s+)?\w*(?:meister|leiter"
            r"|leiterin|chef|chefin|koordinator|koordinatorin|vorsitzende|fuehrer|fuehrerin"
            r"|zustaendige|verantwortliche)"
            # "Welche Firmen haben … unterschrieben?", "Welche Vereine sind genau Partner?",
            # "Wer hat den Letter of Intent unterschrieben?" ("Wer sitzt alles im Beirat?" was
            # measured and left out: two sets hold it as out of scope, two as a detail)
            r"|welche\s+(?:firmen|unternehmen|betriebe|vereine|initiativen|organisationen"
            r"|\w*traeger|partner(?:innen)?|mitglieder)\s+(?:genau|konkret|alle|sind|haben"
            r"|gehoeren|waren|wurden)"
            # (only "wer hat" is the detail's words: what was signed is the topic)
            r"|wer\s+(?:hat|haben)(?=\s+(?:[^\s.?!]+\s+){0,8}?(?:unterschrieben|unterzeichnet)\b)"
            r"|who\s+exactly|what\s+is\s+the\s+name|names?)\b"
        ),
    ),
)
# Words that, once a detail is asked, belong to asking it and name no topic: "Wo genau sitzt
# das JBZ?", "Wie lange dauert das ungefähr, Wochen oder Monate?", "… mindestens einplanen?"
DETAIL_WORDS = {
    Detail.WHERE: re.compile(
        r"\b(?:sitzt|sitzen|liegt|liegen|befindet(?:\s+sich)?|befinden(?:\s+sich)?"
        r"|untergebracht|gebaeude|zimmer|raum|etage|stock)\b"
    ),
    Detail.DURATION: re.compile(  # (and "dauern" once "wie lange" asked: "… dauern die …?")
        r"\b(?:dauern|dauerte|dauerten|stunden|minuten|tage|wochen|monate|jahre|ungefaehr|etwa"
        r"|circa|mindestens|hoechstens|einplanen|rechnen|investieren|aufwenden)\b"
    ),
    Detail.DATE: re.compile(r"\b(?:tag|uhrzeit|uhr|genau)\b"),
    Detail.HOURS: re.compile(r"\b(?:offen|erreichbar|besetzt|uhr|persoenlich)\b"),
}
# Words of a part that asks only a detail, no topic of their own ("Welche genau?"), and a
# "not": "… ازاي؟ مش بس فلوس؟" ("not just money?") asks on about the question before
ASKING_WORDS = frozenset(
    "welche welcher welches welchen genau eigentlich denn nicht not не ні مش".split()
)
# "Wo ist die Koordinierungsstelle angesiedelt?" asks where in the administration, not for
# an address; "Wie lange gibt es das schon?" is answered by a history, and so on: the plan
# decides with the entry's declared details. These words cancel a WHERE reading.
NOT_AN_ADDRESS = re.compile(r"\b(?:angesiedelt|zugeordnet|aufgehaengt|angebunden|organisiert)\b")

# "Was war das eigentlich für eine Veranstaltung?": the kind of thing named says nothing of
# which one; the story before the question names it (on folded text)
WHAT_KIND = re.compile(
    r"\bwas\s+(?:ist|war|sind|waren)\s+(?:(?:denn|eigentlich|genau|das|dies|es|da)\s+)+"
    r"fuer\s+(?:ein|eine|einen|ne|n)\s+(?:(?:grosse|neue|besondere)[rs]?\s+)?"
    r"(termin|veranstaltung|sache|ding|treffen|aktion|projekt|initiative|event|runde)\b"
)


# Parts of the words a costly pattern looks for: a text with none of them is not searched
# (a plain substring test; most questions hold none of the PAY pattern's words)
DETAIL_HINTS: dict[Detail, tuple[str, ...]] = {
    Detail.PAY: (
        "pausch", "versich", "geld", "lohn", "gehalt", "verguet", "honorar", "fahr", "foerder",
        "bezahlt", "paid", "salary", "insur", "allowance", "aufwandsentsch", "verdien",
    ),
}  # fmt: skip


def asks_what_kind(text: str) -> bool:
    """ "Was war das für ein Termin?": what the thing the story named is (its kind is no
    topic: the whole text is not read again with it)."""
    return WHAT_KIND.search(fold(text)) is not None
