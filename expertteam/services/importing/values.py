"""Reading one cell as a date, a text or one of our labelled values.

Dates come as real date cells, as Excel serial numbers (days since 30-12-1899) or as text
read by ``formatting.parse_date`` (the one date parser). Errors are Dutch and name no value
from the cell (it may be personal data)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TypeVar

from expertteam.domain.enums import CaseStatus, LabelledEnum, OrganisationKind, WaitingFor
from expertteam.domain.errors import ValidationError
from expertteam.domain.identifying.normalise import compact
from expertteam.formatting import parse_date
from expertteam.i18n import _

E = TypeVar("E", bound=LabelledEnum)
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_RANGE = (1, 2958465)  # 1-1-1900 … 31-12-9999

# Words regions write for our labelled values, besides the labels themselves.
SYNONYMS: dict[type[LabelledEnum], dict[str, LabelledEnum]] = {
    WaitingFor: {
        "jeugdbeschermer": WaitingFor.VASTE_JEUGDBESCHERMER,
        "vastejb": WaitingFor.VASTE_JEUGDBESCHERMER,
        "jb": WaitingFor.VASTE_JEUGDBESCHERMER,
        "jeugdhulp": WaitingFor.PASSENDE_JEUGDHULP,
        "hulp": WaitingFor.PASSENDE_JEUGDHULP,
        "zorg": WaitingFor.PASSENDE_JEUGDHULP,
        "plaatsing": WaitingFor.PLACEMENT,
        "plek": WaitingFor.PLACEMENT,
        "woonplek": WaitingFor.PLACEMENT,
    },
    CaseStatus: {
        "nieuw": CaseStatus.REFERRED,
        "aangemeld": CaseStatus.REFERRED,
        "lopend": CaseStatus.ACTIVE,
        "actief": CaseStatus.ACTIVE,
        "inbehandeling": CaseStatus.ACTIVE,
        "monitoren": CaseStatus.MONITORING,
        "monitoring": CaseStatus.MONITORING,
        "afgesloten": CaseStatus.CLOSED,
        "gesloten": CaseStatus.CLOSED,
    },
    OrganisationKind: {
        "gemeente": OrganisationKind.MUNICIPALITY,
        "gi": OrganisationKind.GI,
        "zorgaanbieder": OrganisationKind.PROVIDER,
        "aanbieder": OrganisationKind.PROVIDER,
    },
}


def text(cell: object) -> str:
    """The cell as trimmed text (a whole number without ``.0``)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    return str(cell).strip()


def to_date(cell: object, label: str, *, past: bool = False, today: date) -> date | None:
    """A date from a date cell, an Excel serial number or text; None for an empty cell.

    Raises ``ValidationError`` naming ``label`` (a Dutch field name) when it is no date."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    serial: float | None = None
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        serial = float(cell)
    elif isinstance(cell, str) and cell.strip().isdigit() and len(cell.strip()) == 5:
        serial = float(cell.strip())
    if serial is not None:
        if _SERIAL_RANGE[0] <= serial <= _SERIAL_RANGE[1]:
            return _EXCEL_EPOCH + timedelta(days=int(serial))
        raise ValidationError(label, _("{label}: dit getal is geen datum.").format(label=label))
    parsed = parse_date(str(cell), past=past, today=today)
    if parsed is None:
        raise ValidationError(label, _("{label}: geen datum die gelezen kan worden (schrijf "
                                       "bijvoorbeeld 12-03-2015).").format(label=label))
    return parsed


def to_enum(cell: object, enum: type[E], label: str) -> E | None:
    """One of ``enum``'s members from its Dutch label, its value or a usual synonym."""
    folded = compact(text(cell))
    if not folded:
        return None
    for member in enum:
        if folded in (compact(member.label), compact(member.value)):
            return member
    synonym = SYNONYMS.get(enum, {}).get(folded)
    if isinstance(synonym, enum):
        return synonym
    raise ValidationError(label, _("{label}: onbekende waarde; kies uit {choices}.").format(
        label=label, choices=", ".join(m.label for m in enum)))
