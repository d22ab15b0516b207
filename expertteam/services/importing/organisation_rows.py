"""One spreadsheet row of organisations: matched by kind and name (a near match only when
confirmed) or added through ``organisations.add_organisation``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from expertteam.domain.enums import OrganisationKind
from expertteam.domain.errors import ValidationError
from expertteam.i18n import _
from expertteam.services.importing.matching import OrganisationIndex
from expertteam.services.importing.report import ImportReport
from expertteam.services.importing.values import text, to_enum
from expertteam.services.organisations import OrganisationInput, add_organisation
from expertteam.storage.models.organisations import Organisation


def import_organisation(session: Session, values: dict[str, object], orgs: OrganisationIndex,
                        added: set[int], report: ImportReport) -> None:
    name = text(values.get("name"))
    if not name:
        raise ValidationError("name", _("de naam van de organisatie ontbreekt."))
    kind = to_enum(values.get("kind"), OrganisationKind, _("Soort"))
    if kind is None:
        raise ValidationError("kind", _("het soort organisatie ontbreekt."))
    data = OrganisationInput(kind, name, text(values.get("cbs_code")) or None,
                             kvk_number=text(values.get("kvk_number")) or None)
    found = orgs.find(kind, name)
    if found.organisation_id is None and found.near is not None:
        report.add_near(found.near)
        raise ValidationError("name", _("‘{name}’ lijkt op de bestaande ‘{near}’; bevestig die "
                                        "overeenkomst of pas de naam aan.").format(
            name=name, near=found.near.candidate))
    if found.organisation_id is not None:
        if found.organisation_id in added:
            report.duplicates += 1
            return
        org = session.get(Organisation, found.organisation_id)
        assert org is not None
        differs = (data.cbs_code and (org.cbs_code or "") != data.cbs_code.upper()) or \
            (data.kvk_number and (org.kvk_number or "") != data.kvk_number)
        if differs:
            report.differs += 1
        else:
            report.unchanged += 1
        return
    org = add_organisation(session, data)
    orgs.add(org.kind, org.id, org.name)
    added.add(org.id)
    report.new += 1
