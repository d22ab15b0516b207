"""Small input checks shared by the services; each raises ``ValidationError`` naming the field."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from expertteam.domain.errors import ValidationError
from expertteam.i18n import _

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()\-\s]{6,20}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str | None, field: str, label: str, *, required: bool = False,
               max_length: int = 200, multiline: bool = False) -> str:
    """The text stripped and NFC-normalised (a name typed or pasted two ways is stored one
    way), or ``ValidationError`` naming the field."""
    text = unicodedata.normalize("NFC", value or "").strip()
    if _CONTROL.search(text) or "\x00" in text:
        raise ValidationError(field, _("{label} bevat tekens die niet zijn toegestaan.")
                              .format(label=label))
    if not multiline and ("\n" in text or "\r" in text):
        raise ValidationError(field, _("{label} moet op één regel passen.").format(label=label))
    if required and not text:
        raise ValidationError(field, _("{label} is verplicht.").format(label=label))
    if len(text) > max_length:
        raise ValidationError(field, _("{label} is te lang (hoogstens {n} tekens).")
                              .format(label=label, n=max_length))
    return text


def check_email(value: str, field: str = "email") -> str:
    text = clean_text(value, field, _("E-mailadres"))
    if text and not _EMAIL.match(text):
        raise ValidationError(field, _("Het e-mailadres is niet geldig (voorbeeld: "
                                       "naam@organisatie.nl)."))
    return text


def check_phone(value: str, field: str = "phone") -> str:
    text = clean_text(value, field, _("Telefoonnummer"), max_length=40)
    if text and not _PHONE.match(text):
        raise ValidationError(field, _("Het telefoonnummer mag alleen cijfers, spaties, +, - en "
                                       "haakjes bevatten."))
    return text


def not_in_future(value: date | None, field: str, label: str, today: date) -> date | None:
    if value is not None and value > today:
        raise ValidationError(field, _("{label} kan niet in de toekomst liggen.")
                              .format(label=label))
    return value


def not_before(value: date | None, earliest: date | None, field: str, label: str,
               earliest_label: str) -> None:
    if value is not None and earliest is not None and value < earliest:
        raise ValidationError(field, _("{label} kan niet vóór {other} liggen.")
                              .format(label=label, other=earliest_label))


def plausible_date(value: date | None, field: str, label: str) -> date | None:
    if value is not None and not (1990 <= value.year <= 2100):
        raise ValidationError(field, _("{label} ligt buiten het mogelijke bereik.")
                              .format(label=label))
    return value
