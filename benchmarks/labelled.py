"""The labelled question sets and how the bot's understanding is scored on them.

Sets, all written from the source presentation without reading the knowledge base:

* `people_set.yaml` (issue 8): messages as people write them (greetings, letters, several
  questions, colloquial and learner's German, English, details the source does not give,
  the past), out-of-scope messages and small talk. It is split in two halves by a hash of
  each message. Its second half was meant to be held out, but on 2026-12-06 a bug in
  `make eval --set` printed that half's misses too, so both halves count as seen now: their
  figures are tuning figures.
* `people_set_2.yaml`: written the same way by another helper; the held-out set until it had
  been scored three times and part of it read (2026-12-06), so it counts as seen since then.
* `people_set_3.yaml`: the held-out set now, written the same way by a third helper from the
  source alone (199 in scope, 70 out of scope, 25 small talk). Nothing is tuned on it and its
  misses are printed only with --show-held-out; the targets of issue 8 are checked on it.
* `people_set_4.yaml`: a tuning set written the same way by a fourth helper (230 in scope, 80
  out of scope, 50 small talk), weighted towards the patterns that did worst (letters,
  colloquial and learner's German, small talk); seen by design.
* `letters_set.yaml`: a tuning set of 90 short letters in scope and 30 out of scope, written
  the same way by a fifth helper after the held-out letters had done far worse than the seen
  ones; seen by design.
* `people_set_5.yaml`: a tuning set written the same way by a seventh helper (257 in scope, 81
  out of scope, 40 small talk), weighted to letters, colloquial and learner's German, several
  questions and details. Its first run, before anything was changed for it, gave 57.2% right
  and 5.8% wrong: a second estimate of what the held-out set measures; seen since.
* `people_set_6.yaml`: a tuning set written the same way by another helper later the same day
  (180 in scope, 50 out of scope, 25 small talk), imagining other writers (a pharmacist, a bus
  driver, a pastor, an apprentice …). Scored before anything was changed for it, with the code
  of the session's start and of its middle: right 48.9% -> 58.3%, wrong 5.6% -> 3.9%, small
  talk 92% -> 100%; seen since.
* `people_set_7.yaml` to `people_set_11.yaml`: five more tuning sets written the same way in
  the sixth session (190 / 50 / 25, 180 / 45 / 25, 180 / 45 / 25, 180 / 45 / 25, 160 / 45 /
  25), imagining
  still other writers, with more letters whose question is only hinted at (people_set_9 also
  more messages of several questions and details). Each was scored before anything was
  changed for it, with the session-start code and with the code of that moment (right, wrong):
  people_set_7 63.7% / 4.2%; people_set_8 66.7% / 4.4% -> 69.4% / 5.0%; people_set_9 58.3% /
  6.7% -> 62.2% / 6.7%; people_set_10 62.8% / 4.4% -> 69.4% / 6.1%; people_set_11 68.8% /
  5.0% -> 72.5% / 4.4%. Seen since.
* `people_set_12.yaml`: one more, written at the start of the seventh session (160 / 45 / 20;
  a third of its letters end in a short question after the story). First run, with the
  session-start code: right 78.8%, wrong 3.1%, small talk 90%. Seen since.
* `people_set_13.yaml`: one more, written later in the seventh session (160 / 45 / 20).
  First run, with the session-start code and with the code of that moment: right 81.9% ->
  83.1%, wrong 5.0% -> 5.0%, small talk 100%. Seen since.
* `people_set_14.yaml`: one more, written at the start of the eighth session (160 / 45 / 20).
  First run, with the session-start code: right 68.8%, wrong 9.4%, small talk 95%. Seen since.
* `people_set_15.yaml`: one more, written later in the eighth session imagining other writers
  (160 / 45 / 20; more detail questions). First run, with the session-start code and with
  the code of that moment: right 71.2% -> 74.4%, wrong 3.8% -> 3.8%, out of scope straight to
  the team 100%, small talk 100%. Seen since.
* `people_set_16.yaml`: one more, written at the start of the ninth session (160 / 45 / 20).
  First run, with the session-start code: right 62.5%, wrong 3.8%, out of scope straight to
  the team 93.3%, small talk 85%; letters 13 of 30. Seen since.
* `people_set_17.yaml`: one more, written later in the ninth session imagining other writers
  (160 / 45 / 20). First run, with the session-start code and with the code of that moment:
  right 71.2% -> 71.9%, wrong 5.0% -> 5.0%, out of scope straight to the team 86.7% ->
  86.7%, small talk 100%. Seen since.
* `people_set_18.yaml`: one more, written at the start of the tenth session (160 / 45 / 20;
  11 of its 25 several-question messages have a part for the team). First run, with the
  session-start code: right 78.8%, wrong 1.2%, out of scope straight to the team 93.3%, small
  talk 95%. Seen since.
* `people_set_19.yaml`: one more, written at the end of the tenth session (160 / 45 / 20).
  First run, with the session-start code and with the code of that moment: right 78.1% ->
  79.4%, wrong 3.8% -> 3.1%, out of scope straight to the team 91.1% -> 91.1%, small talk
  100%. Seen since.
* `people_set_20.yaml`: one more, written at the start of the eleventh session (160 / 45 /
  20). First run, with the session-start code: right 78.8%, wrong 3.8%, out of scope straight
  to the team 88.9%, small talk 85%. Seen since.
* `people_set_21.yaml`: one more, written later in the eleventh session imagining other
  writers (160 / 45 / 20). First run, with the session-start code and with the code of that
  moment: right 75.0% -> 76.2%, wrong 2.5% -> 1.9%, out of scope straight to the team
  97.8%, small talk 95%. Seen since.
* `people_set_22.yaml`: one more, written at the start of the twelfth session (160 / 45 /
  20). First run, with the session-start code: right 76.9%, wrong 5.0%, out of scope
  straight to the team 93.3%, small talk 95%. Seen since.
* `people_set_23.yaml`: one more, written at the end of the twelfth session imagining other
  writers (160 / 45 / 20). First run, with the session-start code and with the code of that
  moment: right 78.1% -> 79.4%, wrong 2.5% -> 2.5%, out of scope straight to the team 88.9%
  -> 91.1%, small talk 95%. Seen since.
* `people_set_24.yaml`: one more, written at the start of the thirteenth session (160 / 45 /
  20). First run, with the session-start code: right 71.2%, wrong 4.4%, out of scope
  straight to the team 91.1%, small talk 85%. Seen since.
* `people_set_25.yaml`: one more, written later in the thirteenth session imagining other
  writers (160 / 45 / 20). First run, with the session-start code and with the code of that
  moment: right 73.8% -> 74.4%, wrong 2.5% -> 2.5%, out of scope straight to the team 100%,
  small talk 100%. Seen since.
* `people_set_26.yaml`: one more, written at the start of the fourteenth session (160 / 45 /
  20; one-line letters of a retired bank clerk among its writers). First run, with the
  session-start code: right 76.9%, wrong 3.8%, out of scope straight to the team 95.6%,
  small talk 90%. Seen since.
* `people_set_27.yaml`: one more, written in the middle of the fourteenth session imagining
  other writers (160 / 45 / 20). First run, with the session-start code and with the code of
  that moment: right 78.8% -> 80.0%, wrong 5.6% -> 5.0%, out of scope straight to the team
  95.6%, small talk 90%. Seen since.
* `people_set_28.yaml`: one more, written near the end of the fourteenth session imagining
  other writers (160 / 45 / 20). First run, with the session-start code and with the
  session's last code: right 76.9% -> 78.8%, wrong 1.9% -> 2.5%, out of scope straight to
  the team 100%, small talk 95%. Seen since.
* `people_set_29.yaml`: one more, written at the start of the fifteenth session (160 / 45 /
  20; a pupil writing slang without punctuation and a lawyer's secretary's long letters among
  its writers). First run, with the session-start code: right 79.4%, wrong 5.0%, out of scope
  straight to the team 97.8%, small talk 90%. Seen since.
* `people_set_30.yaml`: one more, written early in the fifteenth session imagining other
  writers (160 / 45 / 20) and not looked at until the session's last code was scored. First
  run, with the session-start code and with the session's last code: right 76.2% -> 77.5%,
  wrong 4.4% -> 4.4%, out of scope straight to the team 88.9%, small talk 90%. Seen since.
* `people_set_31.yaml`: one more, written at the start of the sixteenth session (160 / 45 /
  20; a retired engineer's one-sentence letters and a pupil's chat slang among its writers).
  First run, with the session-start code: right 74.4%, wrong 5.0%, out of scope straight to
  the team 95.6%, small talk 85%. Seen since.
* `people_set_32.yaml`: one more, written beside it and not looked at until the session's
  last code was scored. First run, with the session-start code and with the session's last
  code: right 78.8% -> 78.8%, wrong 2.5% -> 2.5%, out of scope straight to the team 91.1%,
  small talk 90%. Seen since.
* `people_set_33.yaml`: one more, written at the start of the seventeenth session (160 / 45 /
  20; a retired pastor's and a retired teacher's long courteous letters, an Afghan father's
  learner's German among its writers). First run, with the session-start code: right 81.2%,
  wrong 3.1%, out of scope straight to the team 97.8%, small talk 100%. Seen since.
* `people_set_34.yaml`: one more, written beside it and not looked at until the session's
  last code was scored. First run, with the session-start code and with the session's last
  code: right 75.6% -> 76.2%, wrong 3.8% -> 4.4%, out of scope straight to the team 91.1%,
  small talk 85%. Seen since.
* `people_set_35.yaml`: one more, written at the start of the eighteenth session (160 / 45 /
  20; a night-bus driver, a mother dictating without punctuation, a Syrian pharmacist's stiff
  formal letters, a retired miner in Anhalt dialect among its writers). First run, with the
  session-start code: right 74.4%, wrong 5.0%, out of scope straight to the team 100%, small
  talk 90%. Seen since.
* `people_set_36.yaml`: one more, written beside it and not looked at until the session's
  last code was scored. First run, with the session-start code and with the session's last
  code: right 81.9% -> 81.9%, wrong 6.9% -> 6.9%, out of scope straight to the team 93.3% ->
  91.1% (one more answered), small talk 95%. Seen since.
* `people_set_37.yaml`: one more, written at the start of the nineteenth session (160 / 45 /
  20; a postwoman, a retired engineer writing long letters in the old spelling ("daß",
  "muß"), a schoolgirl typing in abbreviations, an Eritrean beginner, a grandmother in Roßlau
  dialect among its writers). First run, with the session-start code: right 80.6%, wrong
  6.9%, out of scope straight to the team 95.6%, small talk 85%. Seen since.
* `people_set_38.yaml`: one more, written beside it and not looked at until the session's
  last code was scored. First run, with the session-start code and with the session's last
  code: right 80.6% -> 81.2%, wrong 4.4% -> 3.8%, out of scope straight to the team 97.8% ->
  97.8%, small talk 85% -> 85%. Seen since.
* `people_set_39.yaml`: one more, written at the start of the twentieth session (160 / 45 /
  20; a bus driver, a retired Latin teacher writing one-sentence letters with the question
  in the middle, an apprentice typing in one run-on line, a Syrian dentist retraining, a
  Berlin-tinged Roßlauer and a florist among its writers). First run, with the session-start
  code: right 75.0%, wrong 3.8%, out of scope straight to the team 93.3%, small talk 75%.
  Seen since.
* `people_set_40.yaml`: one more, written beside it and not looked at until the session's
  last code was scored. First run, with the session-start code and with the session's last
  code: right 74.4% -> 74.4%, wrong 3.8% -> 3.8%, out of scope straight to the team 100% ->
  100%, small talk 90% -> 90%. Seen since.
* `people_set_41.yaml`: one more, written at the start of the twenty-first session (160 /
  45 / 20; a retired nurse's warm letters, a gamer typing in lower case, a Turkish
  greengrocer, a Ukrainian engineer retraining, an allotment-club chairman in dialect, and
  small talk with names, whom one thanks and why one leaves). First run, with the
  session-start code: right 83.8%, wrong 5.0%, out of scope straight to the team 95.6%,
  small talk 55%. Seen since.
* `people_set_42.yaml`: one more, written beside it and not looked at until the session's
  last code was scored. First run, with the session-start code and with the session's last
  code: right 75.0% -> 75.0%, wrong 3.1% -> 3.1%, out of scope straight to the team 88.9%
  -> 88.9%, small talk 60% -> 70%. Seen since (three of its out-of-scope messages were
  printed by mistake in a listing of seen misses before the last scoring; nothing was
  changed for them).
* `people_set_43.yaml`: one more, written at the start of the twenty-second session (160 /
  45 / 20; a retired teacher's formal letters, an apprentice's slang, a Syrian pharmacist
  and a Vietnamese nail-studio owner writing learner's German, a carnival club's
  chairwoman, a bakery chain's manager, an Italian student in English). First run, with the
  session-start code: right 78.1%, wrong 6.2%, out of scope straight to the team 93.3%,
  small talk 75%. Seen since.
* `people_set_44.yaml`: one more, written beside it and not looked at until the session's
  last code was scored. First run, with the session-start code and with the session's last
  code: right 73.8% -> 74.4%, wrong 8.1% -> 8.1%, out of scope straight to the team 97.8%
  -> 97.8%, small talk 60% -> 60%. Seen since.
* `smalltalk_set.yaml`: 150 messages of small talk only (greetings, thanks, "ok", goodbyes,
  "who are you"), written by a sixth helper from the list of the five small-talk answers alone,
  after the held-out set's small talk had done worst of its figures; seen by design.
* `lang_tune_uk.yaml`, `lang_tune_ru.yaml`, `lang_tune_ar.yaml`: a tuning set per language
  (110 in scope, 30 out of scope, 30 small talk each), written the same way by further helpers
  after the held-out halves had stayed below target; and `lang_tune2_*.yaml`, a second round
  (90 / 20 / 20 each) imagining other writers; not split, seen by design. Three more rounds
  in the sixth session (`lang_tune3_*` and `lang_tune4_*`, 90 / 20 / 20; `lang_tune5_*` and
  `lang_tune6_*`, 70 / 15 / 15) and one in the seventh (`lang_tune7_*`, 70 / 15 / 15, Russian
  with some messages in Latin letters) and `lang_tune8_*` (70 / 15 / 15; the Russian one with
  a dozen questions in Latin letters, pattern `latin`), one in the eighth (`lang_tune9_*`,
  70 / 15 / 15, the same way), two in the ninth (`lang_tune10_*`, `lang_tune11_*`) and two
  in the tenth (`lang_tune12_*`, `lang_tune13_*`; the Russian ones with ten in Latin
  letters) and two in the eleventh (`lang_tune14_*`, `lang_tune15_*`) and one at the start
  of the twelfth (`lang_tune16_*`, the Russian one with eight in Latin letters) and one at
  its end (`lang_tune17_*`) and one at the start of the thirteenth (`lang_tune18_*`, the
  Russian one with eight in Latin letters) and one later in it (`lang_tune19_*`) and one at
  the start of the fourteenth (`lang_tune20_*`), one in its middle (`lang_tune21_*`) and
  one near its end (`lang_tune22_*`) and one at the start of the fifteenth
  (`lang_tune23_*`) and one written beside it but scored only at its end
  (`lang_tune24_*`), and the same two in the sixteenth (`lang_tune25_*`, `lang_tune26_*`)
  and the seventeenth (`lang_tune27_*`, `lang_tune28_*`) and the eighteenth
  (`lang_tune29_*`, `lang_tune30_*`) and the nineteenth (`lang_tune31_*`, `lang_tune32_*`)
  and the twentieth (`lang_tune33_*`, `lang_tune34_*`) and the twenty-first
  (`lang_tune35_*`, `lang_tune36_*`) and the twenty-second (`lang_tune37_*`,
  `lang_tune38_*`); their
  first runs, before anything was changed for them, are in the README.
* `tune_set.yaml` and `eval_set.yaml`: the older sets of short questions, kept for comparison.
* `lang_set_uk.yaml`, `lang_set_ru.yaml`, `lang_set_ar.yaml` (issue 10): Ukrainian, Russian and
  Arabic messages written the same way, by helpers who read the source and the list of topics
  only (about 125 in scope, 27 out of scope, 15 small talk each). Each is split in two halves
  by a hash of each message; the held-out half is never tuned on and its misses are printed
  only with --show-held-out.

What counts (never merged): a message is *answered right* only when the bot answers it
directly with the expected entry (for several questions: every expected entry, and the team
for a part no entry answers; for a detail the entry does not hold: the entry and the team).
*One tap* means the expected entry was among the "Meinten Sie …?" buttons. *Wrong* means an
answer with an entry that was not expected.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from knowledge import KnowledgeBase, Matcher
from knowledge.languages import script_language
from knowledge.model import SMALL_TALK
from knowledge.plan import plan
from knowledge.replies import Plan, Step

HERE = Path(__file__).resolve().parent
PEOPLE_SET = HERE / "people_set.yaml"
PEOPLE_SET_2 = HERE / "people_set_2.yaml"  # seen
PEOPLE_SET_4 = HERE / "people_set_4.yaml"  # seen: a tuning set (the team teaches from it)
# seen: the tuning sets people_set_4 to people_set_44, in the order they were written
PEOPLE_TUNING_SETS = tuple(HERE / f"people_set_{number}.yaml" for number in range(4, 45))
LETTERS_SET = HERE / "letters_set.yaml"  # seen: a tuning set of letters
HELD_OUT_SET = HERE / "people_set_3.yaml"
EVAL_SET = HERE / "eval_set.yaml"
TUNE_SET = HERE / "tune_set.yaml"
SMALL_TALK_SET = HERE / "smalltalk_set.yaml"  # seen: a tuning set of small talk only
LANGUAGE_SETS = {lang: HERE / f"lang_set_{lang}.yaml" for lang in ("uk", "ru", "ar")}
# seen by design: tuning sets of each language, not split (rounds of fresh sets; not every
# language has every round)
LANGUAGE_TUNE_SETS = {
    f"{lang}{round_}": HERE / f"lang_tune{round_}_{lang}.yaml"
    for round_ in ("", *(str(number) for number in range(2, 39)))
    for lang in ("uk", "ru", "ar")
}
EVENTS_ENTRY = "veranstaltung-termine"  # a list of events answers what this entry is about
SMALL_TALK_PREFIX = "smalltalk-"  # the ids of small-talk entries (knowledge/smalltalk.yaml)
TEAM = "team"  # in `parts`: a part no entry answers, for the team
# Date questions are read relative to this moment, so every run reads them alike.
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))

TUNE, HELD_OUT, ALL = "tune", "held-out", "all"

# Targets of issue 8, on the held-out half.
TARGET_RIGHT = 0.90
TARGET_WRONG = 0.01
TARGET_OOS_TEAM = 0.90
TARGET_OOS_ANSWERED = 0.0
TARGET_SMALL_TALK = 1.0


@dataclass(frozen=True)
class Item:
    """One labelled message."""

    q: str
    kind: str  # "in", "out" or "small"
    ids: frozenset[str] = frozenset()  # acceptable entries (in, small)
    parts: tuple[str, ...] = ()  # several questions: one id (or TEAM) per part
    pattern: str = "plain"
    detail: str | None = None

    @property
    def half(self) -> str:
        """The half this message belongs to, by a hash of its text (stable, unbiased)."""
        return TUNE if hashlib.sha256(self.q.encode()).digest()[0] % 2 == 0 else HELD_OUT


def load_items(path: Path, kb: KnowledgeBase | None = None) -> list[Item]:
    """Read a labelled set (the people format, or the older {q, id} one); with `kb`, check
    that every expected id exists."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items: list[Item] = []
    for raw in data.get("in_scope") or ():
        ids = raw.get("id")
        ids = frozenset([ids] if isinstance(ids, str) else ids or ())
        parts = tuple(raw.get("parts") or ())
        if ids and all(i.startswith(SMALL_TALK_PREFIX) for i in ids):  # older sets: small talk
            items.append(Item(str(raw["q"]), "small", ids, pattern="small talk"))
            continue
        items.append(
            Item(str(raw["q"]), "in", ids, parts, raw.get("pattern", "plain"), raw.get("detail"))
        )
    for raw in data.get("out_of_scope") or ():
        items.append(Item(str(raw["q"]), "out", pattern=raw.get("pattern", "out")))
    for raw in data.get("small_talk") or ():
        ids = raw.get("id")
        ids = frozenset([ids] if isinstance(ids, str) else ids or ())
        items.append(Item(str(raw["q"]), "small", ids, pattern="small talk"))
    if kb is not None:
        wanted = {i for item in items for i in (*item.ids, *item.parts)} - {TEAM}
        unknown = sorted(wanted - kb.by_id.keys())
        if unknown:
            raise ValueError(f"{path.name}: ids not in the knowledge base: {', '.join(unknown)}")
    return items


