"""The frame of a message: what people write around a question, taken off before reading it.

A salutation at the start ("Hallo", "Moin", "Sehr geehrte Damen und Herren", "Liebes Team
…"), a closing at the end and the name under it ("Mit freundlichen Grüßen, Erika Muster",
"LG", "Danke im Voraus"), thanks at the start or the end, a goodbye, a self-introduction
("ich heiße Erika und …"), and sentences that only announce a question or ask how one is
("Ich hätte eine Frage:", "Na, alles fit?"). `unframe` says what was taken off, so a message
of nothing but frame can still be answered as small talk (knowledge/plan.py).
"""

from __future__ import annotations

import re

from knowledge.text import STOP_WORDS, words

# Words that start a question (also to tell a name after "Hallo" from the question).
QUESTION_WORD = (
    r"wie|was|wo|wann|wer|wen|wem|warum|wieso|weshalb|welche[rsmn]?|woher|wohin|wof(?:ü|ue)r"
    r"|worum|wozu|womit|wodurch|worin|woran|wovon|wor(?:ü|ue)ber|worauf|inwiefern|inwieweit"
    r"|gibt|gibts|kann|kannst|k(?:ö|oe)nnen|k(?:ö|oe)nnt|k(?:ö|oe)nnte[nt]?|k(?:ö|oe)nntest"
    r"|w(?:ü|ue)rde[nt]|w(?:ü|ue)rdest|darf|muss|ist|sind|habt|haben|hat"
    r"|how|what|where|when|who|why|which|can|could|is|are|do|does|did|was|were"
)

