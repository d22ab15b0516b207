"""The region's letterhead: name, address, logo, signatory and footer, kept with the data.

Stored as JSON under the ``letterhead`` setting; the logo is stored in the database too (as a
normalised PNG, base64), so it travels with a backup or a copy of the data to another laptop.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.documents.data import Letterhead
from expertteam.domain.errors import ValidationError
from expertteam.i18n import _
from expertteam.services import settings as settings_service
from expertteam.services.store import Store
from expertteam.services.validation import clean_text
from expertteam.storage.models.system import Region, Setting

SETTING_KEY = "letterhead"
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = (1200, 600)
MIN_LOGO_SIDE = 16
MAX_ADDRESS_LINES = 5
_EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


@dataclass(frozen=True, slots=True)
class LetterheadSettings:
    """The letterhead as the user edits it. ``logo`` is PNG bytes (normalised) or None."""

    region_name: str
    address: str = ""
    logo: bytes | None = None
    signatory_name: str = ""
    signatory_role: str = ""
    footer_text: str = ""

    @property
    def address_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.address.splitlines() if line.strip())

    @property
    def email(self) -> str:
        """The first e-mail address in the address ("" when there is none): the sender of
        e-mail drafts and the organiser of calendar invitations."""
        found = _EMAIL_IN_TEXT.search(self.address)
        return found.group(0).rstrip(".") if found else ""

    def for_documents(self, provenance: str = "") -> Letterhead:
        return Letterhead(self.region_name, self.address_lines, self.logo, self.signatory_name,
                          self.signatory_role, self.footer_text, provenance)


def default_footer() -> str:
    return _("Dit document bevat vertrouwelijke gegevens over jeugdigen. Deel het alleen met wie "
             "het nodig heeft voor de uitvoering van de afspraken.")


def check_logo(raw: bytes) -> bytes:
    """An uploaded logo checked and normalised to a PNG of at most 1200×600 pixels.

    Raises ``ValidationError`` (field ``logo``) for a file that is too large or not a PNG, JPEG
    or GIF image."""
    from PIL import Image, UnidentifiedImageError

    if len(raw) > MAX_LOGO_BYTES:
        raise ValidationError("logo", _("Het logo is te groot (hoogstens 2 MB). Kies een kleiner "
                                        "bestand."))
    not_an_image = ValidationError("logo", _("Dit bestand is geen afbeelding die als logo kan "
                                             "dienen. Kies een PNG- of JPEG-bestand."))
    try:
        with Image.open(BytesIO(raw)) as probe:
            if probe.format not in ("PNG", "JPEG", "GIF"):
                raise not_an_image
            probe.verify()
        with Image.open(BytesIO(raw)) as image:
            if min(image.size) < MIN_LOGO_SIDE:
                raise ValidationError("logo", _("Het logo is te klein (minstens {n} pixels breed "
                                                "en hoog).").format(n=MIN_LOGO_SIDE))
            converted = image.convert("RGBA")
            converted.thumbnail(MAX_LOGO_PIXELS)
            out = BytesIO()
            converted.save(out, format="PNG", optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError) as exc:
        raise not_an_image from exc


def validate_letterhead(data: LetterheadSettings) -> LetterheadSettings:
    """The settings cleaned and checked (no database needed, so a preview can use it).

    Raises ``ValidationError`` naming the field."""
    region_name = clean_text(data.region_name, "region_name", _("Naam expertteam of regio"),
                             required=True, max_length=120)
    address = clean_text(data.address, "address", _("Adres"), max_length=400, multiline=True)
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    if len(lines) > MAX_ADDRESS_LINES:
        raise ValidationError("address", _("Het adres past op hoogstens {n} regels.").format(
            n=MAX_ADDRESS_LINES))
    if any(len(line) > 70 for line in lines):
        raise ValidationError("address", _("Een adresregel is te lang (hoogstens 70 tekens)."))
    return LetterheadSettings(
        region_name=region_name,
        address="\n".join(lines),
        logo=check_logo(data.logo) if data.logo else None,
        signatory_name=clean_text(data.signatory_name, "signatory_name", _("Naam ondertekenaar"),
                                  max_length=120),
        signatory_role=clean_text(data.signatory_role, "signatory_role",
                                  _("Functie ondertekenaar"), max_length=120),
        footer_text=clean_text(data.footer_text, "footer_text", _("Voettekst"), max_length=240),
    )


def read_letterhead(session: Session) -> LetterheadSettings:
    """The stored letterhead inside a caller's transaction (defaults from the region)."""
    row = session.get(Setting, SETTING_KEY)
    stored: dict[str, str] = {}
    if row is not None:
        try:
            loaded = json.loads(row.value)
            stored = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            stored = {}
    region = session.scalars(select(Region).order_by(Region.id.desc()).limit(1)).first()
    default_name = region.team_name if region is not None and region.team_name else \
        _("Expertteam")
    logo: bytes | None = None
    if stored.get("logo_png"):
        try:
            logo = base64.b64decode(stored["logo_png"], validate=True)
        except (binascii.Error, ValueError):
            logo = None
    return LetterheadSettings(
        region_name=str(stored.get("region_name") or default_name),
        address=str(stored.get("address", "")),
        logo=logo,
        signatory_name=str(stored.get("signatory_name", "")),
        signatory_role=str(stored.get("signatory_role", "")),
        footer_text=str(stored.get("footer_text", default_footer())),
    )


def get_letterhead(store: Store) -> LetterheadSettings:
    """The letterhead as stored, or defaults taken from the region when none is stored yet."""
    with store.transaction() as session:
        return read_letterhead(session)


def save_letterhead(store: Store, data: LetterheadSettings) -> LetterheadSettings:
    """Validate and store the letterhead; the change is logged.

    Raises ``ValidationError`` naming the field (name missing, address too long, logo not an
    image or too large)."""
    clean = validate_letterhead(data)
    settings_service.set_value(store, SETTING_KEY, {
        "region_name": clean.region_name, "address": clean.address,
        "logo_png": base64.b64encode(clean.logo).decode("ascii") if clean.logo else "",
        "signatory_name": clean.signatory_name, "signatory_role": clean.signatory_role,
        "footer_text": clean.footer_text,
    }, detail="logo" if clean.logo else "")
    return clean


def preview_letterhead(data: LetterheadSettings, today: date) -> bytes:
    """A one-page sample document (a fictitious action list) on this letterhead, for a live
    preview. No database is read or changed. Raises ``ValidationError`` naming the field."""
    from expertteam.documents.action_list import render_participant_actions
    from expertteam.documents.data import ActionLine, ParticipantActionList
    from expertteam.domain.enums import ActionStatus

    clean = validate_letterhead(data)
    sample = ParticipantActionList(
        organisation=_("Voorbeeldorganisatie"), organisation_kind=_("Zorgaanbieder"),
        as_of=today, contacts=(_("Voorbeeld Contactpersoon"),),
        actions=(
            ActionLine(1, "ET-0000-0001 · A.B. · 2014", _("Voorbeeldafspraak: stuur een "
                       "voorstel voor passende hulp aan de gecertificeerde instelling."),
                       _("Voorbeeldorganisatie"), "", today, ActionStatus.OPEN),
            ActionLine(2, "ET-0000-0002 · C.D. · 2017", _("Voorbeeldafspraak: meld de "
                       "startdatum van de behandeling aan het expertteam."),
                       _("Voorbeeldorganisatie"), "", today, ActionStatus.OPEN, 1),
        ))
    return render_participant_actions(sample, clean.for_documents())
