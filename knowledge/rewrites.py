"""German phrases read as what they ask, before a text becomes terms (knowledge/text.py):
"Was wollt ihr erreichen?" asks the aims, "Wie stelle ich die Erinnerungen ab?" is "abstellen",
"Warum engagieren sich Firmen?" the business entry's own question. Pure; on folded text.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+")

# "Was wollt ihr eigentlich erreichen?" asks for the aims, "Wie erreiche ich euch?" for the
# contact: after "was" in the same clause (on the text with its punctuation: within eight
# words, none of them one reached, a question word, "zu", or a word starting a clause of
# its own: "Was muss ich tun, um euch zu erreichen?", "Was tun, wenn ich niemanden
# erreiche?") "erreichen" is "Ziel". German only.
_ACHIEVE = re.compile(
    r"(\b(?:was|wat|watt|wos)\b(?:[^\S\n]+(?!(?:euch|dich|dir|ihn|uns|mich|niemand\w*"
    r"|jemand\w*|wie|wo|wann|wer|wen|wem|zu|wenn|ob|dass|falls|nicht)\b)[\w'-]+){0,8}?[^\S\n]+)"
    r"erreich(?:en|n|t|e|st)?\b"
)

# Asking why firms engage asks their reasons, not how they take part: "Warum engagieren
# sich Unternehmen?", "Warum Firma soll machen Engagement?" read "warum" as a term of its
# own (_WHY_FIRMS_TERM, no word anyone writes), in questions and in the business entry's
# phrasings alike. Only with a firm and an engaging in the same sentence ("Weshalb speichert
# ihr Daten von Firmen?" is no such question); elsewhere "warum" is a small word ("Warum
# soll ich mich engagieren?" asks how to take part).
_WHY_WORDS = ("warum", "wieso", "weshalb", "weswegen", "why")
_WHY_FIRMS_TERM = "warumfirmen"
_WHY_FIRMS = re.compile(
    r"\b(?:warum|wieso|weshalb|weswegen|why)\b"
    r"(?=[^.?!\n]*\b(?:firm\w*|unternehm\w*|betrieb\w*|compan\w*|business\w*|wirtschaft)\b)"
    r"(?=[^.?!\n]*\b(?:engag\w*|einbring\w*|einzubring\w*|beteilig\w*|mitmach\w*|mit(?=\W*$)"
    r"|einsetz\w*|einzusetz\w*|sozial\w*|gesellschaft\w*|gemeinwohl|reinh(?:ae|ä)ng\w*|involved"
    r"|engage\w*|care|help\w*)\b)"
)

# What the programme wants to do is its aims: "Was will Programm machen für die Stadt?", "Was
# will die Engagierte Stadt eigentlich machen?"
_WANTS_TO_DO = re.compile(
    r"\b(was[^\S\n]+(?:will|wollen|moechte|moechten|soll)[^\S\n]+(?:(?:das|die|dieses|diese"
    r"|eigentlich|denn|ueberhaupt)[^\S\n]+)*(?:programm|engagierte[^\S\n]+stadt)\b"
    r"(?:[^\S\n]+(?:denn|eigentlich|ueberhaupt|genau|so|fuer|der|die|dessau|stadt))*"
    r"[^\S\n]+machen)\b(?![^\S\n]*,)"  # not "… machen, wenn die Förderung endet?"
)

# Why the city runs the programme asks its aims: "Warum Stadt macht diese Programm?", "Wieso
# gibt es die Engagierte Stadt?" (as "Wozu gibt's die Engagierte Stadt?" does); not why it
# joined again (the history), nor a "why" with other words of its own ("Warum speichert das
# Programm meine Daten?")
_WHY_PROGRAMME = re.compile(
    r"\b(?:warum|wieso|weshalb|weswegen|why)\b(?=(?:[^\S\n]+(?:macht|machen|gibt|gibts|braucht"
    r"|brauchen|startet|betreibt|existiert|does|do|is|did|run|runs|have|has|es|die|der|das|the|a"
    r"|stadt|city|diese[sn]?|this|denn|eigentlich|ueberhaupt|so|ein|eine|ne|n))*"
    r"[^\S\n]+(?:programm\w*|program\w*|engagierte[n]?[^\S\n]+stadt)\W*(?:$|[.?!\n]))"
)


# Helping unpaid is volunteering: "Menschen, die helfen ohne Geld", "… helfe umsonst mit"
# (not "Ist der Kurs umsonst?", a cost, nor "Ich arbeite ohne Bezahlung, ist das erlaubt?",
# "Hilfe ohne Geld", "mitmachen ohne Geld zu bezahlen": only after a verb of helping)
_UNPAID = re.compile(
    r"\b((?:helfe|helfen|hilft|helft|mithelfen|mithelfe|unterstuetze|unterstuetzen)"
    r"[^\S\n]+(?:[\w'-]+[^\S\n]+){0,2}?)"
    r"(?:ohne[^\S\n]+(?:geld|bezahlung|lohn|verguetung)|umsonst|unentgeltlich|gratis)\b"
)

# How short or plain the answer should be says nothing of its topic: "in ein paar Sätzen", "in
# wenigen Worten", "in einfachen Worten", "in einem Satz" ("Sätzen" had met "Einsatz")
_IN_FEW_WORDS = re.compile(
    r"\bin[^\S\n]+(?:(?:ein[^\S\n]+paar|wenigen|einigen|kurzen|knappen|einfachen|eigenen|zwei"
    r"|drei|paar),?[^\S\n]+)+(?:saetzen|worten)\b|\bin[^\S\n]+einem[^\S\n]+satz\b"
)

# "persönlich" before a verb of coming is in person ("Muss ich dafür persönlich ins
# Rathaus kommen?"), no personal data: it is read as a word no entry holds ("inperson"), so
# the question still names something the knowledge base does not know
_IN_PERSON = re.compile(
    r"\bpersoenlich\b(?=(?:[^\S\n]+[\w'-]+){0,4}?[^\S\n]+(?:kommen|komme|vorbeikommen|vorbei"
    r"|vorbeischauen|erscheinen|hingehen|hinkommen|abgeben|vorsprechen|gehen|anzutreffen"
    r"|antreffen)\b)"
)

# having no idea names nothing: "hab null Plan, wie …", "ich hab keine Ahnung, was …" ("Plan"
# had met the engagement strategy; not "Gibt es noch keinen Plan für …?")
_NO_IDEA = re.compile(
    r"(\b(?:hab\w*|hat|hast|ich)[^\S\n]+(?:\w+[^\S\n]+)?)(?:null|kein|keinen|keine)[^\S\n]+"
    r"(?:plan|peil|ahnung)\b"
)

# "alte Leute", "alten Menschen" are the older ("auch für Ältere?"); "Alten" alone is also a
# district of Dessau
_OLD_PEOPLE = re.compile(
    r"(?<!\bin )(?<!\baus )(?<!\bnach )(?<!\bvon )\balten?[^\S\n]+(?:leute|leuten|menschen)\b"
)

# "mein Chef", "unsere Chefin" is the writer's boss, who names no topic ("Mein Chef fragt, ob
# unsere Firma mitmachen kann": the firm does); "die Chefin von dem Ganzen" is who leads the
# programme
_MY_BOSS = re.compile(
    r"\b(?:mein|meine|meinem|meinen|meiner|unser|unsere|unserem|unseren|unserer|unsre|unsren|unsa)"
    r"[^\S\n]+chef(?:in)?\b"
)

# help for oneself is no wish to help: "Kann die mir helfen?", "Wer hilft mir dabei?" (not
# "Ich möchte helfen", volunteering, nor "Kannst du mir sagen, wo ich helfen kann?", "Mir
# ist wichtig, anderen zu helfen"; "Kann die Stadt uns helfen?" asks for a club)
_HELPS_ME = re.compile(
    r"\b(mir)\b((?:[^\S\n]+(?!(?:zu|ich|wir|wo|wie|was|sagen|anderen?|wichtig|vorstellen"
    r"|vorgenommen|herzen|spass|gerne?)\b)[\w'-]+){0,3}?)[^\S\n]+(?:weiter)?helfen\b"
    r"|\b(?:helfen|helft|hilft)\b(?=[^\S\n]+(?:[\w'-]+[^\S\n]+)?mir\b)"
)

# asking for information is no request for one's data: "Ich ersuche Sie um Auskunft, auf
# welche Weise …", "bitte um kurze Auskunft darüber, ob …" (not "Auskunft über meine Daten")
_FOR_INFORMATION = re.compile(
    r"\bum[^\S\n]+(?:eine[^\S\n]+)?(?:kurze[^\S\n]+)?auskunft(?:[^\S\n]+darueber)?"
    r"(?=[^\S\n]*,?[^\S\n]*(?:ob|wie|was|wer|wann|warum|welche\w*|wo\w*|auf|in|an|seit)\b)"
    # (not about oneself: "Ich bitte um Auskunft, was Sie über mich gespeichert haben.")
    r"(?![^.?!]*\b(?:ueber[^\S\n]+mich|von[^\S\n]+mir|zu[^\S\n]+mir|meine[mnrs]?)\b)"
)

# saying thanks to those who help is recognition, not thanks to the bot: "um solchen Leuten mal
# Danke zu sagen", "für Danke sagen zu die Menschen" (not "Ich wollte nur Danke sagen zu euch")
_HELPERS = r"(?:leute|leuten|menschen|helfer\w*|ehrenamtliche\w*|freiwillige\w*)"
_SAY_THANKS = re.compile(
    rf"\b{_HELPERS}[^\S\n]+(?:[\w']+[^\S\n]+){{0,3}}?(?:danke|dankeschoen)[^\S\n]+zu[^\S\n]+sagen\b"
    rf"|\b(?:danke|dankeschoen)[^\S\n]+sagen[^\S\n]+zu[^\S\n]+(?:den|die|der)[^\S\n]+{_HELPERS}\b"
)

# "Erinnerungen aus. Bitte.", "erinnerungen bitte aus": what the bot sends opening a clause,
# then "aus" or "ab" ending it, no verb between: switching them off (not "Wie sieht so eine
# Erinnerung aus?")
_SWITCHED_OFF = re.compile(
    r"((?:^|[.!?,;:\n])[^\S\n]*(?:(?:die|alle|eure|ihre|deine|bitte)[^\S\n]+)?"
    r"(?:(?:erinnerung|benachrichtigung|nachricht|hinweis)\w*|abos?))(?:[^\S\n]+bitte)?"
    r"[^\S\n]+(?:aus|ab)\b(?=[^\S\n]*(?:[.!,;]|$))"
)

# A separable verb's particle at the end of a clause belongs to its verb, which is read whole
# in its infinitive: "Wie stelle ich die Erinnerungen ab?" is "abstellen", "Wie trage ich mich
# hier ein?" "eintragen", "wie melde ich mich davon ab" "abmelden" (German only; the verbs
# whose particle changes what a question is about here). The particle ends a clause: before
# its end, "und" or "oder" – not "ab und zu", "ab und an", unless a question goes on ("… ab
# und an wen …").
_PARTICLE_AT_END = re.compile(
    r"\s(ab|an|aus|ein|auf)(?=\s*[.?!,;:]|\s*$|\s+(?:und|oder)\b"
    r"(?!\s+(?:zu|an)\b(?!\s+(?:wem|wen|welche\w*)\b)))"
)
_SEPARABLE = re.compile(
    r"(stell|schalt|meld|bestell|trag|steig|fang|hoer|erkenn|ruf)(?:e|en|et|st|t)?"
)
# before these a "Stelle" is the noun: "An welcher Stelle …", "Bietet eure Stelle … an?"
_DETERMINERS = frozenset(
    """der die das den dem des ein eine einer einen einem eines welche welcher welchen welchem
    diese dieser diesen diesem jede jeder jeden keine keiner keinen eure eurer euren eurem
    unsere unserer unseren unserem ihre ihrer ihren ihrem meine meiner meinen deine deiner
    seine seiner seinen zur""".split()
)
_PARTICLE_REACH = 8  # words between the verb and its particle, at most


def _join_separated(lowered: str) -> str:
    """`lowered` with each particle that ends a clause joined to the verb nearest before it
    (one word between them at least; not a noun after an article)."""
    found = list(_PARTICLE_AT_END.finditer(lowered))
    for number in range(len(found) - 1, -1, -1):  # from the end, so the offsets before hold
        particle = found[number]
        clause = max(lowered.rfind(mark, 0, particle.start()) for mark in ".?!,;:") + 1
        if number:  # not back past the particle before: "… ab und … an"
            clause = max(clause, found[number - 1].end())
        between = list(_WORD.finditer(lowered, clause, particle.start()))
        for index in range(len(between) - 2, max(-1, len(between) - 2 - _PARTICLE_REACH), -1):
            verb = _SEPARABLE.fullmatch(between[index].group())
            if verb and not (index and between[index - 1].group() in _DETERMINERS):
                start, end = between[index].span()
                lowered = (
                    f"{lowered[:start]}{particle.group(1)}{verb.group(1)}en"
                    f"{lowered[end : particle.start()]}{lowered[particle.end() :]}"
                )
                break
    return lowered


def german(lowered: str) -> str:
    """A folded German (or English) text with the phrases above read as what they ask."""
    if _PARTICLE_AT_END.search(lowered):  # (a cheap test first)
        lowered = _join_separated(lowered)
    if " aus" in lowered or " ab" in lowered:
        lowered = _SWITCHED_OFF.sub(r"\1 abstellen", lowered)
    if any(why in lowered for why in _WHY_WORDS):
        lowered = _WHY_FIRMS.sub(_WHY_FIRMS_TERM, lowered)
        lowered = _WHY_PROGRAMME.sub("wozu", lowered)
    if "erreich" in lowered:
        lowered = _ACHIEVE.sub(r"\1ziel", lowered)
    if "mach" in lowered:
        lowered = _WANTS_TO_DO.sub(r"\1 ziel", lowered)
    if "ohne" in lowered or "umsonst" in lowered or "gratis" in lowered:
        lowered = _UNPAID.sub(r"\1ehrenamtlich", lowered)
    if "saetz" in lowered or "worten" in lowered or " satz" in lowered:
        lowered = _IN_FEW_WORDS.sub(" ", lowered)
    if "persoenlich" in lowered:
        lowered = _IN_PERSON.sub("inperson", lowered)
    if "plan" in lowered or "ahnung" in lowered or "peil" in lowered:
        lowered = _NO_IDEA.sub(r"\1", lowered)
    if "alte" in lowered:
        lowered = _OLD_PEOPLE.sub("aeltere", lowered)
    if "chef" in lowered:
        lowered = _MY_BOSS.sub(" ", lowered)
    if "elf" in lowered and "mir" in lowered:
        lowered = _HELPS_ME.sub(lambda m: f"{m[1]}{m[2]}" if m[1] else "", lowered)
    if "auskunft" in lowered:
        lowered = _FOR_INFORMATION.sub(" ", lowered)
    if "dank" in lowered:
        lowered = _SAY_THANKS.sub("anerkennung", lowered)
    return lowered