# On the original text, case-insensitive; umlauts and ß written either way.
_UE, _OE, _SS, _AE = "(?:ü|ue|u)", "(?:ö|oe|o)", "(?:ß|ss)", "(?:ä|ae|a)"
_SALUTATION = re.compile(
    r"^\W*(?:"
    r"sehr\s+geehrte[rsn]?(?:\s+damen\s+und\s+herren)?"
    r"|liebe[rs]?\s+(?=\w)"
    rf"|hall{_OE}chen|hal+o+|halli\s+hallo|hey+|hi+|huhu|moin(?:\s+moin)?|moinsen|servus"
    rf"|gr{_UE}{_SS}\s+gott|juten\s+(?:tach|tag|morgen|abend)"
    rf"|gr{_UE}{_SS}\s+(?:dich|euch|sie)|(?:sch{_OE}nen\s+)?guten\s+(?:tag|morgen|abend|mittag)"
    rf"|tag\s+auch|na\b"
    r"|tach(?:\s+(?:auch|ooch|zusammen))?|n'?abend|mahlzeit"
    r"|good\s+(?:morning|afternoon|evening|day)|hello+|dear\b|greetings|salut|salam|bonjour"
    # a whole word: "Hilfe", "Historie", "Halloween" are no greetings ("liebe " ends in a space)
    r")(?:(?<=\s)|(?![\w'-]))",
    re.IGNORECASE,
)
# Words that may follow a salutation before the question starts: "Hallo zusammen,",
# "Sehr geehrte Frau Hinze,", "Liebes Team der Engagierten Stadt,", "Hi there!".
_SALUTATION_TAIL = frozenset(
    """zusammen team leute alle ihr du euch lieben liebe liebes frau herr herrn damen herren und
    der die das engagierten engagierte stadt dessau rosslau roßlau koordinierungsstelle
    there everyone all sir madam or mrs mr ms engagiertestadt""".split()
)
_SALUTATION_MAX_CHARS = 60  # "Liebes Team der Engagierten Stadt Dessau-Roßlau"
_CLOSING = re.compile(
    r"(?:^|[\s,.;:!?])(?:"
    # thanks joined to the closing: "Danke und Gruß", "Vielen Dank und liebe Grüße"
    rf"(?:mit\s+)?(?:(?:vielen|herzlichen|herzlichem|besten|bestem|gro{_SS}em)\s+)?dank(?:e|en)?"
    rf"\s*(?:und|&|,)\s+(?:\w+\s+)?"
    rf"gr{_UE}{_SS}(?:e|en|le)?\b"
    rf"|(?:mit\s+)?(?:freundlich|herzlich|lieb|viel|sch{_OE}n|best|sportlich|kollegial|sonnig)\w*"
    rf"\s+gr{_UE}{_SS}(?:e|en)?|gr{_UE}{_SS}e?\s+aus\b|hochachtungsvoll|herzlichst"
    # "Herzlich, Christa" (a name alone after it, at the end)
    r"|herzlich(?=[ \t]*[,\n][ \t\n]*(?-i:[A-ZÄÖÜ])[\w.'-]*[ \t.!]*\Z)"
    rf"|(?<=\n)(?:mit\s+)?\w+(?:en|em|e)\s+gr{_UE}{_SS}(?:e|en)?\b"  # "Mit gärtnerischen Grüßen"
    rf"|(?<=\n)gr{_UE}{_SS}(?:e|le)?(?=[ \t,.!]*(?:\n|\Z))"  # "Gruß" on a line of its own
    r"|(?:mfg|lg|vg|bg|mlg)\b"
    # a polite last sentence: "Für eine Antwort wäre ich dankbar.", "Über eine kurze
    # Rückmeldung würde ich mich freuen."
    rf"|(?:f{_UE}r|{_UE}ber)\s+(?:eine|ihre)\s+(?:kurze\s+)?(?:antwort|r{_UE}ckmeldung|nachricht"
    rf"|auskunft|information(?:en)?)\s+(?:w{_AE}re|w{_UE}rde)\s+ich\s+(?:ihnen\s+|euch\s+|mich\s+)?"
    r"(?:sehr\s+)?(?:dankbar|freuen|verbunden)"  # (at the end, or before the greetings)
    rf"(?=\W*(?:\n|\Z|(?:mit\s+)?(?:freundlich|herzlich|lieb|viel|best)\w*\s+gr{_UE}{_SS}))"
    rf"|ich\s+freue\s+mich\s+auf\s+(?:ihre|eure|eine)\s+(?:antwort|r{_UE}ckmeldung)(?=\W*(?:\n|\Z))"
    r"|(?:vielen\s+|herzlichen\s+)?dank\s+(?:im\s+voraus|vorab|schon\s+mal|schonmal)"
    r"|danke\s+(?:im\s+voraus|vorab|schon\s+mal|schonmal)"
    r"|(?:best|kind|warm)\s+regards|regards|thanks?\s+in\s+advance|many\s+thanks\s+in\s+advance"
    r"|cheers|sincerely|yours\s+(?:sincerely|faithfully)"
    r")\b.*\Z",
    re.IGNORECASE | re.DOTALL,
)
# what the thanks are for: "… für die Auskunft", "… für Ihre Bemühungen", "… for your help"
_THANKS_FOR = (
    r"(?:hilfe|antwort|m(?:ü|ue)he|bem(?:ü|ue)hung(?:en)?|auskunft|info\w*|r(?:ü|ue)ckmeldung"
    r"|erkl(?:ä|ae)rung|tipps?|unterst(?:ü|ue)tzung|geduld|zeit|aufmerksamkeit|verst(?:ä|ae)ndnis)"
)
_THANKED_FOR = (
    r"f(?:ü|ue)r\s+(?:ihre|die|eure|deine)\s+(?:\w+\s+(?:und\s+\w+\s+)?)?"
    rf"{_THANKS_FOR}(?:\s+und\s+(?:ihre\s+|eure\s+|die\s+)?{_THANKS_FOR})?"
)
_FOR_WHAT = rf"(?:\s+(?:{_THANKED_FOR}|for\s+(?:your|the)\s+(?:help|answer|info\w*)))"
# thanks in a language a neighbour grew up with: "Teşekkürler, danke sehr!"
_FOREIGN_THANKS = r"te(?:ş|s)ekk(?:ü|u)rler|dzi(?:ę|e)kuj(?:ę|e)|merci|gracias|grazie"
_THANKS_END = re.compile(
    r"(?:^|[\s,.;:!?])(?:(?:(?:haben\s+sie|habt|hab)\s+)?(?:(?:vielen|herzlichen|besten|tausend)\s+){1,2}dank"
    r"|danke\s+sch(?:ö|oe)n|dankesch(?:ö|oe)n|danke+"
    rf"|dank(?=\s+(?:dir|euch|ihnen)\b)|thanks|thank\s+you|thx|{_FOREIGN_THANKS})"
    r"(?:\s+(?:dir|euch|ihnen))?(?:\W+sehr\s+nett)?"  # "danke dir, sehr nett"
    r"(?:\s+(?:so|very)\s+much|\s+a\s+lot|\s+sehr|\s+vielmals)?"
    rf"{_FOR_WHAT}?"
    # praise after it: "…, echt super", "…, top"
    r"(?:[\s,.;:!-]+(?:(?:echt|sehr|total|wirklich|mega|voll)\s+)?"
    r"(?:super|toll|klasse|top|spitze|prima|perfekt|nett|lieb|hilfreich|great))?"
    # whom they thank: "…, verehrte Damen und Herren", "…, liebe Frau Hinze"
    r"(?:[\s,]+(?:(?:sehr\s+)?(?:verehrte|geehrte|liebe[rs]?)\s+)?"
    r"(?:damen\s+und\s+herren|(?:frau|herr)\s+\w+|team|leute|(?:chat)?bot|freund|kumpel))?"
    r"[^\w?]*\Z",  # "danke dir 👍"
    re.IGNORECASE,
)
# A letter's polite thanks before its closing: "Für Ihre Mühe danke ich Ihnen im Voraus.", "Ich
# bedanke mich für Ihre Bemühungen.", "Ich danke Ihnen vielmals."
_POLITE_THANKS_END = re.compile(
    rf"(?:^|(?<=[.!?])\s+)(?:(?:{_THANKED_FOR}\s+)?danke\s+ich\s+(?:ihnen\s+|euch\s+)?"
    r"|ich\s+bedanke\s+mich\s+|ich\s+danke\s+(?:ihnen|euch)\s+)"
    r"(?:(?:bereits|schon|jetzt|im\s+voraus|vorab|herzlich|recht|sehr|vielmals)\s*)*"
    # (and with whom they had it: "… für Ihre Geduld mit einer neugierigen Pensionärin.")
    rf"(?:{_THANKED_FOR}(?:\s+mit\s+[^.?!]{{1,60}})?)?[\s.!]*\Z",
    re.IGNORECASE,
)
# Thanks first: "Dankeschön, sehr nett 🙏", "Danke! Und wo finde ich …?"
_THANKS_START = re.compile(
    r"^\W*(?:(?:(?:haben\s+sie|habt|hab)\s+)?(?:vielen|herzlichen|besten|tausend|lieben)\s+dank|danke\s+sch(?:ö|oe)n|dankesch(?:ö|oe)n"
    rf"|danke+|dank(?=\s+(?:dir|euch|ihnen)\b)|thanks|thank\s+you|thx|{_FOREIGN_THANKS})"
    r"(?:\s+(?:dir|euch|ihnen))?"
    rf"(?:\s+(?:so|very)\s+much|\s+a\s+lot|\s+sehr|\s+vielmals)?"
    # what they are for, when nothing of it follows: not "… für die Hilfe beim Eintragen"
    rf"(?:{_FOR_WHAT}(?=\s*(?:[,!.:;)]|\Z)))?(?:[\s,!.:;)]+|\Z)",
    re.IGNORECASE,
)
_BYE = (
    rf"tsch{_UE}s{{1,2}}(?:ikowski)?|tsch{_OE}|ciao|tschau|ade|adieu"
    rf"|bis\s+(?:bald|dann|sp{_AE}ter|morgen|demn{_AE}chst)|gute\s+nacht|man\s+sieht\s+sich"
    rf"|(?:ich\s+)?bin\s+(?:dann\s+)?(?:mal\s+)?weg|auf\s+wiedersehen|bye|bye\s+bye|see\s+you"
    rf"|(?<!ihr\s)(?<!du\s)macht?['’]?s\s+(?:gut|jut)|bis\s+zum\s+n{_AE}chsten\s+mal"
    rf"|sch{_OE}ne[ns]?\s+(?:tag|abend|wochenende|feierabend)(?:\s+noch)?"
    r"|have\s+a\s+(?:nice|good|great|lovely)\s+(?:day|weekend|evening|one)|take\s+care"
    # the season's wishes take leave too ("Frohe Weihnachten!", "Guten Rutsch!")
    rf"|(?:frohe|sch{_OE}ne|besinnliche)\s+(?:weihnachten|feiertage|festtage|ostern|adventszeit)"
    rf"|frohes\s+fest|(?:einen\s+)?guten\s+rutsch(?:\s+ins\s+neue\s+jahr)?"
    rf"|(?:ein\s+)?(?:frohes|gesundes)\s+neues(?:\s+jahr)?|(?:ein\s+)?(?:sch{_OE}nes|gutes)\s+neues\s+jahr"
    r"|merry\s+christmas|happy\s+(?:new\s+year|holidays|easter)|season'?s\s+greetings"
    # leaving: "ich muss jetzt los", "muss weg"
    r"|(?:ich\s+)?muss\s+(?:jetzt\s+|leider\s+|dann\s+|mal\s+)*(?:los|weg)"
)
# leaving for work, only after a goodbye: "Ciao, muss zur Schicht" (not "Ich bin Mutter und
# muss arbeiten", nor "…, aber ich muss dann zur Arbeit")
_LEAVING_FOR = (
    r"(?:ich\s+)?muss\s+(?:jetzt\s+|leider\s+|dann\s+|mal\s+)*"
    r"(?:zur\s+(?:arbeit|schicht|schule|uni)|arbeiten)"
)
# a goodbye, or several ("Auf Wiedersehen und frohe Weihnachten!"), ending the message
_GOODBYE_END = re.compile(
    rf"(?:^|[\s,.;:!?])(?:{_BYE})(?:(?:\s*[,&]\s*|\s+(?:und|and)\s+)(?:{_BYE}|{_LEAVING_FOR}))*"
    r"[\s!.:)]*\Z",
    re.IGNORECASE,
)
_INTRODUCTION = re.compile(
    r"\b(?:ich\s+hei(?:ß|ss)e|mein\s+name\s+ist|hier\s+ist|hier\s+schreibt|my\s+name\s+is"
    r"|this\s+is|i\s+am|i'm|ich\s+bin)\s+(?:die\s+|der\s+)?"
    r"(?-i:[A-ZÄÖÜ][\w'-]*)(?:\s+(?-i:[A-ZÄÖÜ][\w'-]*))?\s*(?:[,.!;:]+|\s+(?:und|and)\b|\s*$)",
    re.IGNORECASE,
)
# a name in small letters, when it is all that is left: "moin bin der ben"
_CASUAL_INTRODUCTION = re.compile(
    r"^\W*(?:ich\s+)?bin\s+(?:der|die)\s+[^\W\d_]+[^\w?]*$", re.IGNORECASE
)
# all that is left, a name and any place: "hier ist Ingrid Vogt aus Roßlau."; not "ich bin
# …", which may say what someone is ("Ich bin Arbeitslos aus Dessau.")
_WHOLE_INTRODUCTION = re.compile(
    r"^\W*(?:hier\s+(?:ist|schreibt)|mein\s+name\s+ist|ich\s+hei(?:ß|ss)e"
    r"|this\s+is|my\s+name\s+is)\s+(?:die\s+|der\s+)?"
    r"(?-i:[A-ZÄÖÜ][\w'-]*)(?:\s+(?-i:[A-ZÄÖÜ][\w'-]*))?"
    r"\s+(?:aus|from)\s+(?-i:[A-ZÄÖÜ][\w'-]*)(?:[\s-]+(?-i:[A-ZÄÖÜ][\w'-]*))?[^\w?]*$",
    re.IGNORECASE,
)
# Where someone lives or comes from, told by a place's name ("Ich wohne in Ziebigk, wie kann
# ich mitmachen?", "Ich komme aus Syrien und möchte helfen."): frame like a name, its unknown
# name no topic.
_WHERE_FROM = re.compile(
    r"\b(?:(?:ich\s+wohne|ich\s+lebe|wir\s+wohnen|wir\s+leben)\s+in\s+"
    r"|(?:ich\s+komme|wir\s+kommen|ich\s+bin|wir\s+sind)\s+aus\s+"
    r"|i\s+live\s+in\s+|i'?m\s+from\s+|i\s+am\s+from\s+|we\s+live\s+in\s+|we\s+are\s+from\s+)"
    # a place's name, without an article ("aus der Wirtschaft" is no place) and none of
    # the places with an entry of their own, nor "aus Neugier", "in Armut"
    r"(?!(?:\S+\s+)?\S*(?:ro(?:ß|ss)lau|eichenhof|hausdorf)\b|neugier|interesse|versehen"
    rf"|{_UE}berzeugung|armut|not\b|angst|sorge|liebe|spa{_SS}|langeweile|rente|ausbildung)"
    r"(?-i:[A-ZÄÖÜ][\w'-]*)(?:\s+(?-i:[A-ZÄÖÜ][\w'-]*))?"
    r"\s*(?:,|\s+(?:und|and)\b)",  # before the question in its sentence; alone it is a story
    re.IGNORECASE,
)
# Sentences that only announce a question, hope for help or ask how one is.
ANNOUNCEMENT = re.compile(
    r"^\W*(?:ich\s+h(?:ä|ae)tte\s+(?:da\s+)?(?:mal\s+)?(?:eine|ein\s+paar|zwei|paar)\s+fragen?"
    r"|ich\s+habe\s+(?:da\s+)?(?:mal\s+)?(?:eine|ein\s+paar|zwei|paar)\s+fragen?"
    r"|(?:eine\s+)?kurze\s+frage|(?:eine\s+)?frage|(?:zwei|zwee|drei|paar)\s+(?:kurze\s+)?fragen"
    r"|i\s+have\s+(?:a|two)\s+questions?"
    r"|quick\s+question|(?:ich\s+)?hoffe,?\s+(?:sie|ihr)\s+k(?:ö|oe)nn(?:en|t)\s+mir\s+helfen"
    r"|i\s+hope\s+you\s+can\s+help(?:\s+me)?"
    # asking how one is: "Na, alles fit?", "Wie geht's?" (the greeting answers it)
    r"|(?:na\s*,?\s*)?alles\s+(?:fit|klar|gut|okay|ok|jut|paletti)(?:\s+bei\s+(?:euch|ihnen|dir))?"
    r"|(?:na\s*,?\s*)?wie\s+geht(?:'?s|\s+es)(?:\s+(?:ihnen|dir|euch))?(?:\s+so)?"
    r"|how\s+are\s+you(?:\s+doing)?"
    # saying it helped, or being new: the frame answers it ("Vielen Dank, hat mir geholfen")
    r"|(?:das\s+)?hat\s+mir\s+(?:sehr\s+|echt\s+|wirklich\s+)?(?:weiter)?geholfen"
    r"|(?:das\s+)?hilft\s+mir\s+(?:sehr\s+|echt\s+)?weiter|ich\s+bin\s+(?:ganz\s+)?neu\s+hier"
    r")\W*(?:$|:\s*)",
    re.IGNORECASE,
)


