"""`make eval-teach`: what the team's teaching in its chat does for understanding (issue 11).

The team teaches the bot from the messages it missed, the way the chat lets it: a message
that went to the team (or whose answer the citizen marked "Das passt nicht") has "📚 Zu
„<entry>“ hinzufügen" for the entry the bot weighed first and "📚 Anderer Eintrag …" under
its card; "✅ Hinzufügen" adds the message, personal data taken out
(knowledge.team.without_personal_data), as a phrasing of the entry. This benchmark does exactly
that, through knowledge.team.merge, for every miss of a *seen* labelled set that one phrasing
can fix (one expected entry; not several questions in one message, not a detail the source
does not give), and counts the taps: two when the card offers the right entry (the one the
bot weighed first), three when it is among the others weighed, four when picked by topic.

Then it scores, before and after, with the bot's reading, matching and planning:
* the taught set itself: how many of its misses the team fixed;
* the held-out set, never taught from and never tuned on (people_set_3.yaml, and the held-out
  halves of the Ukrainian, Russian and Arabic sets): whether what was taught helps other
  people's wordings, and whether it makes the bot answer what it should not. Only figures
  are printed for the held-out sets, never their messages.

A miss that got "Meinten Sie …?" buttons with the right entry (one tap for the citizen) makes
no ticket when the citizen takes the suggestion, so the team never sees it: it is counted,
not taught.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping

from benchmarks.labelled import (
    HELD_OUT,
    HELD_OUT_SET,
    LANGUAGE_SETS,
    NOW,
    ONE_TAP,
    OOS_ANSWERED,
    OOS_TEAM,
    PEOPLE_SET_4,
    RIGHT,
    TEAM_ONLY,
    TUNE,
    WRONG,
    Item,
    Score,
    judge,
    load_items,
    planner,
    score,
)
from knowledge import KnowledgeBase, Matcher, load
from knowledge.decision import Thresholds
from knowledge.languages import script_language
from knowledge.plan import plan
from knowledge.team import (
    Taught,
    merge,
    office_contacts,
    phrasing_language,
    phrasing_problem,
    without_personal_data,
)

TAPS_FIRST = 2  # the card's "Zu „<entry weighed first>“ hinzufügen", then "Hinzufügen"
TAPS_WEIGHED = 3  # "Anderer Eintrag …", the entry among those weighed, "Hinzufügen"
TAPS_BY_TOPIC = 4  # "Anderer Eintrag …", the topic, the entry, "Hinzufügen"


def matchers(kb: KnowledgeBase) -> tuple[Matcher, dict[str, Matcher]]:
    """The bot's matchers over `kb`: German and English, and each further language."""
    return Matcher(kb), {
        lang: Matcher(kb, language=lang) for lang in LANGUAGE_SETS if lang in kb.cues
    }


def lesson(
    item: Item, kb: KnowledgeBase, matcher: Matcher, others: Mapping[str, Matcher]
) -> tuple[Taught | None, int, str]:
    """What the team teaches for one in-scope message the bot missed: the phrasing (None when
    the chat offers no way or one phrasing cannot fix it), the taps, and the verdict before."""
    chosen = others.get(script_language(item.q) or "", matcher)
    planned = plan(item.q, chosen, NOW)
    verdict = judge(item, planner(matcher, others)(item.q))
    if verdict in (RIGHT, ONE_TAP) or item.parts or item.pattern == "detail":
        return None, 0, verdict
    entry_id = sorted(item.ids)[0]
    weighed = planned.weighed if verdict == WRONG else planned.considered
    first = weighed[0] if weighed and weighed[0][1] >= Thresholds().suggest else None
    if first is not None and first[0] == entry_id:
        taps = TAPS_FIRST  # the card offers it (handlers/handoff/cards.py)
    elif entry_id in {i for i, _ in weighed}:
        taps = TAPS_WEIGHED
    else:
        taps = TAPS_BY_TOPIC
    text = without_personal_data(item.q, (), office_contacts(kb)).text
    if phrasing_problem(text):  # the chat refuses it (too long for a phrasing, no words)
        return None, 0, "refused"
    taught = Taught(0, entry_id, text, phrasing_language(text), "Benchmark", NOW)
    return taught, taps, verdict


def figures(name: str, result: Score) -> str:
    n_in, n_out = result.totals["in"], result.totals["out"]
    parts = [f"{name:34}"]
    if n_in:
        parts.append(
            f"right {result.rate('in', RIGHT):6.1%}  one tap {result.rate('in', ONE_TAP):6.1%}"
            f"  wrong {result.rate('in', WRONG):5.1%}  team {result.rate('in', TEAM_ONLY):5.1%}"
        )
    if n_out:
        parts.append(
            f"| out of scope to team {result.rate('out', OOS_TEAM):6.1%}"
            f" answered {result.rate('out', OOS_ANSWERED):5.1%}"
        )
    return "  ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.teach", description=__doc__)
    parser.parse_args(argv)
    kb = load()
    matcher, others = matchers(kb)
    taught_sets = [("people_set_4 (seen)", load_items(PEOPLE_SET_4, kb))]
    held_out = [("people_set_3 (held out)", load_items(HELD_OUT_SET, kb))]
    for lang, path in LANGUAGE_SETS.items():
        items = load_items(path, kb)
        taught_sets.append((f"lang_set_{lang} tune half", [i for i in items if i.half == TUNE]))
        held_out.append(
            (f"lang_set_{lang} held-out half", [i for i in items if i.half == HELD_OUT])
        )

    lessons: list[Taught] = []
    print("The team teaches the misses of the seen sets, as the chat lets it:")
    for name, items in taught_sets:
        counts = {"taught": 0, "taps": 0, ONE_TAP: 0, "other": 0, "missed": 0, "refused": 0}
        for item in (i for i in items if i.kind == "in"):
            taught, taps, verdict = lesson(item, kb, matcher, others)
            if verdict == RIGHT:
                continue
            counts["missed"] += 1
            if taught is not None:
                lessons.append(taught)
                counts["taught"] += 1
                counts["taps"] += taps
            elif verdict == ONE_TAP:
                counts[ONE_TAP] += 1
            elif verdict == "refused":
                counts["refused"] += 1
            else:
                counts["other"] += 1
        print(
            f"  {name}: {counts['missed']} misses; {counts['taught']} taught in {counts['taps']}"
            f" taps; not teachable: {counts[ONE_TAP]} one tap (no ticket),"
            f" {counts['other']} several questions or a detail,"
            f" {counts['refused']} too long for a phrasing"
        )
    merged = merge(kb, [], lessons).kb
    after_matcher, after_others = matchers(merged)
    print(f"\n{len(lessons)} phrasings taught. Before -> after, judged like make eval:")
    for name, items in [*taught_sets, *held_out]:
        before = score(items, planner(matcher, others))
        after = score(items, planner(after_matcher, after_others))
        print(f"  {figures(name, before)}")
        print(f"  {figures('  after teaching', after)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
