"""E-mail drafts (.eml) for the participants of a meeting, and for its invitation.

Nothing is sent by the app: it writes RFC 5322 messages (UTF-8) marked ``X-Unsent: 1``, which
Outlook and Thunderbird open as a draft to check and send through the region's own secure mail.
A participant's draft goes to its organisation's active contacts with an e-mail address and
carries its own action list and, where chosen, the minutes, pseudonymised unless names were
asked for. Its text comes from the region's template (``services.mail_template``) with
placeholders, and the filled-in text passes the identity check.

``make_all_drafts`` is the one call that makes every participant's draft of a meeting into a
folder, with progress and cancel; the export dialog, the "Afronden" screen and
``expertteam drafts`` all use it.
"""

from __future__ import annotations

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
from expertteam.domain.errors import NotFoundError
from expertteam.formatting import long_date
from expertteam.i18n import _, ngettext
from expertteam.services import documents, files
from expertteam.services.documents import RenderedDocument
from expertteam.services.files import ExportRecord
from expertteam.services.invitations import Invitation, invitation
from expertteam.services.letterhead import LetterheadSettings, read_letterhead
from expertteam.services.mail_template import MailTemplate, guard, read_template
from expertteam.services.store import Store
from expertteam.storage.models.actions import Action
from expertteam.storage.models.meetings import AgendaItem, Meeting
from expertteam.storage.models.organisations import Contact, Organisation

# RFC 5322's hard limit: Python folds a header that just misses 78 characters right after its
# colon, which leaves a leading space in the subject a mail program shows.
_POLICY = SMTP.clone(max_line_length=998)


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
    export: ExportRecord  # logged when the draft is written (``write_draft``)

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
        subject, body = _fill(read_template(session),
                              _values(meeting, recipient.name, letterhead))
        guard(session, "mail_template.subject", _("Het onderwerp"), subject)
        guard(session, "mail_template.body", _("De tekst"), body)
        held_on = meeting.held_on
    export = ExportRecord("organisation", str(recipient.organisation_id),
                          f"e-mailconcept overleg {meeting_id}; "
                          f"{'met naam' if with_names else 'gepseudonimiseerd'}")
    attached = [Attachment(actions.filename, "application/pdf", actions.pdf)]
    if minutes is not None:
        attached.insert(0, Attachment(minutes.filename, "application/pdf", minutes.pdf))
    eml = build_message(sender=_sender(letterhead), recipients=recipient.addresses,
                        subject=subject, body=body, attachments=attached)
    return MailDraft(
        organisation=recipient.name, recipients=tuple(a for _n, a in recipient.addresses),
        subject=subject, body=body, attachments=tuple(attached),
        filename=f"concept-{documents.slug(recipient.name)}-{held_on.isoformat()}.eml", eml=eml,
        export=export)


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


def write_draft(store: Store, draft: MailDraft, folder: Path) -> Path:
    """Write ``draft`` into ``folder`` (made when missing) atomically, logged as an export (a
    failed write as a failed one), and return its path. Raises ``ValidationError`` or
    ``StorageError`` (the folder cannot be written; in Dutch)."""
    return files.export_file(store, files.make_folder(folder) / draft.filename, draft.eml,
                             draft.export)


def make_all_drafts(store: Store, meeting_id: int, folder: Path, *, with_names: bool = False,
                    with_minutes: bool = True,
                    progress: Callable[[int, int, str], None] | None = None,
                    cancelled: Callable[[], bool] = lambda: False) -> DraftBatch:
    """Every participant's e-mail draft of a meeting into ``folder``; ``progress(done, total,
    filename)`` after each. Nothing is sent.

    Raises ``NotFoundError``, ``StateError`` (the minutes of a meeting not yet closed),
    ``IdentifyingDataError``, ``ValidationError`` or ``StorageError`` (the folder cannot be
    written)."""
    written: list[Path] = []
    missing: list[str] = []
    for done, total, draft in iter_drafts(store, meeting_id, with_names=with_names,
                                          with_minutes=with_minutes, cancelled=cancelled):
        written.append(write_draft(store, draft, folder))
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
        filename=f"concept-{kind}-{meeting_id}-{invite.sequence}.eml", eml=eml,
        export=invite.export), invite