_GREETINGS = 3  # greetings taken off one after another at most
# Words that open a question and ask nothing, before a comma or colon: "Kurze Frage, was ist
# …?", "Kurz gefragt: …", "Sach ma, wat …" (a sentence of nothing else is an ANNOUNCEMENT)
_OPENER = re.compile(
    r"^\W*(?:(?:nu|na|also|und)\s+)?(?:(?:eine\s+)?kurze\s+frage|kurz\s+gefragt"
    r"|kurz\s+und\s+knapp|ganz\s+kurz|eine\s+frage|frage|quick\s+question|one\s+question"
    r"|sag\s+(?:mal|ma)|sagen\s+sie\s+(?:mal|ma)|sach\w*\s+(?:mal|ma)|sachma|sagense\s+mal)"
    r"\s*[,:;]\s*(?=\S)",
    re.IGNORECASE,
)
# Where one came across the programme, ending the message: "…? hab das aufm Plakat am Bahnhof
# gesehn", "… Habe es in der Zeitung gelesen." (a poster, a paper: nothing an entry is about).
# Only a clause of the medium, where it hung and small words ("… in der Zeitung über die
# Engagierte Stadt gelesen" names its topic, "… die Adresse nicht gesehen" what is missing),
# and only after a question with a word of its own ("Was macht ihr genau?" alone asks nothing).
_ALONG = (
    r"(?:das|dit|des|det|es|euch|sie|eure\w*|euer|ihr\w*|davon|dazu|von|auf|aufm|ufm|uffm|am"
    r"|an|anner|im|in|der|dem|den|die|ein|eine|einem|einer|nem|ner|beim|bei|vom|mal|schon"
    r"|neulich|gestern|heute|hier|dort|ueberall|überall|bahnhof|hbf|haltestelle|bushaltestelle"
    r"|bus|stra(?:ß|ss)enbahn|schule|edeka|rewe|aldi|lidl|netto|markt|rathaus|innenstadt)"
)
_CAME_ACROSS = re.compile(
    rf"[\s,;-]*\b(?:ich\s+)?(?:hab|habe|habs|hab's|hatte)(?:\s+{_ALONG})*"
    r"\s+(?:plakat|flyer|aushang|zeitung|zettel|poster|facebook|instagram|internet|radio|anzeige)"
    rf"\w*(?:\s+{_ALONG})*\s+(?:gesehen|gesehn|jesehn|jesehen|gelesen|jelesen|geh{_OE}rt)\W*\Z"
    # or never heard of it: "…, hab vorher nie was gehört"
    r"|[\s,;-]*\b(?:ich\s+)?(?:hab|habe|hatte)\s+(?:(?:vorher|bisher|noch|davon|da|echt)\s+)*nie"
    rf"\s+(?:(?:was|etwas|davon)\s+)*(?:geh{_OE}rt|jeh{_OE}rt)\W*\Z",
    re.IGNORECASE,
)
_SMILEY = re.compile(r"^[ \t]*[:;]-?[)(DP](?!\w)")


