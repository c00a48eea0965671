"""What volunteers type: names, notes, e-mail addresses and German phone numbers."""

from __future__ import annotations

import pytest

from handlers.signup.validators import (
    MAX_NAME,
    MAX_NOTE,
    Contact,
    clean_name,
    clean_note,
    parse_contact,
    parse_email,
    parse_phone,
)


@pytest.mark.parametrize(
    "number",
    [
        "0340 204-1401",
        "0340/2041401",
        "(0340) 204 14 01",
        "+49 340 2041401",
        "+49340-204-1401",
        "0049 340 2041401",
        "+49 (0)340 2041401",
        "+49 0340 2041401",  # the trunk zero written once too often
        "0151 23456789",
        "+49 151 234 567 89",
        "0340.204.1401",
        "034901 123",  # a short rural subscriber number
    ],
)
def test_german_phone_numbers_are_accepted(number: str) -> None:
    assert parse_phone(number) == number


def test_spaces_in_a_phone_number_are_tidied() -> None:
    assert parse_phone("  0340   204-1401 ") == "0340 204-1401"


@pytest.mark.parametrize(
    "number",
    [
        "",
        "0340 204-14O1",  # a letter O instead of zero
        "Telefon 0340 2041401",
        "2041401",  # no area code or prefix
        "0340 12",  # too short
        "03401",
        "+49 340 12345678901234",  # too long
        "+43 1 234567",  # Austria
        "0043 1 234567",
        "00 340 2041401",
        "+49",
        "0340 + 2041401",
        "0340 204 1401 #12",
        "--------",
    ],
)
def test_other_input_is_not_a_german_phone_number(number: str) -> None:
    assert parse_phone(number) is None


@pytest.mark.parametrize(
    "address",
    [
        "anna@example.org",
        "Anna.Beispiel+verein@mail.example.de",
        "a_b-c@sub-domain.example.com",
        "post@müller.de",
        "x@example.museum",
    ],
)
def test_e_mail_addresses_are_accepted(address: str) -> None:
    assert parse_email(address) == address


@pytest.mark.parametrize(
    "address",
    [
        "anna@example",
        "anna@@example.org",
        "anna example@example.org",
        "@example.org",
        "anna@",
        "anna.@example.org",
        "anna..b@example.org",
        "anna@-example.org",
        "anna@example.o",
        "anna@example.123",
        "ä@example.org",
        "a" * 65 + "@example.org",
        "anna@" + "b" * 250 + ".de",
    ],
)
def test_malformed_e_mail_addresses_are_rejected(address: str) -> None:
    assert parse_email(address) is None


def test_contact_is_an_e_mail_address_or_a_phone_number() -> None:
    assert parse_contact(" anna@example.org ") == Contact("email", "anna@example.org")
    assert parse_contact("0340 2041401") == Contact("phone", "0340 2041401")
    assert parse_contact("anna(at)example.org") is None
    assert parse_contact(None) is None


def test_names_need_a_letter_and_at_most_100_characters() -> None:
    assert clean_name("  Anna   Beispiel ") == "Anna Beispiel"
    assert clean_name("Ö") == "Ö"
    assert clean_name("A" * MAX_NAME) == "A" * MAX_NAME
    assert clean_name("A" * (MAX_NAME + 1)) is None
    assert clean_name("   ") is None
    assert clean_name("12345") is None
    assert clean_name(None) is None


def test_notes_keep_their_lines_and_have_at_most_500_characters() -> None:
    assert clean_note("  Erste Zeile\nzweite Zeile  ") == "Erste Zeile\nzweite Zeile"
    assert clean_note("x" * MAX_NOTE) == "x" * MAX_NOTE
    assert clean_note("x" * (MAX_NOTE + 1)) is None
    assert clean_note(" \n ") is None
