"""BSN format check (elfproef). A valid format says nothing about whose number it is."""

from __future__ import annotations

from expertteam.domain.errors import ValidationError
from expertteam.i18n import N_, _

FORMAT_VALID_LABEL = N_("formaat geldig")
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def passes_elfproef(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True))
    return total % 11 == 0


def normalise_bsn(raw: str | None, field: str = "bsn") -> str | None:
    """Return the BSN as nine digits, ``None`` for empty input, or raise ``ValidationError``.

    Spaces, dots and dashes are ignored; eight digits get the leading zero they lost.
    """
    if raw is None:
        return None
    compact = "".join(ch for ch in raw if ch not in " .-\t")
    if not compact:
        return None
    if not compact.isdigit():
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