def unframe(text: str) -> tuple[str, bool, bool, bool, bool]:
    """The message without salutation, closing and introduction; whether it greeted, thanked,
    took leave, and whether anything was taken off."""
    body = text.strip()
    original = body
    greeting = thanks = goodbye = False
    for _ in range(_GREETINGS):  # "hi, na?", "Hallo, moin!"
        found = _SALUTATION.match(body)
        if not found:
            break
        greeting = True
        rest = _SMILEY.sub("", body[found.end() :], count=1)  # "Hi :) …"
        taken = _salutation_tail(rest)
        body = _SMILEY.sub("", rest[taken:], count=1).lstrip(" \t,!:;.-–—")
    body = _OPENER.sub("", body, count=1)  # "Kurze Frage, was …", "Sach ma, wat …"
    closing = _CLOSING.search(body)
    if closing and "?" in body[closing.start() :]:
        closing = None  # "… über die BG versichert? Was ist das JBZ?": no closing, questions
    signed = False  # a letter's closing: a goodbye unless the letter thanks
    if closing:
        said = closing.group(0).casefold()
        thanks |= "dank" in said or "thank" in said
        signed = not thanks
        body = body[: closing.start()].rstrip()
    for ending in (_POLITE_THANKS_END, _THANKS_END, _GOODBYE_END):
        found = ending.search(body)
        if found:  # "…, danke!" or all of it: "thank you so much"
            thanks |= ending is not _GOODBYE_END
            goodbye |= ending is _GOODBYE_END
            body = body[: found.start()].rstrip(" \t,;:-–—")
    found = _THANKS_START.match(body)
    if found:
        thanks = True
        body = body[found.end() :]
    goodbye |= signed and not thanks  # "Vielen Dank für … Mit freundlichen Grüßen …" thanks
    came_across = _CAME_ACROSS.search(body)
    if came_across and any(w not in STOP_WORDS for w in words(body[: came_across.start()])):
        body = body[: came_across.start()]
    body = _WHERE_FROM.sub(" ", _INTRODUCTION.sub(" ", body)).strip(" \t,;:-–—")
    body = _WHOLE_INTRODUCTION.sub("", _CASUAL_INTRODUCTION.sub("", body))
    return body, greeting, thanks, goodbye, body != original


