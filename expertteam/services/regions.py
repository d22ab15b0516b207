"""The expertteam's own jeugdregio, chosen from the CBS list of the 42 jeugdzorgregio's."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select

from expertteam.domain.enums import AuditAction
from expertteam.domain.errors import ValidationError
from expertteam.i18n import _
from expertteam.paths import resource
from expertteam.services import audit
from expertteam.services.store import Store
from expertteam.services.validation import clean_text
from expertteam.storage.models.system import Region

JEUGDREGIO_YEAR = 2022


@dataclass(frozen=True, slots=True)
class Jeugdregio:
    code: str
    name: str
    year: int


@dataclass(frozen=True, slots=True)
class RegionInfo:
    code: str
    name: str
    year: int
    team_name: str


@lru_cache(maxsize=1)
def jeugdregios() -> tuple[Jeugdregio, ...]:
    """The CBS jeugdregio's (JZ01–JZ43, no JZ40) as published for 2022."""
    with resource("jeugdregios_cbs_2022.csv").open(encoding="utf-8") as handle:
        return tuple(Jeugdregio(row["statcode"], row["statnaam"], JEUGDREGIO_YEAR)
                     for row in csv.DictReader(handle))


def get_region(store: Store) -> RegionInfo | None:
    with store.transaction() as session:
        region = session.scalars(select(Region).order_by(Region.id.desc()).limit(1)).first()
        if region is None:
            return None
        return RegionInfo(region.code, region.name, region.year, region.team_name)


def set_region(store: Store, code: str, team_name: str = "") -> RegionInfo:
    """Set the expertteam's jeugdregio by CBS code. Raises ``ValidationError`` for an unknown
    code."""
    match = next((r for r in jeugdregios() if r.code == code.strip().upper()), None)
    if match is None:
        raise ValidationError("code", _("Onbekende jeugdregio-code; kies er een uit de lijst "
                                        "(JZ01 tot en met JZ43)."))
    team = clean_text(team_name, "team_name", _("Naam expertteam")) or \
        _("Expertteam {region}").format(region=match.name)
    with store.transaction() as session:
        region = session.scalars(select(Region).limit(1)).first()
        if region is None:
            region = Region(code=match.code, name=match.name, year=match.year, team_name=team)
            session.add(region)
        else:
            region.code, region.name, region.year, region.team_name = (
                match.code, match.name, match.year, team)
        session.flush()
        audit.record(session, store, AuditAction.CHANGE, "region", region.id)
        return RegionInfo(region.code, region.name, region.year, region.team_name)
