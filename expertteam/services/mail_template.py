"""The text of the e-mail drafts: the region's template, its placeholders and the identity
check every draft's text passes.

Stored as the ``mail_template`` setting (subject and body, JSON), edited on the settings page
"Verzenden"; the default until a region saves its own.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass

from sqlalchemy.orm import Session

from expertteam.domain.errors import ValidationError
from expertteam.i18n import _
from expertteam.services import privacy, settings
from expertteam.services.letter_texts import IdentifyingDataError
from expertteam.services.store import Store
from expertteam.services.validation import clean_text
from expertteam.storage.models.system import Setting

MAIL_TEMPLATE_KEY = "mail_template"
PLACEHOLDERS = ("overleg", "datum", "organisatie", "regio", "ondertekenaar")
MAX_SUBJECT = 200
MAX_BODY = 4000


@dataclass(frozen=True, slots=True)
class MailTemplate:
    subject: str
    body: str


def default_template() -> MailTemplate:
    return MailTemplate(
        subject=_("Verslag en acties {overleg}"),
        body=_("Geachte heer, mevrouw,\n\n"
               "Hierbij ontvangt u het verslag van het {overleg} en de openstaande acties van "
               "{organisatie}. Wilt u de voortgang vóór de uiterlijke datum aan het "
               "expertteam melden?\n\n"
               "Met vriendelijke groet,\n\n"
               "{ondertekenaar}\n{regio}"))


def placeholder_help() -> str:
    """The placeholders as the settings dialog lists them."""
    return _("{overleg} ‘expertteamoverleg van’ met de datum · {datum} de datum · {organisatie} de "
             "ontvangende organisatie · {regio} het expertteam · {ondertekenaar} de "
             "ondertekenaar uit het briefhoofd")


def _check_placeholders(text: str, field: str, label: str) -> None:
    try:
        names = [name for _literal, name, _spec, _conv in string.Formatter().parse(text)
                 if name is not None]
    except ValueError as exc:
        raise ValidationError(field, _("{label}: een accolade staat los. Schrijf een "
                                       "invulveld als {{organisatie}}.").format(label=label)
                              ) from exc
    unknown = [name for name in names if name not in PLACEHOLDERS]
    if unknown:
        raise ValidationError(field, _("{label}: ‘{{{name}}}’ is geen invulveld. Mogelijk zijn: "
                                       "{known}.").format(
            label=label, name=unknown[0][:30],
            known=", ".join(f"{{{name}}}" for name in PLACEHOLDERS)))


def check_template(template: MailTemplate) -> MailTemplate:
    """The template cleaned and checked. Raises ``ValidationError`` naming the field
    (``mail_template.subject`` or ``mail_template.body``)."""
    subject = clean_text(template.subject, "mail_template.subject", _("Onderwerp"),
                         required=True, max_length=MAX_SUBJECT)
    body = clean_text(template.body, "mail_template.body", _("Tekst van de e-mail"),
                      required=True, max_length=MAX_BODY, multiline=True)
    _check_placeholders(subject, "mail_template.subject", _("Onderwerp"))
    _check_placeholders(body, "mail_template.body", _("Tekst van de e-mail"))
    return MailTemplate(subject, body)


def read_template(session: Session) -> MailTemplate:
    row = session.get(Setting, MAIL_TEMPLATE_KEY)
    default = default_template()
    if row is None:
        return default
    try:
        stored = json.loads(row.value)
    except ValueError:
        return default
    if not isinstance(stored, dict):
        return default
    return MailTemplate(str(stored.get("subject") or default.subject),
                        str(stored.get("body") or default.body))


def get_mail_template(store: Store) -> MailTemplate:
    """The region's mail template (the default until one is saved)."""
    with store.transaction() as session:
        return read_template(session)


def guard(session: Session, field: str, label: str, text: str) -> None:
    """The one identity check on a draft's text: the privacy guard every output passes."""
    findings = privacy.guard(session).findings(text)
    if findings:
        found = ", ".join(finding.describe() for finding in findings[:3])
        raise IdentifyingDataError(field, _(
            "{label} bevat {found}. Een e-mail mag geen kind herkenbaar maken: verwijs met het "
            "casusnummer; namen staan alleen in de bijlagen.").format(label=label, found=found),
            findings)


def save_mail_template(store: Store, template: MailTemplate) -> MailTemplate:
    """Store the region's mail template; the change is logged.

    Raises ``ValidationError`` naming the field (empty, too long, an unknown placeholder) or
    ``IdentifyingDataError`` (the text names a child of the register)."""
    clean = check_template(template)
    with store.transaction() as session:
        guard(session, "mail_template.subject", _("Het onderwerp"), clean.subject)
        guard(session, "mail_template.body", _("De tekst"), clean.body)
        settings.write_setting(session, store, MAIL_TEMPLATE_KEY,
                               {"subject": clean.subject, "body": clean.body})
    return clean
