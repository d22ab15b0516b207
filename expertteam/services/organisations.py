"""Organisations (gemeenten, GI's, zorgaanbieders, …) and their contacts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.enums import AuditAction, OrganisationKind
from expertteam.domain.errors import NotFoundError, ValidationError
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.store import Store
from expertteam.services.validation import check_email, check_phone, clean_text
from expertteam.storage.models.organisations import Contact, Organisation

_CBS_MUNICIPALITY = re.compile(r"^GM\d{4}$")
_KVK = re.compile(r"^\d{8}$")


@dataclass(frozen=True, slots=True)
class OrganisationInfo:
    id: int
    uuid: str
    kind: OrganisationKind
    name: str
    cbs_code: str | None
    active: bool
    kvk_number: str | None = None


@dataclass(frozen=True, slots=True)
class ContactInfo:
    id: int
    organisation_id: int
    organisation_name: str
    name: str
    role: str
    email: str
    phone: str
    active: bool


@dataclass
class OrganisationInput:
    kind: OrganisationKind
    name: str
    cbs_code: str | None = None
    active: bool = True
    kvk_number: str | None = None  # a GI's identifier in the monitor's exports


@dataclass
class ContactInput:
    organisation_id: int
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    active: bool = True


def _org_info(org: Organisation) -> OrganisationInfo:
    return OrganisationInfo(org.id, org.uuid, org.kind, org.name, org.cbs_code, org.active,
                            org.kvk_number)


def _contact_info(contact: Contact) -> ContactInfo:
    return ContactInfo(contact.id, contact.organisation_id, contact.organisation.name,
                       contact.name, contact.role, contact.email, contact.phone, contact.active)


def get_organisation_row(session: Session, organisation_id: int | None, field: str,
                         kinds: tuple[OrganisationKind, ...] = ()) -> Organisation | None:
    """The organisation with this id, checked to be of one of ``kinds`` (None stays None)."""
    if organisation_id is None:
        return None
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise ValidationError(field, _("De gekozen organisatie bestaat niet (meer)."))
    if kinds and org.kind not in kinds:
        wanted = " of ".join(kind.label.lower() for kind in kinds)
        raise ValidationError(field, _("Kies hier een {wanted}; {name} is een {kind}.").format(
            wanted=wanted, name=org.name, kind=org.kind.label.lower()))
    return org


def _validated(session: Session, data: OrganisationInput,
               current_id: int | None = None) -> OrganisationInput:
    if not isinstance(data.kind, OrganisationKind):
        raise ValidationError("kind", _("Kies het soort organisatie."))
    name = clean_text(data.name, "name", _("Naam"), required=True)
    cbs = clean_text(data.cbs_code, "cbs_code", _("CBS-code"), max_length=8).upper() or None
    if cbs is not None and data.kind is OrganisationKind.MUNICIPALITY and \
            not _CBS_MUNICIPALITY.match(cbs):
        raise ValidationError("cbs_code", _("Een CBS-gemeentecode is GM gevolgd door 4 cijfers, "
                                            "bijvoorbeeld GM0405."))
    duplicate = session.scalars(select(Organisation.id).where(
        Organisation.kind == data.kind, Organisation.name == name)).first()
    if duplicate is not None and duplicate != current_id:
        raise ValidationError("name", _("Er is al een {kind} met de naam {name}.").format(
            kind=data.kind.label.lower(), name=name))
    kvk = "".join(clean_text(data.kvk_number, "kvk_number", _("KvK-nummer"),
                             max_length=12).split()) or None
    if kvk is not None and not _KVK.match(kvk):
        raise ValidationError("kvk_number", _("Een KvK-nummer heeft 8 cijfers, bijvoorbeeld "
                                              "41202536."))
    return OrganisationInput(data.kind, name, cbs, bool(data.active), kvk)


def list_organisations(store: Store, kinds: tuple[OrganisationKind, ...] = (), *,
                       include_inactive: bool = False) -> list[OrganisationInfo]:
    """Organisations sorted by kind and name, optionally only of ``kinds``."""
    with store.transaction() as session:
        query = select(Organisation).order_by(Organisation.kind, Organisation.name)
        if kinds:
            query = query.where(Organisation.kind.in_(kinds))
        if not include_inactive:
            query = query.where(Organisation.active.is_(True))
        return [_org_info(org) for org in session.scalars(query)]


def get_organisation(store: Store, organisation_id: int) -> OrganisationInfo:
    with store.transaction() as session:
        org = session.get(Organisation, organisation_id)
        if org is None:
            raise NotFoundError(_("Deze organisatie bestaat niet (meer)."))
        return _org_info(org)


def create_organisation(store: Store, data: OrganisationInput) -> OrganisationInfo:
    """Add an organisation. Raises ``ValidationError`` for a missing name, a bad CBS code or a
    duplicate name within the same kind."""
    with store.transaction() as session:
        org = add_organisation(session, data)
        audit.record(session, store, AuditAction.CREATE, "organisation", org.id)
        return _org_info(org)


def add_organisation(session: Session, data: OrganisationInput) -> Organisation:
    """Validate and add an organisation inside the caller's transaction (the caller audits);
    ``create_organisation`` and the spreadsheet import both come here."""
    clean = _validated(session, data)
    org = Organisation(kind=clean.kind, name=clean.name, cbs_code=clean.cbs_code,
                       active=clean.active, kvk_number=clean.kvk_number)
    session.add(org)
    session.flush()
    return org


def update_organisation(store: Store, organisation_id: int,
                        data: OrganisationInput) -> OrganisationInfo:
    """Change an organisation (deactivate instead of deleting). Raises ``NotFoundError`` or
    ``ValidationError``."""
    with store.transaction() as session:
        org = session.get(Organisation, organisation_id)
        if org is None:
            raise NotFoundError(_("Deze organisatie bestaat niet (meer)."))
        clean = _validated(session, data, current_id=organisation_id)
        org.kind, org.name, org.cbs_code, org.active = (clean.kind, clean.name, clean.cbs_code,
                                                        clean.active)
        org.kvk_number = clean.kvk_number
        audit.record(session, store, AuditAction.CHANGE, "organisation", org.id)
        session.flush()
        return _org_info(org)


def list_contacts(store: Store, organisation_id: int | None = None, *,
                  include_inactive: bool = False) -> list[ContactInfo]:
    with store.transaction() as session:
        query = select(Contact).join(Contact.organisation).order_by(Organisation.name,
                                                                    Contact.name)
        if organisation_id is not None:
            query = query.where(Contact.organisation_id == organisation_id)
        if not include_inactive:
            query = query.where(Contact.active.is_(True))
        return [_contact_info(contact) for contact in session.scalars(query)]


def _validated_contact(session: Session, data: ContactInput) -> ContactInput:
    get_organisation_row(session, data.organisation_id, "organisation_id")
    return ContactInput(
        organisation_id=data.organisation_id,
        name=clean_text(data.name, "name", _("Naam"), required=True),
        role=clean_text(data.role, "role", _("Functie"), max_length=120),
        email=check_email(data.email),
        phone=check_phone(data.phone),
        active=bool(data.active),
    )


def create_contact(store: Store, data: ContactInput) -> ContactInfo:
    """Add a contact person to an organisation. Raises ``ValidationError``."""
    with store.transaction() as session:
        clean = _validated_contact(session, data)
        contact = Contact(organisation_id=clean.organisation_id, name=clean.name,
                          role=clean.role, email=clean.email, phone=clean.phone,
                          active=clean.active)
        session.add(contact)
        session.flush()
        audit.record(session, store, AuditAction.CREATE, "contact", contact.id)
        return _contact_info(contact)


def update_contact(store: Store, contact_id: int, data: ContactInput) -> ContactInfo:
    """Change a contact person. Raises ``NotFoundError`` or ``ValidationError``."""
    with store.transaction() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFoundError(_("Deze contactpersoon bestaat niet (meer)."))
        clean = _validated_contact(session, data)
        contact.organisation_id = clean.organisation_id
        contact.name, contact.role = clean.name, clean.role
        contact.email, contact.phone, contact.active = clean.email, clean.phone, clean.active
        session.flush()
        session.refresh(contact)
        audit.record(session, store, AuditAction.CHANGE, "contact", contact.id)
        return _contact_info(contact)