@dataclass(frozen=True)
class Result:
    """What the bot did with a message, reduced to what is scored."""

    answered: tuple[str, ...]  # entries answered directly (events list as EVENTS_ENTRY)
    small_talk: tuple[str, ...]  # small-talk entries answered
    suggested: tuple[str, ...]  # entries offered as "Meinten Sie …?"
    team: bool  # a ticket for the team
    detail_noted: bool = False  # an answer said that the asked detail is not in the source


def result_of(p: Plan) -> Result:
    """The scored summary of a plan."""
    answered: list[str] = []
    small: list[str] = []
    suggested: list[str] = []
    for reply in p.replies:
        if reply.step is Step.EVENTS:
            answered.append(EVENTS_ENTRY)
        elif reply.step is Step.SMALL_TALK and reply.entry:
            small.append(reply.entry.id)
        elif reply.step is Step.ANSWER and reply.entry:
            target = small if reply.entry.category == SMALL_TALK else answered
            target.append(reply.entry.id)
        elif reply.step is Step.SUGGEST and reply.decision:
            suggested += [c.entry.id for c in reply.decision.candidates]
    noted = any(r.missing for r in p.replies)
    return Result(tuple(answered), tuple(small), tuple(suggested), p.to_team, noted)


def planner(
    matcher: Matcher, others: Mapping[str, Matcher] | None = None
) -> Callable[[str], Result]:
    """The bot's understanding: reading, matching and planning, as the handler does it (with
    the matcher of the language a message is written in, from `others`)."""

    def ask(text: str) -> Result:
        chosen = (others or {}).get(script_language(text) or "", matcher)
        return result_of(plan(text, chosen, NOW))

    return ask


