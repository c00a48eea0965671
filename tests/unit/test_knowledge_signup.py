"""signup.yaml: the sign-up's choices are validated like the rest of the knowledge base."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from knowledge import DEFAULT_DIR, KnowledgeError, load
from knowledge.__main__ import main

VALID = """\
privacy_version: "2026-11"
button_under: [engagement-mitmachen]
interests:
  - id: miteinander
    label: Soziales Miteinander
    label_en: Living well together
  - id: demokratie
    label: Demokratiebildung
availability:
  - id: abends
    label: abends
"""


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A copy of the bundled knowledge base, with a small signup.yaml."""
    for path in DEFAULT_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "signup.yaml").write_text(VALID, encoding="utf-8")
    return tmp_path


def problems_for(directory: Path, signup_yaml: str) -> list[str]:
    (directory / "signup.yaml").write_text(textwrap.dedent(signup_yaml), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load(directory)
    return caught.value.problems


def test_the_bundled_sign_up_offers_the_seeds_fields_with_stable_ids() -> None:
    signup = load().signup
    assert signup is not None
    labels = [option.label for option in signup.interests]
    assert "Soziales Miteinander" in labels
    assert "Demokratiebildung" in labels
    assert "Engagement in Roßlau" in labels
    assert all(option.label_en for option in (*signup.interests, *signup.availability))
    assert [option.id for option in signup.availability] == [
        "wochentags", "abends", "wochenende", "gelegentlich", "regelmaessig",
    ]  # fmt: skip
    assert signup.button_under == ("engagement-mitmachen", "engagement-vereine")
    assert signup.privacy_version


def test_a_valid_file_loads(kb_dir: Path) -> None:
    signup = load(kb_dir).signup
    assert signup is not None
    assert [(o.id, o.label_in("en")) for o in signup.interests] == [
        ("miteinander", "Living well together"),
        ("demokratie", "Demokratiebildung"),  # no English label: the German one
    ]
    assert signup.privacy_version == "2026-11"


def test_without_the_file_there_is_no_sign_up(kb_dir: Path) -> None:
    (kb_dir / "signup.yaml").unlink()
    assert load(kb_dir).signup is None


def test_problems_name_file_and_line(kb_dir: Path) -> None:
    problems = problems_for(
        kb_dir,
        """\
        privacy_version: "2026 11"
        button_under: [gibt-es-nicht]
        interests:
          - id: miteinander
            label: Soziales Miteinander
          - id: miteinander
            label: Doppelt
          - id: Gross Geschrieben
            label: x
          - id: lang
            label: Ein sehr langer Name für ein Feld, der auf keinen Knopf passt
            lable_en: typo
        availability: []
        """,
    )
    assert problems == [
        "signup.yaml:1: privacy_version must be 1-20 characters A-Z, a-z, 0-9, '.', '_' or '-'"
        " (like 2026-11)",
        "signup.yaml:6: interests 'miteinander': id appears twice (first at signup.yaml:4)",
        "signup.yaml:8: interests 'Gross Geschrieben': id must be 2-24 characters a-z, 0-9, '-'",
        "signup.yaml:12: interests 'lang': unknown key 'lable_en' (did you mean 'label_en'?);"
        " allowed: id, label, label_en",
        "signup.yaml:11: interests 'lang': label over 40 characters (it is a button)",
        "signup.yaml:13: 'availability' must be a list of choices ('- id: ...' with 'label: ...')",
        "signup.yaml:2: button_under: entry id 'gibt-es-nicht' does not exist",
    ]


def test_missing_parts_and_unknown_keys(kb_dir: Path) -> None:
    problems = problems_for(kb_dir, "interessen: []\n")
    unknown = "signup.yaml:1: file: unknown key 'interessen' (did you mean 'interests'?);"
    assert problems[0].startswith(unknown)
    assert "signup.yaml:1: missing 'privacy_version:'" in problems
    assert "signup.yaml:1: missing 'interests:'" in problems
    assert "signup.yaml:1: missing 'availability:'" in problems


def test_knowledge_check_reports_the_sign_up(
    kb_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(kb_dir)]) == 0
    output = capsys.readouterr().out
    assert "sign-up: 2 fields of interest, 1 times, privacy notice 2026-11" in output
    (kb_dir / "signup.yaml").write_text(VALID.replace("label: abends", "label: ''"), "utf-8")
    assert main(["check", str(kb_dir)]) == 1
    assert "signup.yaml:11: availability 'abends': label is empty" in capsys.readouterr().err
