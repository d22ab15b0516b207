"""The minutes (verslag) of a closed meeting, with its besluitenlijst and actielijst."""

from __future__ import annotations

from collections import Counter

from reportlab.platypus import Flowable, KeepTogether

from expertteam.documents.action_list import actions_table
from expertteam.documents.blocks import Plain, data_table, facts_table, gap, heading, paragraph
from expertteam.documents.data import (
    AttendanceLine,
    CaseSection,
    DocumentMeta,
    Letterhead,
    MinutesData,
)
from expertteam.documents.render_lock import rendered
from expertteam.documents.styles import render_document
from expertteam.documents.text import clock
from expertteam.domain.enums import Attendance
from expertteam.formatting import long_date, short_date
from expertteam.i18n import _

_ATTENDANCE_ORDER = {Attendance.PRESENT: 0, Attendance.EXCUSED: 1, Attendance.ABSENT: 2,
                     Attendance.UNKNOWN: 3}


def minutes_meta(data: MinutesData, letterhead: Letterhead) -> DocumentMeta:
    document_date = data.addenda[-1].recorded_on if data.addenda else (
        data.closed_at.date() if data.closed_at is not None else data.held_on)
    return DocumentMeta(
        title=_("Verslag expertteamoverleg {date}").format(date=long_date(data.held_on)),
        subject=_("Verslag, besluitenlijst en actielijst"), author=letterhead.region_name,
        document_date=document_date, version=data.version,
        keywords=(_("verslag"), _("besluitenlijst"), _("actielijst")))


def _head(data: MinutesData) -> list[Flowable]:
    when = long_date(data.held_on, weekday=True)
    if data.starts_at is not None:
        when = f"{when}, {clock(data.starts_at)}"
    version = _("versie {n}").format(n=data.version)
    if data.version > 1:
        version += _(" (met aanvulling)")
    return [
        paragraph(_("Verslag expertteamoverleg"), "Title"),
        paragraph(data.team_name, "Subtitle"),
        facts_table([
            (_("Expertteam"), data.team_name),
            (_("Datum"), when),
            (_("Plaats"), data.place),
            (_("Voorzitter"), data.chair),
            (_("Notulist"), data.minute_taker),
            (_("Status"), _("Vastgesteld bij sluiting op {date}; {version}").format(
                date=short_date(data.closed_at.date() if data.closed_at else data.held_on),
                version=version)),
        ]),
    ]


def _attendance(lines: tuple[AttendanceLine, ...]) -> list[Flowable]:
    story = heading(_("Aanwezigheid"))
    if not lines:
        return [*story, paragraph(_("Er is geen aanwezigheid vastgelegd."))]
    counts = Counter(line.attendance for line in lines)
    summary = " · ".join(f"{status.label}: {counts[status]}" for status in _ATTENDANCE_ORDER
                         if counts[status])
    ordered = sorted(lines, key=lambda line: (_ATTENDANCE_ORDER[line.attendance],
                                              line.organisation.lower(), line.person.lower()))
    # The contact person's column only when someone was named: an empty column says nothing.
    if any(line.person for line in lines):
        headers = [_("Organisatie"), _("Soort"), _("Contactpersoon"), _("Aanwezigheid")]
        rows = [[line.organisation, line.organisation_kind, line.person or "–",
                 line.attendance.label] for line in ordered]
        widths: tuple[float, ...] = (0.38, 0.22, 0.24, 0.16)
    else:
        headers = [_("Organisatie"), _("Soort"), _("Aanwezigheid")]
        rows = [[line.organisation, line.organisation_kind, line.attendance.label]
                for line in ordered]
        widths = (0.52, 0.28, 0.20)
    story += [paragraph(summary, "BodySmall"), data_table(headers, rows, widths)]
    return story


def _section(section: CaseSection) -> list[Flowable]:
    title = f"{section.position}. {section.heading}"
    story = heading(title, "Heading2")
    lead = [paragraph(section.kind_label, "Note")]
    if not section.discussed:
        return [*story, *lead, paragraph(_("Niet besproken."))]
    body: list[Flowable] = []
    if section.summary.strip():
        body += [paragraph(_("Bespreking"), "Label"), paragraph(section.summary)]
    if section.decisions:
        body.append(paragraph(_("Besluiten"), "Label"))
        body += [paragraph(_("Besluit {n}: {text}").format(n=decision.number, text=decision.text))
                 for decision in section.decisions]
    if section.reviewed:
        body += [paragraph(_("Terugblik op eerdere afspraken"), "Label"),
                 data_table([_("Nr."), _("Afspraak"), _("Actiehouder"), _("Uitkomst")],
                            [[Plain(str(line.number)), line.description, line.owner,
                              line.outcome] for line in section.reviewed],
                            (0.06, 0.34, 0.22, 0.38), align_right=(0,))]
    if section.new_actions:
        body += [paragraph(_("Nieuwe afspraken"), "Label"),
                 actions_table(section.new_actions, child=False, status=False)]
    if not body:
        body.append(paragraph(_("Geen samenvatting, besluiten of nieuwe afspraken vastgelegd.")))
    # Keep the head of a short section together; a long one may split after its first block.
    return [*story, KeepTogether([*lead, body[0]]), *body[1:]]


def minutes_story(data: MinutesData, letterhead: Letterhead) -> list[Flowable]:
    story: list[Flowable] = _head(data)
    story += _addenda(data)
    story += _attendance(data.attendance)
    story += heading(_("Besprekingen"))
    if not data.sections:
        story.append(paragraph(_("Er stonden geen punten op de agenda.")))
    for section in data.sections:
        story += _section(section)
    if data.notes.strip():
        story += [*heading(_("Overige opmerkingen"), "Heading2"), paragraph(data.notes)]
    story += heading(_("Besluitenlijst"))
    if data.decisions:
        story.append(data_table([_("Nr."), _("Casus"), _("Besluit")],
                                [[Plain(str(d.number)), d.child, d.text]
                                 for d in data.decisions],
                                (0.06, 0.22, 0.72), align_right=(0,)))
    else:
        story.append(paragraph(_("In dit overleg zijn geen besluiten genomen.")))
    story += heading(_("Actielijst"))
    if data.actions:
        story += [paragraph(_("Alle afspraken over de besproken casussen die in dit overleg zijn "
                              "gemaakt of nog openstonden, met hun stand bij sluiting."),
                            "BodySmall"),
                  actions_table(data.actions)]
    else:
        story.append(paragraph(_("Er zijn geen afspraken over de besproken casussen.")))
    story.append(gap(2))
    return story


def _addenda(data: MinutesData) -> list[Flowable]:
    """Corrections after closing come first: whoever reads version 2 must not miss them."""
    if not data.addenda:
        return []
    story = heading(_("Aanvullingen na vaststelling"))
    for addendum in data.addenda:
        story += [paragraph(_("Aanvulling versie {n} ({date})").format(
            n=addendum.version, date=short_date(addendum.recorded_on)), "Label"),
            paragraph(addendum.text)]
    return story


@rendered
def render_minutes(data: MinutesData, letterhead: Letterhead) -> bytes:
    """The minutes as PDF bytes."""
    return render_document(minutes_story(data, letterhead), minutes_meta(data, letterhead),
                           letterhead)
