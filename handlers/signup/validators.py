"""What people type into the sign-up, checked: names, notes, e-mail addresses and German phone
numbers. Pure functions (no Telegram); each returns the cleaned value or None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_NAME = 100
MAX_NOTE = 500
MAX_EMAIL = 254  # RFC 5321 path limit
MAX_LOCAL_PART = 64
# German national numbers (without the leading 0 or +49) have 6 to 13 digits
# (a short area code and subscriber number up to mobile numbers with long extensions).
MIN_PHONE_DIGITS = 6
MAX_PHONE_DIGITS = 13

_LOCAL_PART = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_DOMAIN_LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_TOP_LEVEL = re.compile(r"^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$")
_PHONE_CHARS = re.compile(r"^\+?[0-9(][0-9 /().-]*$")
_SEPARATORS = re.compile(r"[ /().-]")
_TRUNK_ZERO = re.compile(r"^(\+49|0049) ?\(0\)")  # "+49 (0)340 …", a common German style


@dataclass(frozen=True, slots=True)
class Contact:
    """A way to reach a volunteer besides Telegram."""

    kind: str  # "email" or "phone"
    value: str  # as the person wrote it, spaces tidied


def clean_name(text: str | None) -> str | None:
    """A name of 1-100 characters with at least one letter; spaces tidied."""
    name = " ".join((text or "").split())
    if not 1 <= len(name) <= MAX_NAME or not any(char.isalpha() for char in name):
        return None
    return name


def clean_note(text: str | None) -> str | None:
    """A note of 1-500 characters (line breaks kept, outer spaces removed)."""
    note = (text or "").strip()
    if not 1 <= len(note) <= MAX_NOTE:
        return None
    return note


def parse_email(text: str) -> str | None:
    """An e-mail address like name@example.org (domain with umlauts allowed), or None."""
    address = text.strip()
    if len(address) > MAX_EMAIL or address.count("@") != 1:
        return None
    local, domain = address.split("@")
    if not local or len(local) > MAX_LOCAL_PART or not _LOCAL_PART.match(local):
        return None
    try:  # "müller.de" is valid: check the form the mail system uses (xn--mller-kva.de)
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels):
        return None
    if not _TOP_LEVEL.match(labels[-1]):
        return None
    return address


def parse_phone(text: str) -> str | None:
    """A German phone number (0340 …, +49 340 …, 0049 340 …, +49 (0)340 …) with spaces,
    slashes, dashes, dots or brackets; no letters, 6-13 digits after the prefix; or None."""
    number = " ".join(text.split())
    if not _PHONE_CHARS.match(number):
        return None
    digits = _SEPARATORS.sub("", _TRUNK_ZERO.sub(r"\1", number))
    if digits.startswith("+49"):
        national = digits[3:]
    elif digits.startswith("0049"):
        national = digits[4:]
    elif digits.startswith("0") and not digits.startswith("00"):
        national = digits[1:]
    else:  # no prefix, or another country's
        return None
    if national.startswith("0"):  # "+49 0340 …": the trunk zero written once too often
        national = national[1:]
    if not national.isdigit() or national.startswith("0"):
        return None
    if not MIN_PHONE_DIGITS <= len(national) <= MAX_PHONE_DIGITS:
        return None
    return number


def parse_contact(text: str | None) -> Contact | None:
    """An e-mail address or a German phone number, or None."""
    value = (text or "").strip()
    if "@" in value:
        email = parse_email(value)
        return Contact("email", email) if email else None
    phone = parse_phone(value)
    return Contact("phone", phone) if phone else None
