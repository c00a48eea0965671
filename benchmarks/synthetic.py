"""A large, deterministic, German-looking knowledge base for the matcher's latency benchmark.

Real words come from the bundled knowledge base's phrasings (questions, titles, keywords);
topic words are generated compounds of those words ("Ehrenamtsbörse", "Familienwerkstatt")
and of made-up syllables, so that the vocabulary grows with the number of entries the way a
real curated knowledge base's does. Every entry gets a title, 3-6 questions in everyday German,
a few keywords and an answer. The same seed always gives the same knowledge base.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from knowledge.model import CATEGORIES, Entry, KnowledgeBase
from knowledge.text import GENERIC_WORDS, STOP_WORDS, detect_language, fold

_TOKEN = re.compile(r"[^\W\d_]+")
_UNTELLING = STOP_WORDS | GENERIC_WORDS | {"dessau-rosslau", "engagierten"}
_SYLLABLES = (
    "ber", "gen", "hof", "lin", "stein", "werk", "tal", "bach", "wald", "feld", "haus", "burg",
    "mar", "kel", "dor", "ran", "sel", "tor", "lau", "wen", "rich", "mut", "sta", "gar",
)  # fmt: skip
_HEADS = (
    "Werkstatt", "Treff", "Börse", "Kurs", "Netzwerk", "Projekt", "Café", "Runde", "Dienst",
    "Patenschaft", "Sprechstunde", "Gruppe", "Initiative", "Akademie", "Festival", "Fonds",
)  # fmt: skip
_PLACES = (
    "Dessau", "Roßlau", "Dessau-Nord", "Ziebigk", "Kochstedt", "Mosigkau", "Alten", "Waldersee",
    "der Innenstadt", "dem Stadtteil", "der Bibliothek", "der Volkshochschule",
)  # fmt: skip
_EXTRA_FRAMES = (
    "Wann findet {topic} statt?",
    "Wer organisiert {topic}?",
    "Was kostet die Teilnahme an {topic}?",
    "Kann ich mich für {topic} anmelden?",
)
_ANSWERS = (
    "{topic} ist ein Angebot in {place} für {group}.",
    "Die Teilnahme an {topic} ist kostenfrei; bitte melden Sie sich vorher an.",
    "Ansprechpartner für {topic} ist die Koordinierungsstelle.",
    "Rund um {word} finden Sie dort Beratung und Unterstützung.",
)


def _vocabulary(kb: KnowledgeBase) -> tuple[list[str], list[str], list[str]]:
    """Nouns (capitalised words), other telling words, and question frames of the bundled KB.

    A frame is a German question of the bundled knowledge base with one telling noun replaced
    by `{topic}`: "Wo finde ich ein Ehrenamt?" -> "Wo finde ich ein {topic}?".
    """
    nouns: set[str] = set()
    others: set[str] = set()
    frames: list[str] = list(_EXTRA_FRAMES)
    for entry in kb.entries:
        for text in (*entry.questions, entry.title, *entry.keywords):
            for token in _TOKEN.findall(text):
                if len(token) < 4 or fold(token) in STOP_WORDS:
                    continue
                (nouns if token[0].isupper() else others).add(token)
        for question in entry.questions:
            if detect_language(question) == "en" or "{" in question:
                continue
            tokens = question.split()
            telling = [
                i
                for i, token in enumerate(tokens[1:], start=1)
                if token[:1].isupper() and fold(token.strip("?.,!")) not in _UNTELLING
            ]
            if telling:
                i = telling[-1]
                word = tokens[i].strip("?.,!")
                tokens[i] = tokens[i].replace(word, "{topic}")
                frames.append(" ".join(tokens))
    return sorted(nouns), sorted(others), frames


def _made_up(rng: random.Random) -> str:
    """A German-looking word of 2-3 syllables that no dictionary knows."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _compound(rng: random.Random, nouns: list[str]) -> str:
    """A compound noun: a real or made-up first part, an optional 's', a head noun."""
    first = rng.choice(nouns) if rng.random() < 0.6 else _made_up(rng)
    head = rng.choice(_HEADS) if rng.random() < 0.5 else rng.choice(nouns)
    joint = "s" if rng.random() < 0.3 and not first.endswith("s") else ""
    return f"{first}{joint}{head.lower()}"


def generate(template: KnowledgeBase, size: int, seed: int = 20_231) -> KnowledgeBase:
    """`size` entries built from the vocabulary of `template` (whose messages are reused)."""
    rng = random.Random(seed)
    nouns, others, frames = _vocabulary(template)
    groups = ("Familien", "Senioren", "Jugendliche", "Vereine", "Unternehmen", "Neubürger")
    entries = []
    for number in range(size):
        topic_word = _compound(rng, nouns)
        topic = f"{topic_word} {rng.choice(nouns)}" if rng.random() < 0.4 else topic_word
        word = rng.choice(nouns + others)
        fill = {
            "topic": topic,
            "place": rng.choice(_PLACES),
            "group": rng.choice(groups),
            "word": word,
        }
        questions = [frame.format(topic=topic) for frame in rng.sample(frames, rng.randint(3, 6))]
        entries.append(
            Entry(
                id=f"syn-{number:05d}",
                category=rng.choice(CATEGORIES[:-1]),
                title=f"{topic} in {fill['place']}",
                questions=tuple(questions),
                keywords=(topic_word.lower(), word.lower(), *rng.sample(others, 2)),
                answer=" ".join(t.format(**fill) for t in _ANSWERS),
                source=f"synthetic:{number + 1}",
            )
        )
    return KnowledgeBase(
        entries=tuple(entries), messages=template.messages, directory=Path("synthetic")
    )


def sample_questions(kb: KnowledgeBase, count: int, seed: int = 7) -> list[str]:
    """Questions as citizens would type them about random entries: reworded a little,
    lower-cased, without punctuation, or with a typo in a long word."""
    rng = random.Random(seed)
    result = []
    for _ in range(count):
        text = rng.choice(rng.choice(kb.entries).questions)
        roll = rng.random()
        if roll < 0.25:
            text = text.lower().rstrip("?.")
        elif roll < 0.5:
            tokens = text.split()
            longest = max(range(len(tokens)), key=lambda i: len(tokens[i]))
            word = tokens[longest]
            cut = rng.randrange(1, len(word) - 1)
            tokens[longest] = word[:cut] + word[cut + 1 :]  # one letter missing
            text = " ".join(tokens)
        elif roll < 0.6:
            text = f"Hallo, ich hätte eine Frage: {text} Vielen Dank!"
        result.append(text)
    return result
