"""E-mail drafts (.eml) for the participants of a meeting, and for its invitation.

Nothing is sent by the app: it writes RFC 5322 messages (UTF-8) marked ``X-Unsent: 1``, which
Outlook and Thunderbird open as a draft to check and send through the region's own secure mail.
A participant's draft goes to its organisation's active contacts with an e-mail address and
carries its own action list and, where chosen, the minutes, pseudonymised unless names were
asked for. Its text comes from the region's template (``MAIL_TEMPLATE_KEY``, edited in the
settings) with placeholders, and the filled-in text passes the identity check.

``make_all_drafts`` is the one call that makes every participant's draft of a meeting into a
folder, with progress and cancel; the export dialog, the "Afronden" screen and
``expertteam drafts`` all use it.
"""

from __future__ import annotations

import json
import string
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam import clock
from expertteam.domain.enums import AuditAction
from expertteam.domain.errors import NotFoundError, ValidationError
from expertteam.formatting import long_date
from expertteam.i18n import _, ngettext
from expertteam.services import audit, documents
from expertteam.services.documents import RenderedDocument
from expertteam.services.invitations import Invitation, invitation
from expertteam.services.letterhead import LetterheadSettings, read_letterhead
from expertteam.services.letters import IdentifyingDataError, find_child_identity
from expertteam.services.store import Store
from expertteam.services.validation import clean_text
from expertteam.storage.models import (
    Action,
    AgendaItem,
    Contact,
    Meeting,
    Organisation,
    Setting,
)

MAIL_TEMPLATE_KEY = "mail_template"
PLACEHOLDERS = ("overleg", "datum", "organisatie", "regio", "ondertekenaar")
MAX_SUBJECT = 200
MAX_BODY = 4000
# RFC 5322's hard limit: Python folds a header that just misses 78 characters right after its
# colon, which leaves a leading space in the subject a mail program shows.
_POLICY = SMTP.clone(max_line_length=998)


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


def _read_template(session: Session) -> MailTemplate:
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
        return _read_template(session)


def _guard(session: Session, field: str, label: str, text: str) -> None:
    """The one identity check on a draft's text (switchable in ``find_child_identity``)."""
    findings = find_child_identity(session, text)
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
        _guard(session, "mail_template.subject", _("Het onderwerp"), clean.subject)
        _guard(session, "mail_template.body", _("De tekst"), clean.body)
        row = session.get(Setting, MAIL_TEMPLATE_KEY)
        encoded = json.dumps({"subject": clean.subject, "body": clean.body},
                             ensure_ascii=False, sort_keys=True)
        if row is None:
            session.add(Setting(key=MAIL_TEMPLATE_KEY, value=encoded))
        else:
            row.value = encoded
        audit.record(session, store, AuditAction.CHANGE, "setting", MAIL_TEMPLATE_KEY)
    return clean


# --------------------------------------------------------------------------- messages


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str
    """``type/subtype`` with parameters, e.g. ``text/calendar; method=REQUEST``."""
    data: bytes


@dataclass(frozen=True, slots=True)
class MailDraft:
    """One draft message; ``filename`` suggests a name without personal data."""

    organisation: str
    recipients: tuple[str, ...]
    subject: str
    body: str
    attachments: tuple[Attachment, ...]
    filename: str
    eml: bytes

    @property
    def has_recipients(self) -> bool:
        return bool(self.recipients)


def build_message(*, sender: tuple[str, str], recipients: Sequence[tuple[str, str]],
                  subject: str, body: str, attachments: Sequence[Attachment]) -> bytes:
    """An unsent draft as RFC 5322 bytes (CRLF line ends, UTF-8 text, base64 attachments).
    ``sender`` and each recipient are ``(name, address)``; an empty sender address leaves
    From out for the mail program to fill in."""
    message = EmailMessage(policy=_POLICY)
    name, address = sender
    if address:
        message["From"] = formataddr((name, address))
    if recipients:
        message["To"] = ", ".join(formataddr(pair) for pair in recipients)
    message["Subject"] = subject
    message["Date"] = format_datetime(clock.now().astimezone())
    message["Message-ID"] = f"<{uuid.uuid4().hex}@expertteam.invalid>"
    message["X-Unsent"] = "1"
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    for attachment in attachments:
        kind, _sep, rest = attachment.content_type.partition(";")
        maintype, subtype = kind.strip().split("/")
        params = dict(part.strip().split("=", 1) for part in rest.split(";") if "=" in part)
        params.pop("charset", None)
        message.add_attachment(attachment.data, maintype=maintype, subtype=subtype,
                               filename=attachment.filename, params=params)
    return message.as_bytes()