def _salutation_tail(rest: str) -> int:
    """How much of `rest` still belongs to the salutation: "zusammen", "Frau Hinze", "liebes
    Team der Engagierten Stadt" up to a comma, '!', ':' or a line break. Without such an end
    ("Hallo ich wollte fragen …", "Hallo wie geht das?") nothing more is taken."""
    consumed = 0
    for token in re.finditer(r"[ \t]+|[\w'-]+", rest):
        if token.start() != consumed:
            break
        word = token.group(0)
        if word.isspace():
            consumed = token.end()
            continue
        tail = word.casefold() in _SALUTATION_TAIL
        name = word[:1].isupper() and not _starts_question(word)
        if not (tail or name) or token.end() > _SALUTATION_MAX_CHARS:
            break
        consumed = token.end()
    ending = re.match(r"[ \t]*(?:[,!:;.]+|\n|\Z|(?=[^\w\s]))", rest[consumed:])
    return consumed + ending.end() if ending else 0


def _starts_question(token: str) -> bool:
    return re.fullmatch(QUESTION_WORD, token, re.IGNORECASE) is not None


# Asking for help or for the way names no topic: "Wer kann mir helfen?", "Wie gehe ich dabei
# vor?", "Can someone help me?" ask about the sentence around them ("Ich suche eine
# Ausbildung. Wer kann mir helfen?"), and "helfen" there is being helped, not volunteering.
HELP_WANTED = re.compile(
    r"\b(?:(?:wer|jemand|wo)\s+(?:kann|koennte|koennen)|(?:kann|kannst|koennen|koennt|koennten)"
    r"\s+(?:sie|ihr|du|mir\s+jemand|jemand))\s+(?:mir|uns|ihm|ihr|ihnen\s+)?\s*"
    r"(?:(?:bitte|mal|vielleicht|irgendwie)\s+)*(?:da(?:bei|mit)?\s+)?(?:weiter)?helfen\b"
    r"|\b(?:who|someone|anyone|somebody)\s+(?:can|could)\s+help(?:\s+(?:me|us|her|him))?\b"
    r"|\bcan\s+(?:you|someone|anyone|somebody)\s+help(?:\s+(?:me|us|her|him))?\b"
    r"|\ban\s+wen\s+(?:kann|koennte|soll|muss)\s+(?:ich|wir)\s+(?:mich|uns)\s+wenden\b"
    r"|\bwie\s+(?:gehe|gehen)\s+(?:ich|wir)\s+(?:da(?:bei|fuer|zu)?\s+)?(?:am\s+besten\s+)?vor\b"
    r"|\bwie\s+(?:muss|soll|kann)\s+(?:ich|wir)\s+(?:da(?:bei|fuer|zu)?\s+)?vorgehen\b"
    r"|\bich\s+(?:brauche|braeuchte)\s+(?:bitte\s+|mal\s+|etwas\s+)?hilfe\b"
    r"|\bjemand\s*,?\s+der\s+(?:mir|uns)\s+(?:hilft|helfen\s+kann|weiterhilft)\b"
    r"|\bich\s+kenne\s+mich\s+(?:hier\s+|da\s+)?(?:nicht|nich|gar\s+nicht)\s+aus\b"
    r"|\bich\s+weiss\s+(?:nicht|nich)\s+(?:mehr\s+)?weiter\b|\bi\s+need\s+(?:some\s+)?help\b"
    r"|\bhelp\s+me\b|\bteilen\s+sie\s+(?:mir|uns)\s+(?:bitte\s+)?mit\b"
)