RIGHT, ONE_TAP, WRONG, TEAM_ONLY, DETAIL_MISSED = (
    "right", "one tap", "wrong", "team", "detail missed",
)  # fmt: skip
OOS_TEAM, OOS_BUTTONS, OOS_ANSWERED, OOS_OTHER = "to team", "buttons", "answered", "other"


def judge(item: Item, result: Result) -> str:
    """The verdict on one message (one of the constants above)."""
    answered = set(result.answered)
    if item.kind == "small":
        if set(result.small_talk) & item.ids and not answered and not result.team:
            return RIGHT
        return WRONG if answered else TEAM_ONLY
    if item.kind == "out":
        if answered:
            return OOS_ANSWERED
        if result.suggested:
            return OOS_BUTTONS
        return OOS_TEAM if result.team else OOS_OTHER
    needed = set(item.parts) - {TEAM} if item.parts else set(item.ids)
    acceptable = needed if item.parts else set(item.ids)
    if answered - acceptable:
        return WRONG
    team_needed = TEAM in item.parts or item.pattern == "detail"
    complete = needed <= answered if item.parts else bool(answered & acceptable)
    if complete and (result.team or not team_needed):
        return RIGHT
    if complete and item.pattern == "detail":
        return DETAIL_MISSED
    within = answered | set(result.suggested)
    if (needed <= within) if item.parts else bool(within & acceptable):
        return ONE_TAP
    return TEAM_ONLY


