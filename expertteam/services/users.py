"""User profiles: each person has their own, chosen at unlock. No shared admin account.

The audit log names the profile by id only; the profile's name lives here and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from expertteam.domain.enums import AuditAction, UserRole
from expertteam.domain.errors import NotFoundError, StateError, ValidationError
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.store import Store
from expertteam.services.validation import clean_text
from expertteam.storage.models.system import UserProfile

# Names of shared accounts: a profile must name one person (NEN 7513 asks who did it).
SHARED_NAMES = frozenset({
    "admin", "administrator", "beheer", "beheerder", "root", "user", "gebruiker", "gebruikers",
    "iedereen", "algemeen", "gedeeld", "team", "expertteam", "secretariaat", "test", "gast",
    "guest", "systeem", "system", "voorzitter", "coordinator", "coördinator", "lid",
})


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    name: str
    role: UserRole
    active: bool

    @property
    def display(self) -> str:
        return f"{self.name} ({self.role.label.lower()})"


def _info(profile: UserProfile) -> UserInfo:
    return UserInfo(profile.id, profile.name, profile.role, profile.active)


def _clean_name(session: Session, name: str, current_id: int | None = None) -> str:
    clean = clean_text(name if isinstance(name, str) else None, "name", _("Naam"),
                       required=True, max_length=120)
    if re.sub(r"[\W\d_]+", "", clean.lower()) in SHARED_NAMES or \
            clean.lower() in SHARED_NAMES:
        raise ValidationError("name", _("Gebruik de naam van één persoon, geen gedeeld account "
                                        "zoals ‘{name}’: het logboek moet laten zien wie iets "
                                        "deed.").format(name=clean))
    duplicate = session.scalars(select(UserProfile.id).where(
        func.lower(UserProfile.name) == clean.lower())).first()
    if duplicate is not None and duplicate != current_id:
        raise ValidationError("name", _("Er is al een gebruiker met deze naam."))
    return clean


def _check_role(role: object) -> UserRole:
    if not isinstance(role, UserRole):
        raise ValidationError("role", _("Kies een rol: voorzitter, coördinator of lid."))
    return role


def _load(session: Session, user_id: int) -> UserProfile:
    profile = session.get(UserProfile, user_id) if isinstance(user_id, int) else None
    if profile is None:
        raise NotFoundError(_("Deze gebruiker bestaat niet (meer)."))
    return profile


def list_users(store: Store, *, include_inactive: bool = False) -> list[UserInfo]:
    """The user profiles sorted by name (active ones only unless asked). Raises nothing but
    ``StorageError``."""
    with store.transaction() as session:
        query = select(UserProfile).order_by(func.lower(UserProfile.name))
        if not include_inactive:
            query = query.where(UserProfile.active.is_(True))
        return [_info(p) for p in session.scalars(query)]


def create_user(store: Store, name: str, role: UserRole) -> UserInfo:
    """Add a profile for one person. Raises ``ValidationError`` (field ``name`` or ``role``)
    for an empty, shared or duplicate name or an unknown role."""
    with store.transaction() as session:
        clean = _clean_name(session, name)
        profile = UserProfile(name=clean, role=_check_role(role), active=True)
        session.add(profile)
        session.flush()
        audit.record(session, store, AuditAction.CREATE, "user_profile", profile.id)
        return _info(profile)


def update_user(store: Store, user_id: int, name: str, role: UserRole) -> UserInfo:
    """Rename a profile or change its role. Raises ``NotFoundError`` or ``ValidationError``;
    ``StateError`` when this would leave no active voorzitter or coördinator."""
    with store.transaction() as session:
        profile = _load(session, user_id)
        clean = _clean_name(session, name, current_id=profile.id)
        new_role = _check_role(role)
        if profile.active and new_role is UserRole.MEMBER and profile.role is not UserRole.MEMBER:
            _require_other_manager(session, profile.id)
        profile.name, profile.role = clean, new_role
        audit.record(session, store, AuditAction.CHANGE, "user_profile", profile.id)
        session.flush()
        return _info(profile)


def _require_other_manager(session: Session, user_id: int) -> None:
    others = session.scalars(select(func.count(UserProfile.id)).where(
        UserProfile.active.is_(True), UserProfile.id != user_id,
        UserProfile.role.in_((UserRole.CHAIR, UserRole.COORDINATOR)))).one()
    if others == 0:
        raise StateError(_("Er moet minstens één actieve voorzitter of coördinator blijven."))


def set_active(store: Store, user_id: int, active: bool) -> UserInfo:
    """(De)activate a profile; profiles are never deleted because the log refers to them.

    Raises ``NotFoundError``; ``StateError`` for the profile in use or the last active
    voorzitter/coördinator."""
    with store.transaction() as session:
        profile = _load(session, user_id)
        if not active:
            if profile.id == store.actor_id:
                raise StateError(_("U kunt uw eigen profiel niet uitschakelen terwijl u het "
                                   "gebruikt."))
            if profile.role is not UserRole.MEMBER:
                _require_other_manager(session, profile.id)
        profile.active = bool(active)
        audit.record(session, store, AuditAction.CHANGE, "user_profile", profile.id,
                     detail="activate" if active else "deactivate")
        session.flush()
        return _info(profile)


def choose_user(store: Store, user_id: int) -> UserInfo:
    """Work as this profile from now on (sets ``store.actor_id``); logged. Raises
    ``NotFoundError`` or ``StateError`` for a deactivated profile."""
    previous = store.actor_id
    try:
        with store.transaction() as session:
            profile = _load(session, user_id)
            if not profile.active:
                raise StateError(_("Dit profiel is uitgeschakeld. Kies een ander profiel."))
            store.actor_id = profile.id
            audit.record(session, store, AuditAction.VIEW, "session", profile.id,
                         detail="unlock")
            return _info(profile)
    except BaseException:
        store.actor_id = previous
        raise


def current_user(store: Store) -> UserInfo | None:
    """The profile working now, or None before one was chosen."""
    if store.actor_id is None:
        return None
    with store.transaction() as session:
        profile = session.get(UserProfile, store.actor_id)
        return None if profile is None else _info(profile)