# The word that opens an indirect question: "Mich interessiert, ob/wie/wer …"
_INDIRECT = r"(?:ob|wie|wann|was|wer|welche\w*|warum|wo\w*|seit)\b"

# What makes a sentence ask: a "?", a question word first, a wish to know, sign up or be
# removed, a request ("suche", "bitte", "erklären"); on the original text
ASKS = re.compile(
    rf"[?؟]|^\W*(?:(?:seit|ab|bis|und|aber|oder|also|dann|and|but|so)\s+)?(?:{QUESTION_WORD})\b"
    # (a bounded reach: thousands of "will" in a row stay linear)
    r"|\b(?:m(?:ö|oe)chte|w(?:ü|ue)rde|will|wollte)\b[^.?!]{0,300}?"
    r"\b(?:wissen|erfahren|fragen|anfragen|nachfragen|erkundigen|mitmachen|helfen|anmelden"
    r"|engagieren|melden"
    # "Ich möchte mehr über … / mehr Infos", "Ich will keine Erinnerungen mehr"; not the
    # learner's "Ich will lernen mehr für Arbeit." (a wish before the question)
    r"|mehr(?=\s+(?:(?:ue|ü)ber|dar(?:ue|ü)ber|dazu|infos?|informationen|information|details?"
    r"|von|h(?:ö|oe)ren|lesen)\b))\b"
    # (bounded gaps: a message of thousands of "will nicht" stays linear)
    r"|\b(?:m(?:ö|oe)chte|w(?:ü|ue)rde|will)\s+(?:[^\s.?!]+\s+){0,6}?(?:nicht|kein\w*)\s+"
    r"(?:[^\s.?!]+\s+){0,6}?mehr\b"
    # "Ich möchte mich … eintragen.", not "Ich will meine Daten nicht löschen." (a "nicht"
    # between: "Ich möchte mich abmelden, weil ich keine Zeit habe." still asks)
    r"|\b(?:m(?:ö|oe)chte|w(?:ü|ue)rde|will)\b(?:(?!\b(?:nicht|kein\w*)\b)[^.?!])*"
    r"\b(?:eintragen|registrieren|abmelden|abbestellen|l(?:ö|oe)schen)\b"
    r"|\b(?:m(?:ö|oe)chte|w(?:ü|ue)rde|will)\b[^.?!]{0,300}?"
    r"\b(?:vernetzen|einbringen|beteiligen)\b"
    r"(?!\s*,?\s*(?:aber|wenn|falls|doch|nur)\b)"
    r"|\b(?:interessiere|frage)\s+mich\b"
    # "Ich muß daher wissen: …", "ich müsste wissen, wie …" (not "Danke, das musste ich wissen")
    rf"|\bich\s+m(?:u|{_UE}){_SS}(?:te)?\s+(?:\w+\s+){{0,2}}?(?:wissen|erfahren)\s*"
    rf"(?::|,\s*{_INDIRECT})"
    # "Ich erlaube mir die Frage, welche Ziele …", "Ich habe die Frage: wie …"
    rf"|\b(?:(?:erlaube|gestatte)\s+mir(?:\s+daher|\s+deshalb)?|habe|h{_AE}tte"
    r"|stelle\s+(?:ihnen\s+|euch\s+)?)\s*(?:die|eine)\s+(?:h(?:ö|oe)fliche\s+)?frage\s*[,:]\s*"
    rf"{_INDIRECT}"
    # "Ich möchte gern an die Treffen erinnert werden.", "Ich würde mich freuen, an Termine
    # erinnert zu werden."; not "Ich wollte nie wieder … erinnert werden."
    r"|\b(?:m(?:ö|oe)chte|w(?:ü|ue)rde|will)\s+"
    r"(?:(?!(?:nicht|nie|kein\w*)\b)[^\s.?!,]+\s+){0,12}?"
    r"(?:erinnert|benachrichtigt)\s+werden\b"
    r"|\bw(?:ü|ue)rde\s+mich\s+(?:sehr\s+)?freuen\s*,?\s*(?:[^\s.?!,]+\s+){0,8}?"
    r"(?:erinnert|benachrichtigt)\s+zu\s+werden\b"
    # "Und keine Erinnerungen mehr schicken.", "Keine Lust mehr auf Erinnerungen.": a request
    # about what the bot sends, without its verb of wishing (not "Keine Ahnung mehr, wie das
    # ging." nor "Keine Nachrichten mehr aus dem Verein seit Monaten.")
    r"|^\W*(?:und\s+)?(?:bitte\s+)?keine\s+(?:[^\s.?!]+\s+){0,2}?(?:erinnerung\w*|nachricht\w*"
    r"|benachrichtigung\w*|hinweis\w*|mails?|abos?)\s+mehr\b"
    r"(?=\W*(?:$|bitte|danke|schick|send|zuschick|zusend))"
    r"|^\W*keine\s+lust\s+mehr\s+auf\s+(?:(?:eure|ihre|deine|die|diese)\s+)?(?:erinnerung|nachricht"
    r"|benachrichtigung|hinweis)\w*(?=\W*(?:$|bitte|danke|von\s+(?:euch|ihnen|dir|dem\s+bot)))"
    # "Mich würde interessieren, …", "Es würde uns sehr interessieren, …", "Mich interessiert
    # vor allem, wie …", "Uns interessiert, wer …", "Ich wüsste gern, …", "Ich wäre Ihnen
    # dankbar, wenn …" / "… für Informationen"; not "Der Artikel hat mich sehr interessiert."
    # nor "Politik interessiert mich nicht so." nor "… dankbar für eine Antwort."
    r"|\b(?:(?:mich|uns)\s+)?w(?:ü|ue)rden?\s+(?:(?:mich|uns)\s+)?(?:(?:sehr|brennend|besonders"
    r"|vor\s+allem|auch)\s+)?interessieren\b"
    r"|^\W*(?:mich|uns)\s+interessier(?:t|en)\s+"
    rf"(?:(?:vor\s+allem|besonders|sehr|brennend|auch)\s*)?,?\s*{_INDIRECT}"
    rf"|\b(?:mich|uns)\s+(?:(?:sehr|brennend|besonders)\s+)?interessiert\s*,\s*{_INDIRECT}"
    rf"|\binteressier(?:t|en)\s+(?:mich|uns)\s*,\s*{_INDIRECT}"
    r"|\bw(?:ü|ue)ssten?\s+(?:\w+\s+)?gerne?\b"
    r"|\bw(?:ä|ae)ren?\s+(?:ihnen|euch|dir)\s+(?:\w+\s+)?(?:dankbar|verbunden)\s*"
    r"(?:,?\s*wenn\b|f(?:ü|ue)r\s+"
    r"(?:\w+\s+)?(?:infos?|informationen|hinweise?|details|erkl(?:ä|ae)rung(?:en)?)\b)"
    r"|\b(?:suche|brauche|brauchen|bitte|bitten|ersuche|erkl(?:ä|ae)r(?:e|en)?|erz(?:ä|ae)hl(?:e|en)?)\b"
    r"|\b(?:tell\s+me|i\s+want|i'd\s+like|i\s+would\s+like|looking\s+for|please|explain)\b",
    re.IGNORECASE,
)


