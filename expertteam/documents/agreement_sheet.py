"""The per-child agreement sheet (afsprakenoverzicht): goal, measures, blockers, agreements."""

from __future__ import annotations

from reportlab.platypus import Flowable

from expertteam.documents.action_list import actions_table, owner_text
from expertteam.documents.blocks import data_table, facts_table, gap, heading, paragraph
from expertteam.documents.data import AgreementLine, AgreementSheet, DocumentMeta, Letterhead
from expertteam.documents.render_lock import rendered
from expertteam.documents.styles import render_document
from expertteam.formatting import long_date, short_date
from expertteam.i18n import _


def sheet_meta(data: AgreementSheet, letterhead: Letterhead) -> DocumentMeta:
    return DocumentMeta(
        title=_("Afsprakenoverzicht {case_number}").format(case_number=data.case_number),
        subject=_("Doorbraakplan: doel, knelpunten en afspraken"), author=letterhead.region_name,
        document_date=data.as_of, keywords=(_("afsprakenoverzicht"), _("doorbraakplan")))


def _waiting(data: AgreementSheet) -> str:
    if not data.waiting_for:
        return _("Nee")
    if data.waiting_since is None:
        return data.waiting_for
    days = (data.as_of - data.waiting_since).days
    return _("{what}, sinds {date} ({days} dagen)").format(
        what=data.waiting_for, date=short_date(data.waiting_since), days=days)


def _history(agreement: AgreementLine) -> list[Flowable]:
    action = agreement.action
    title = _("Actie {n}: {description}").format(n=action.number, description=action.description)
    facts = _("Actiehouder: {owner} · uiterlijk {due} · status: {status}").format(
        owner=owner_text(action).replace("\n", ", "), due=short_date(action.due_on),
        status=action.status.label)
    if action.overdue:
        facts += _(" · termijn verlopen")
    story = [*heading(title, "Label"), paragraph(facts, "BodySmall")]
    if agreement.history:
        rows = [[short_date(line.on), line.text, line.meeting or "–"]
                for line in agreement.history]
        story.append(data_table([_("Datum"), _("Verloop"), _("Overleg")], rows,
                                (0.14, 0.64, 0.22)))
    else:
        story.append(paragraph(_("Geen wijzigingen sinds de afspraak."), "Note"))
    story.append(gap(2))
    return story


def sheet_story(data: AgreementSheet, letterhead: Letterhead) -> list[Flowable]:
    story: list[Flowable] = [
        paragraph(_("Afsprakenoverzicht"), "Title"),
        paragraph(data.child, "Subtitle"),
        facts_table([
            (_("Casus"), data.child),
            (_("Casusnummer"), data.case_number),
            (_("Status"), data.status),
            (_("Aangemeld op"), short_date(data.referred_on)),
            (_("Gemeente (regie)"), data.municipality),
            (_("Gecertificeerde instelling"), data.gi),
            (_("Jeugdbeschermer"), data.jeugdbeschermer),
            (_("Wacht op"), _waiting(data)),
            (_("Stand per"), long_date(data.as_of)),
            (_("Opgesteld door"), ", ".join(part for part in (
                letterhead.signatory_name, letterhead.signatory_role) if part.strip())),
        ]),
        *heading(_("Doorbraakdoel")),
        paragraph(data.goal or _("Er is nog geen doel vastgelegd.")),
        *heading(_("Maatregelen")),
    ]
    if data.measures:
        story.append(data_table(
            [_("Maatregel"), _("Uitspraak"), _("GI belast op"), _("Einddatum")],
            [[m.kind, short_date(m.ruling_date) or "–", short_date(m.gi_charged_on) or "–",
              short_date(m.end_date) or "–"] for m in data.measures],
            (0.49, 0.17, 0.17, 0.17)))
    else:
        story.append(paragraph(_("Er is geen maatregel vastgelegd.")))
    story += heading(_("Knelpunten"))
    if data.blockers:
        story.append(data_table(
            [_("Knelpunt"), _("Organisatie"), _("Sinds"), _("Opgelost"), _("Toelichting")],
            [[b.kind, b.organisation or "–", short_date(b.since) or "–",
              short_date(b.resolved_on) or _("nee"), b.note or "–"] for b in data.blockers],
            (0.25, 0.2, 0.12, 0.12, 0.31)))
    else:
        story.append(paragraph(_("Er zijn geen knelpunten vastgelegd.")))
    story += heading(_("Afspraken"))
    if data.agreements:
        story.append(actions_table([a.action for a in data.agreements], child=False))
        story += heading(_("Verloop per afspraak"))
        for agreement in data.agreements:
            story += _history(agreement)
    else:
        story.append(paragraph(_("Er zijn nog geen afspraken gemaakt.")))
    return story


@rendered
def render_agreement_sheet(data: AgreementSheet, letterhead: Letterhead) -> bytes:
    """The agreement sheet of one child as PDF bytes."""
    return render_document(sheet_story(data, letterhead), sheet_meta(data, letterhead),
                           letterhead)
