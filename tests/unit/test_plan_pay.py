"""Money or insurance someone receives (an allowance for volunteers, the programme's budget)
is in no entry: such a question goes to the team, in every language, and the other questions
of the message are still answered."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase, Matcher
from knowledge.plan import plan
from knowledge.reading import Detail, read
from tests.unit.plan_steps import NOW, steps


@pytest.fixture(scope="module")
def matchers(kb: KnowledgeBase) -> dict[str, Matcher]:
    return {lang: Matcher(kb, language=lang) for lang in ("uk", "ru", "ar")} | {"de": Matcher(kb)}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Gibt es eine Aufwandsentschädigung, wenn ich ehrenamtlich helfe?"),
        ("de", "Bekommen Ehrenamtliche etwas Geld zurück von der Stadt?"),
        ("de", "Bin ich beim Ehrenamt unfallversichert?"),
        ("de", "Wie viel Geld bekommt das Programm im Jahr?"),
        ("ru", "Волонтёрам что-нибудь платят?"),
        ("ru", "Платят ли волонтёрам Aufwandsentschädigung?"),
        ("ru", "Есть ли страховка для волонтёров, если я поранюсь во время помощи?"),
        ("ru", "Сколько денег город получает на эту программу?"),
        ("uk", "Чи отримують волонтери за свою роботу якісь гроші?"),
        ("uk", "Чи застраховані волонтери, якщо під час допомоги зламаєш руку?"),
        ("uk", "Скільки грошей місто виділяє на цю програму?"),
        # words apart: "… отримують волонтери за свою роботу якісь гроші"
        ("uk", "Скільки грошей місто отримало на цю програму?"),
        ("ar", "كم يدفعون للمتطوع بالساعة؟"),
        ("ar", "كم يدفع البرنامج للمتطوع في الشهر؟"),  # (it had answered the events)
        ("ar", "هل في تأمين للمتطوعين إذا صار حادث؟"),
    ],
)
def test_money_or_insurance_received_goes_to_the_team(
    matchers: dict[str, Matcher], lang: str, text: str
) -> None:
    assert steps(plan(text, matchers[lang], NOW)) == [("team", None)]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Was ist die Engagierte Stadt? Und ist man da versichert?"),
        ("ru", "Что такое Энгагирте Штадт? А страховка есть?"),
    ],
)
def test_a_pay_question_after_an_answer_is_no_note_of_that_answer(
    matchers: dict[str, Matcher], lang: str, text: str
) -> None:
    # a note for "pay" does not exist: the question goes to the team as a part of its own
    replies = plan(text, matchers[lang], NOW).replies
    assert [r.step.value for r in replies] == ["answer", "team"]
    assert replies[0].missing is None


def test_the_other_question_of_the_message_is_still_answered(
    matchers: dict[str, Matcher],
) -> None:
    text = "Что такое Engagierte Stadt? И платят ли волонтёрам какие-то деньги?"
    assert steps(plan(text, matchers["ru"], NOW)) == [
        ("answer", "programm-was-ist"),
        ("team", None),
    ]
    german = "Was ist die Engagierte Stadt und bekommt man als Ehrenamtlicher da Geld?"
    assert steps(plan(german, matchers["de"], NOW)) == [
        ("answer", "programm-was-ist"),
        ("team", None),
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Wie sagt die Stadt Danke zu Leuten, die ohne Geld helfen?"),
        ("de", "Muss meine Firma Geld bezahlen, wenn sie Partner wird?"),
        ("de", "Ich bin Versicherungskauffrau, wie kann ich helfen?"),  # a job, no insurance
        ("uk", "Навіщо фірмам займатися громадськими справами, якщо вони й так платять податки?"),
        ("ru", "Нужно ли что-то платить, чтобы стать волонтером?"),
        # money the asker pays, not receives
        ("ru", "Сколько денег нужно заплатить за участие?"),
        ("uk", "Чи потрібно моїй фірмі платити якісь гроші, щоб стати партнером?"),
        ("ar", "هل المتطوعين يدفعون شيء؟"),
        ("ru", "Что дает участие и сколько денег надо заплатить?"),
        ("ru", "Платят ли волонтеры членский взнос?"),  # volunteers paying
        ("de", "Gibt es eine Teilnahmepauschale?"),
        ("de", "Muss die Gebühr bar bezahlt werden?"),
        ("de", "Does the fee have to be paid in advance?"),
        # a clause after a comma or a question mark is not part of the cue's words apart
        ("ru", "Где получить сертификат? И сколько денег?"),
        # a thing that stands out, time given, a place arranged: no money
        ("ru", "Чем выделяется ваша программа?"),
        ("uk", "Скільки часу волонтери виділяють на тиждень?"),
        ("ar", "هل يمكن تأمين مكان للاجتماع؟"),
        # volunteers paying, and a platform ("платформ…" begins as "плат…")
        ("ru", "Нужно ли волонтерам платить за участие?"),
        ("ru", "Какую платформу для поиска мест вы советуете волонтерам?"),
        # a kind of company, not money or insurance received
        ("ru", "Может ли бюджетная организация стать партнером?"),
        ("uk", "Чи може страхова компанія стати партнером програми?"),
        ("de", "Kann eine Versicherung als Firma Partner werden?"),
        ("de", "Das Ehrenamt verdient mehr Anerkennung. Was tut die Stadt?"),  # deserves
        ("de", "Was verdient eigentlich Anerkennung im Ehrenamt?"),
        # the asker's own earnings
        ("ru", "Как стать волонтером, если я зарабатываю?"),
        ("uk", "Як стати волонтером, якщо я заробляю?"),
        ("de", "Wir haben ein kleines Budget für Engagement, wie kann unsere Firma mitmachen?"),
    ],
)
def test_paying_oneself_or_helping_without_money_asks_no_pay(
    matchers: dict[str, Matcher], lang: str, text: str
) -> None:
    cues = matchers[lang].cues
    assert all(part.detail is not Detail.PAY for part in read(text, cues).parts)


def test_every_detail_a_note_can_be_made_for_has_its_note(kb: KnowledgeBase) -> None:
    # the handler sends "detail_missing_<kind>" beside an answer; "pay" never gets one
    noted = [kind for kind in Detail if kind is not Detail.PAY]
    assert all(f"detail_missing_{kind.value}" in kb.messages.texts for kind in noted)
    assert "detail_missing_pay" not in kb.messages.texts