# A long sentence whose question comes at its end, asked of the reader: "… und da wir uns
# nicht einigen können, frage ich Sie nun, seit wann …", "…, und darum möchte ich fragen,
# was …", "…, wenn Sie mir erklären könnten, was …". Read whole, the story's many words drown
# the question; it is cut into the story and the question. A story of at least _STORY_WORDS
# words must come first. Not wondering to oneself ("…, und frage mich, ob das ein Problem
# ist", "…, habe ich mich gefragt, …"): measured, such questions mostly lean on the story.
_ASKED_AT_THE_END = re.compile(
    r"\b(?:frage\s+ich\s+(?:sie|euch|dich)|ich\s+frage\s+(?:sie|euch|dich)"
    r"|erlaube\s+ich\s+mir(?:\s+daher|\s+deshalb)?\s+(?:zu\s+fragen|die\s+frage)"
    rf"|m{_OE}chte\s+ich\s+(?:sie\s+|euch\s+|dich\s+)?"
    rf"(?:gerne?\s+|nun\s+|hiermit\s+|daher\s+|h{_OE}flich(?:st)?\s+)*"
    r"(?:fragen|wissen|erfahren)"
    rf"|wenn\s+(?:sie|ihr|du)\s+mir\s+(?:\w+\s+){{0,2}}?(?:erkl{_AE}ren|sagen|mitteilen"
    rf"|verraten|schreiben|erl{_AE}utern)\s+k{_OE}nnt(?:en|et|est)?)"
    r"(?:\s+(?:nun|jetzt|also|daher|deshalb|einfach|mal|gern|gerne|hiermit|kurz|bitte))*"
    rf"\s*,\s*(?=(?:seit\s+wann|ob|wie|wann|was|wer|welche\w*|warum|wo\w*)\b)",
    re.IGNORECASE,
)
_STORY_WORDS = 8
_JOIN_AT_END = re.compile(
    r"[\s,;]+(?:und|aber|so|nun|daher|deshalb|darum|deswegen|also)$", re.IGNORECASE
)
_JOINS_AT_MOST = 3
# A question that points back into the story ("wann der stattfindet", "wer das leitet", "wie
# wir Partner werden", "wo er sich melden kann") cannot be read without it: a pronoun, or an
# article that is one (no noun after it: "wann der stattfindet", not "bei der Engagierten
# Stadt" nor "dem lebenslangen Lernen")
_POINTS_INTO_THE_STORY = re.compile(
    r"\b(?:dies\w*|er|es|sie|ihn|ihm|wir|uns|dort|da|daf(?:ü|ue)r|dazu|damit|davon|daran|darum)\b"
    r"|\b(?:der|die|das|den|dem)\b(?!\s+(?:[a-zäöüß]+\s+){0,2}[A-ZÄÖÜ„\"])"
)