def _sender(letterhead: LetterheadSettings) -> tuple[str, str]:
    return letterhead.signatory_name or letterhead.region_name, letterhead.email


def _values(meeting: Meeting, organisation: str, letterhead: LetterheadSettings
            ) -> dict[str, str]:
    day = long_date(meeting.held_on)
    return {
        "overleg": _("expertteamoverleg van {date}").format(
            date=long_date(meeting.held_on, weekday=True)),
        "datum": day, "organisatie": organisation, "regio": letterhead.region_name,
        "ondertekenaar": letterhead.signatory_name or letterhead.region_name,
    }


def _fill(template: MailTemplate, values: dict[str, str]) -> tuple[str, str]:
    return template.subject.format(**values), template.body.format(**values)


def _load_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(_("Dit overleg bestaat niet (meer)."))
    return meeting


# --------------------------------------------------------------------------- participants


@dataclass(frozen=True, slots=True)
class Recipient:
    """A participant organisation of a meeting and where its draft goes."""

    organisation_id: int
    name: str
    addresses: tuple[tuple[str, str], ...]


def meeting_participants(store: Store, meeting_id: int) -> list[Recipient]:
    """The organisations a meeting's drafts go to: those invited and those owning an action
    agreed in it, in that order; each with its active contacts that have an e-mail address.
    Raises ``NotFoundError``."""
    with store.transaction() as session:
        meeting = _load_meeting(session, meeting_id)
        ids = [invitee.organisation_id for invitee in meeting.invitees]
        ids += session.scalars(
            select(Action.owner_organisation_id).join(
                AgendaItem, Action.agenda_item_id == AgendaItem.id)
            .where(AgendaItem.meeting_id == meeting_id).order_by(Action.number)).all()
        ordered = list(dict.fromkeys(ids))
        result = []
        for organisation_id in ordered:
            organisation = session.get(Organisation, organisation_id)
            if organisation is None:
                continue
            contacts = session.scalars(select(Contact).where(
                Contact.organisation_id == organisation_id, Contact.active.is_(True))
                .order_by(Contact.name)).all()
            result.append(Recipient(organisation_id, organisation.name, tuple(
                (contact.name, contact.email.strip()) for contact in contacts
                if contact.email.strip())))
        return result


def participant_draft(store: Store, meeting_id: int, recipient: Recipient, *,
                      with_names: bool = False,
                      minutes: RenderedDocument | None = None) -> MailDraft:
    """The draft for one participant: its action list attached (and ``minutes`` when given).

    Raises ``NotFoundError`` or ``IdentifyingDataError`` (the filled-in text would identify a
    child: the template or a name used as a placeholder value)."""
    actions = documents.participant_actions_pdf(store, recipient.organisation_id,
                                                with_names=with_names)
    with store.transaction() as session:
        meeting = _load_meeting(session, meeting_id)
        letterhead = read_letterhead(session)
        subject, body = _fill(_read_template(session),
                              _values(meeting, recipient.name, letterhead))
        _guard(session, "mail_template.subject", _("Het onderwerp"), subject)
        _guard(session, "mail_template.body", _("De tekst"), body)
        held_on = meeting.held_on
        audit.record(session, store, AuditAction.EXPORT, "organisation",
                     recipient.organisation_id,
                     detail=f"e-mailconcept overleg {meeting_id}; "
                            f"{'met naam' if with_names else 'gepseudonimiseerd'}")
    attached = [Attachment(actions.filename, "application/pdf", actions.pdf)]
    if minutes is not None:
        attached.insert(0, Attachment(minutes.filename, "application/pdf", minutes.pdf))
    eml = build_message(sender=_sender(letterhead), recipients=recipient.addresses,
                        subject=subject, body=body, attachments=attached)
    return MailDraft(
        organisation=recipient.name, recipients=tuple(a for _n, a in recipient.addresses),
        subject=subject, body=body, attachments=tuple(attached),
        filename=f"concept-{documents.slug(recipient.name)}-{held_on.isoformat()}.eml", eml=eml)


@dataclass(frozen=True, slots=True)
class DraftBatch:
    """What ``make_all_drafts`` wrote."""

    folder: Path
    written: tuple[Path, ...]
    without_address: tuple[str, ...]
    """Organisations whose draft has no recipient (no contact with an e-mail address)."""
    cancelled: bool

    def summary(self) -> str:
        text = ngettext("{n} e-mailconcept opgeslagen in {folder}.",
                        "{n} e-mailconcepten opgeslagen in {folder}.", len(self.written)).format(
            n=len(self.written), folder=self.folder)
        if self.without_address:
            text += " " + ngettext(
                "Zonder adres (vul het zelf in): {names}.",
                "Zonder adres (vul ze zelf in): {names}.", len(self.without_address)).format(
                names=", ".join(self.without_address))
        if self.cancelled:
            text += " " + _("Geannuleerd: de overige concepten zijn niet gemaakt.")
        return text


