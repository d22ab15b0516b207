"""The per-participant action list, and the action table every document shares."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, Table
from reportlab.platypus.paragraph import Paragraph

from expertteam.documents.blocks import (
    Plain,
    data_table,
    facts_table,
    gap,
    heading,
    paragraph,
)
from expertteam.documents.data import ActionLine, DocumentMeta, Letterhead, ParticipantActionList
from expertteam.documents.render_lock import rendered
from expertteam.documents.styles import render_document, stylesheet
from expertteam.documents.text import markup
from expertteam.formatting import long_date, short_date
from expertteam.i18n import _, ngettext


def owner_text(action: ActionLine) -> str:
    return f"{action.owner_organisation}\n{action.owner_person}" if action.owner_person \
        else action.owner_organisation


def due_cell(action: ActionLine) -> object:
    """The due date; an overdue one says so in words and bold (not by colour)."""
    if action.overdue:
        return Paragraph(f"{short_date(action.due_on)}<br/><b>{markup(_('verlopen'))}</b>",
                         stylesheet()["Cell"])
    return Plain(short_date(action.due_on))


def actions_table(actions: Sequence[ActionLine], *, child: bool = True, owner: bool = True,
                  status: bool = True) -> Table:
    """Nr · (Casus) · Actie · (Actiehouder) · Uiterlijk · (Status) · (Verzet: how often the due
    date moved later, only when that happened to one of them)."""
    postponed = any(action.times_postponed for action in actions)
    columns: list[tuple[str, float]] = [(_("Nr."), 0.06)]
    if child:
        columns.append((_("Casus"), 0.16))
    columns.append((_("Actie"), 0.0))
    if owner:
        columns.append((_("Actiehouder"), 0.20))
    columns.append((_("Uiterlijk"), 0.12))
    if status:
        columns.append((_("Status"), 0.11))
    if postponed:
        columns.append((_("Verzet"), 0.085))
    rest = 1 - sum(share for _label, share in columns)
    widths = [share or rest for _label, share in columns]
    rows: list[list[object]] = []
    for action in actions:
        row: list[object] = [Plain(str(action.number))]
        if child:
            row.append(action.child)
        row.append(action.description)
        if owner:
            row.append(owner_text(action))
        row.append(due_cell(action))
        if status:
            row.append(action.status.label)
        if postponed:
            row.append(Plain(f"{action.times_postponed}×" if action.times_postponed else "–"))
        rows.append(row)
    return data_table([label for label, _share in columns], rows, widths,
                      align_right=(0, len(columns) - 1) if postponed else (0,))


def participant_story(data: ParticipantActionList, letterhead: Letterhead) -> list[Flowable]:
    story: list[Flowable] = [
        paragraph(_("Openstaande acties"), "Title"),
        paragraph(data.organisation, "Subtitle"),
        facts_table([
            (_("Actiehouder"), data.organisation),
            (_("Soort organisatie"), data.organisation_kind),
            (_("Contactpersonen"), ", ".join(data.contacts)),
            (_("Stand per"), long_date(data.as_of)),
            (_("Expertteam"), letterhead.region_name),
        ]),
        gap(4),
    ]
    if not data.actions:
        story.append(paragraph(_("Er staan geen acties open voor {organisation}.").format(
            organisation=data.organisation)))
    else:
        total = len(data.actions)
        summary = ngettext("{n} openstaande actie", "{n} openstaande acties", total).format(
            n=total)
        if data.overdue_count:
            summary += _(", waarvan {n} met verlopen termijn").format(n=data.overdue_count)
        story.append(paragraph(_(
            "Dit overzicht bevat de afspraken uit het expertteam waarvoor {organisation} "
            "actiehouder is en die nog openstaan, over alle casussen. Wilt u de voortgang vóór "
            "de uiterlijke datum aan het expertteam melden?").format(
                organisation=data.organisation)))
        story += heading(summary + ".", "Heading2")
        story.append(actions_table(data.actions, owner=False, status=False))
    story += signature(letterhead)
    return story


def signature(letterhead: Letterhead) -> list[Flowable]:
    """"Met vriendelijke groet" with the signatory, when one is set."""
    if not letterhead.signatory_name.strip():
        return []
    lines = [letterhead.signatory_name, letterhead.signatory_role, letterhead.region_name]
    text = "<br/>".join(markup(line) for line in lines if line.strip())
    return [gap(8), KeepTogether([paragraph(_("Met vriendelijke groet,")), gap(2),
                                  Paragraph(text, stylesheet()["Body"])])]


def participant_meta(data: ParticipantActionList, letterhead: Letterhead) -> DocumentMeta:
    return DocumentMeta(
        title=_("Openstaande acties {organisation} per {date}").format(
            organisation=data.organisation, date=short_date(data.as_of)),
        subject=_("Actielijst per deelnemer"), author=letterhead.region_name,
        document_date=data.as_of, keywords=(_("actielijst"), _("expertteam")))


@rendered
def render_participant_actions(data: ParticipantActionList, letterhead: Letterhead) -> bytes:
    """The open actions of one organisation as PDF bytes."""
    return render_document(participant_story(data, letterhead),
                           participant_meta(data, letterhead), letterhead)