def asked_last(sentence: str) -> list[str]:
    """`sentence` as the story and the question at its end (see _ASKED_AT_THE_END), or whole."""
    # the last one: the story may tell of questions asked before
    found = next(reversed(list(_ASKED_AT_THE_END.finditer(sentence))), None)
    if found is None or len(sentence[: found.start()].split()) < _STORY_WORDS:
        return [sentence]
    # the question, up to the writer's aside on it (", wobei ich hinzufügen möchte, …")
    question = _COMMENT.split(sentence[found.end() :], maxsplit=1)[0]
    if _POINTS_INTO_THE_STORY.search(question):
        return [sentence]  # "…, frage ich Sie, wo das stattfindet": the story holds the topic
    story = sentence[: found.start()].rstrip(" ,;")
    for _ in range(_JOINS_AT_MOST):  # "…, und darum möchte ich fragen": the joins go
        story = _JOIN_AT_END.sub("", story)
    # the question asks, as the sentence did, whatever word opens it ("ob …")
    return [story.rstrip(" ,;") + ".", question.rstrip(" .!") + "?"]


_COMMENT = re.compile(
    # (the writer's own aside: not "…, wobei es um das Netzwerktreffen geht", nor "…, da ich
    # ein Unternehmen führe", which holds the topic)
    r",\s*wobei\s+ich\b",
    re.IGNORECASE,
)