def iter_drafts(store: Store, meeting_id: int, *, with_names: bool = False,
                with_minutes: bool = True, cancelled: Callable[[], bool] = lambda: False
                ) -> Iterator[tuple[int, int, MailDraft]]:
    """Every participant's draft, one at a time: yields ``(done, total, draft)``. The minutes
    are rendered once for all. ``cancelled`` is asked before each draft.

    Raises ``NotFoundError``, ``StateError`` (minutes asked of a meeting not closed) or
    ``IdentifyingDataError``."""
    minutes = documents.minutes_pdf(store, meeting_id, with_names=with_names) \
        if with_minutes else None
    recipients = meeting_participants(store, meeting_id)
    for index, recipient in enumerate(recipients, start=1):
        if cancelled():
            return
        yield index, len(recipients), participant_draft(
            store, meeting_id, recipient, with_names=with_names, minutes=minutes)


def write_draft(draft: MailDraft, folder: Path) -> Path:
    """Write ``draft`` into ``folder`` (made when missing) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / draft.filename
    target.write_bytes(draft.eml)
    return target


def make_all_drafts(store: Store, meeting_id: int, folder: Path, *, with_names: bool = False,
                    with_minutes: bool = True,
                    progress: Callable[[int, int, str], None] | None = None,
                    cancelled: Callable[[], bool] = lambda: False) -> DraftBatch:
    """Every participant's e-mail draft of a meeting into ``folder``; ``progress(done, total,
    filename)`` after each. Nothing is sent.

    Raises ``NotFoundError``, ``StateError`` (the minutes of a meeting not yet closed),
    ``IdentifyingDataError`` or ``OSError`` (the folder cannot be written)."""
    written: list[Path] = []
    missing: list[str] = []
    for done, total, draft in iter_drafts(store, meeting_id, with_names=with_names,
                                          with_minutes=with_minutes, cancelled=cancelled):
        written.append(write_draft(draft, folder))
        if not draft.has_recipients:
            missing.append(draft.organisation)
        if progress is not None:
            progress(done, total, draft.filename)
    return DraftBatch(folder, tuple(written), tuple(missing), cancelled())


# --------------------------------------------------------------------------- invitation


def invitation_draft(store: Store, meeting_id: int, *, cancel: bool = False
                     ) -> tuple[MailDraft, Invitation]:
    """A draft to every invited contact with the calendar invitation (or its cancellation)
    attached as ``text/calendar; method=…``. Raises as ``invitations.invitation``."""
    invite = invitation(store, meeting_id, cancel=cancel)
    with store.transaction() as session:
        meeting = _load_meeting(session, meeting_id)
        letterhead = read_letterhead(session)
        day = long_date(meeting.held_on, weekday=True)
    if cancel:
        subject = _("Afgezegd: {summary}, {date}").format(summary=invite.summary, date=day)
        body = _("Geachte heer, mevrouw,\n\nHet expertteamoverleg van {date} gaat niet door. "
                 "De afzegging zit als agenda-item bij dit bericht.\n\nMet vriendelijke groet,"
                 "\n\n{name}\n{region}")
    else:
        subject = _("Uitnodiging: {summary}, {date}").format(summary=invite.summary, date=day)
        body = _("Geachte heer, mevrouw,\n\nU bent uitgenodigd voor het expertteamoverleg van "
                 "{date}. De uitnodiging zit als agenda-item bij dit bericht; de agenda noemt "
                 "alleen casusnummers.\n\nMet vriendelijke groet,\n\n{name}\n{region}")
    body = body.format(date=day, name=letterhead.signatory_name or letterhead.region_name,
                       region=letterhead.region_name)
    attached = (Attachment(invite.filename, invite.content_type, invite.ics),)
    eml = build_message(sender=_sender(letterhead),
                        recipients=[(a.name, a.email) for a in invite.attendees],
                        subject=subject, body=body, attachments=attached)
    kind = "afzegging" if cancel else "uitnodiging"
    return MailDraft(
        organisation="", recipients=tuple(a.email for a in invite.attendees), subject=subject,
        body=body, attachments=attached,
        filename=f"concept-{kind}-{meeting_id}-{invite.sequence}.eml", eml=eml), invite
