"""BSN format check (elfproef). A valid format says nothing about whose number it is."""

from __future__ import annotations

import unicodedata

from expertteam.domain.errors import ValidationError
from expertteam.i18n import N_, _

FORMAT_VALID_LABEL = N_("formaat geldig")
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def passes_elfproef(digits: str) -> bool:
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit() or \
            digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True))
    return total % 11 == 0


def normalise_bsn(raw: str | None, field: str = "bsn") -> str | None:
    """Return the BSN as nine digits, ``None`` for empty input, or raise ``ValidationError``.

    Spaces, dots and dashes (any variant) are ignored; a decimal digit of any script counts as
    its ASCII digit; eight digits get the leading zero they lost. Other digit-like characters
    (a superscript ², a circled ①) are refused.
    """
    if raw is None:
        return None
    compact = "".join(_ascii_digit(ch) for ch in raw if not _separator(ch))
    if not compact:
        return None
    if not compact.isascii() or not compact.isdigit():
        raise ValidationError(field, _("Het BSN mag alleen cijfers bevatten."))
    if len(compact) == 8:
        compact = "0" + compact
    if len(compact) != 9:
        raise ValidationError(field, _("Een BSN heeft 9 cijfers; er zijn er {n} ingevuld.").format(
            n=len(compact)))
    if not passes_elfproef(compact):
        raise ValidationError(field, _("Dit BSN voldoet niet aan de elfproef; "
                                       "controleer de cijfers."))
    return compact


def _separator(ch: str) -> bool:
    return ch in ".\t" or unicodedata.category(ch) in ("Zs", "Pd", "Cf")


def _ascii_digit(ch: str) -> str:
    return str(unicodedata.decimal(ch)) if unicodedata.category(ch) == "Nd" else ch