@dataclass
class Score:
    """Verdicts of one run, overall and by pattern."""

    verdicts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    totals: Counter[str] = field(default_factory=Counter)  # per kind
    misses: list[str] = field(default_factory=list)
    to_team: set[str] = field(default_factory=set)  # the messages that made a ticket

    def add(self, item: Item, verdict: str, result: Result) -> None:
        """Count one message."""
        if result.team:
            self.to_team.add(item.q)
        self.verdicts[item.kind][verdict] += 1
        self.verdicts[f"{item.kind}:{item.pattern}"][verdict] += 1
        self.totals[item.kind] += 1
        if verdict not in (RIGHT, OOS_TEAM):
            self.misses.append(
                f"{item.kind.upper():5} {verdict:13} [{item.pattern}] {item.q!r}: expected "
                f"{sorted(item.parts or item.ids) or '-'}, got answered={list(result.answered)}"
                f" small={list(result.small_talk)} suggested={list(result.suggested)}"
                f" team={result.team}"
            )

    def rate(self, kind: str, verdict: str) -> float:
        """Share of `kind` messages with `verdict`."""
        total = sum(self.verdicts[kind].values())
        return self.verdicts[kind][verdict] / total if total else 0.0

    @property
    def meets_targets(self) -> bool:
        """The targets of issue 8 (meant for the held-out half)."""
        return (
            self.rate("in", RIGHT) >= TARGET_RIGHT
            and self.rate("in", WRONG) <= TARGET_WRONG
            and self.rate("out", OOS_TEAM) >= TARGET_OOS_TEAM
            and self.rate("out", OOS_ANSWERED) <= TARGET_OOS_ANSWERED
            and (not self.totals["small"] or self.rate("small", RIGHT) >= TARGET_SMALL_TALK)
        )


def score(items: list[Item], ask: Callable[[str], Result]) -> Score:
    """Run every message through `ask` and judge it."""
    result = Score()
    for item in items:
        outcome = ask(item.q)
        result.add(item, judge(item, outcome), outcome)
    return result
