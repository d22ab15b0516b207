"""Word copies (.docx) of the minutes, the action list and both escalation letters.

A copy is rendered with docxtpl from a template with Jinja placeholders: the one that ships
with the app (``resources/templates/<kind>.docx``, made by ``tools/make_word_templates.py``)
or one the region put in its place (settings). The template gets the same data the PDF
renderer gets, as a context with Dutch names (listed by ``PLACEHOLDERS`` for the people who
edit a template), so a copy says what the PDF says and is pseudonymised the same way. Text with
line breaks is passed as a docxtpl ``Listing`` (escaped, breaks kept); everything is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from io import BytesIO
from typing import Any

from expertteam.documents.data import (
    ActionLine,
    AttendanceLine,
    CaseSection,
    DecisionLine,
    Letterhead,
    MinutesData,
    ParticipantActionList,
)
from expertteam.documents.letter_data import (
    BlockerRef,
    CaseLetter,
    ContinuityLetter,
    CountLine,
    EarlierEscalation,
    LetterFrame,
    MissedLine,
    TimelineLine,
)
from expertteam.documents.render_lock import rendered
from expertteam.documents.text import clock
from expertteam.domain.enums import ActionStatus, Attendance
from expertteam.formatting import long_date, short_date
from expertteam.i18n import N_, _
from expertteam.paths import resource

MINUTES = "verslag"
ACTION_LIST = "actielijst"
CASE_LETTER = "escalatiebrief"
CONTINUITY_LETTER = "continuiteitsbrief"
KINDS = (MINUTES, ACTION_LIST, CASE_LETTER, CONTINUITY_LETTER)
KIND_LABELS = {MINUTES: N_("Verslag"), ACTION_LIST: N_("Actielijst per deelnemer"),
               CASE_LETTER: N_("Escalatiebrief (casus)"),
               CONTINUITY_LETTER: N_("Brief aan de Jeugdautoriteit")}
MIME_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

PLACEHOLDERS = {
    "*": "briefhoofd.regio, briefhoofd.adres, briefhoofd.ondertekenaar, briefhoofd.functie, "
         "briefhoofd.voettekst, titel, documentdatum, versie",
    MINUTES: "team, datum, plaats, voorzitter, notulist, status, aanvullingen[versie, datum, "
             "tekst], aanwezigheid[organisatie, soort, persoon, status], "
             "besprekingen[nummer, kop, soort, besproken, samenvatting, besluiten[nummer, "
             "tekst], acties[...]], besluiten[nummer, casus, tekst], acties[nummer, casus, "
             "actie, actiehouder, uiterlijk, status, uitgesteld, verlopen], opmerkingen",
    ACTION_LIST: "organisatie, soort, contactpersonen, stand_per, aantal, verlopen, "
                 "acties[nummer, casus, actie, uiterlijk, uitgesteld, verlopen]",
    CASE_LETTER: "brief[aan, datum, kenmerk, betreft, contactpersoon, concept], casus, "
                 "initialen, geboortejaar, maatregelen, gemeente, gi, wacht_op, "
                 "knelpunten[soort, bij, sinds], doel, inleiding[], niet_nagekomen[deelnemer, "
                 "afspraak, termijn, uitkomst], tijdlijn[datum, deelnemer, tekst, nagekomen], "
                 "eerdere[kenmerk, aan, verzonden, status, antwoord_op, antwoord], verzoek[], "
                 "slot[]",
    CONTINUITY_LETTER: "brief[...], zorg, bij, sinds, gemeenten, knelpuntsoorten, probleem[], "
                       "kinderen, per_knelpunt[naam, aantal, aandeel], per_gemeente[...], "
                       "wachtend, mediaan, langste, afspraken, niet_nagekomen_door[naam, "
                       "aantal, keer], casusreferenties, geprobeerd[], eerdere[...], "
                       "verzoek[], slot[]",
}


class TemplateError(ValueError):
    """A template that does not render (not a .docx, or broken placeholders)."""


def shipped_template(kind: str) -> bytes:
    """The template that ships with the app for ``kind``."""
    return resource("templates", f"{kind}.docx").read_bytes()


def _text(value: str) -> Any:
    from docxtpl import Listing

    return Listing(value.strip())


def _paragraphs(text: str) -> list[Any]:
    """Free text as paragraphs: an empty line starts a new one (as in the PDF)."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return [_text(block) for block in blocks if block]


def _letterhead(letterhead: Letterhead) -> dict[str, Any]:
    return {"regio": letterhead.region_name, "adres": _text("\n".join(letterhead.address_lines)),
            "ondertekenaar": letterhead.signatory_name, "functie": letterhead.signatory_role,
            "voettekst": letterhead.footer_text}


def _action(action: ActionLine) -> dict[str, Any]:
    owner = action.owner_organisation
    if action.owner_person:
        owner = f"{owner} ({action.owner_person})"
    return {"nummer": action.number, "casus": action.child, "actie": _text(action.description),
            "actiehouder": owner, "uiterlijk": short_date(action.due_on),
            "status": action.status.label, "verlopen": _("verlopen") if action.overdue else "",
            "uitgesteld": f"{action.times_postponed}×" if action.times_postponed else "–"}


def _actions(actions: Sequence[ActionLine]) -> list[dict[str, Any]]:
    return [_action(action) for action in actions]


# --------------------------------------------------------------------------- contexts


def minutes_context(data: MinutesData, letterhead: Letterhead) -> dict[str, Any]:
    from expertteam.documents.minutes import minutes_meta

    meta = minutes_meta(data, letterhead)
    when = long_date(data.held_on, weekday=True)
    if data.starts_at is not None:
        when = f"{when}, {clock(data.starts_at)}"
    closed = data.closed_at.date() if data.closed_at else data.held_on
    return {
        "briefhoofd": _letterhead(letterhead), "titel": meta.title,
        "documentdatum": long_date(meta.document_date), "versie": data.version,
        "team": data.team_name, "datum": when, "plaats": data.place, "voorzitter": data.chair,
        "notulist": data.minute_taker,
        "status": _("Vastgesteld bij sluiting op {date}; versie {n}").format(
            date=short_date(closed), n=data.version),
        "aanvullingen": [{"versie": a.version, "datum": short_date(a.recorded_on),
                          "tekst": _text(a.text)} for a in data.addenda],
        "aanwezigheid": [{"organisatie": a.organisation, "soort": a.organisation_kind,
                          "persoon": a.person or "–", "status": a.attendance.label}
                         for a in data.attendance],
        "besprekingen": [{"nummer": s.position, "kop": s.heading, "soort": s.kind_label,
                          "besproken": s.discussed, "samenvatting": _text(s.summary),
                          "besluiten": [{"nummer": d.number, "tekst": _text(d.text)}
                                        for d in s.decisions],
                          "acties": _actions(s.new_actions)} for s in data.sections],
        "besluiten": [{"nummer": d.number, "casus": d.child, "tekst": _text(d.text)}
                      for d in data.decisions],
        "acties": _actions(data.actions),
        "opmerkingen": _text(data.notes),
    }


def participant_context(data: ParticipantActionList, letterhead: Letterhead) -> dict[str, Any]:
    from expertteam.documents.action_list import participant_meta

    meta = participant_meta(data, letterhead)
    return {
        "briefhoofd": _letterhead(letterhead), "titel": meta.title,
        "documentdatum": long_date(meta.document_date), "versie": meta.version,
        "organisatie": data.organisation, "soort": data.organisation_kind,
        "contactpersonen": ", ".join(data.contacts), "stand_per": long_date(data.as_of),
        "aantal": len(data.actions), "verlopen": data.overdue_count,
        "acties": _actions(data.actions),
    }


def _frame(frame: LetterFrame) -> dict[str, Any]:
    return {"aan": frame.addressee, "datum": long_date(frame.letter_date),
            "kenmerk": _("{reference}, versie {version}").format(reference=frame.reference,
                                                                 version=frame.version),
            "betreft": frame.subject, "contactpersoon": frame.contact, "concept": frame.concept}


def _earlier(data: CaseLetter | ContinuityLetter) -> list[dict[str, Any]]:
    return [{"kenmerk": e.reference, "aan": e.addressee,
             "verzonden": short_date(e.sent_on) or _("niet verzonden"), "status": e.status,
             "antwoord_op": short_date(e.response_on) or "–", "antwoord": _text(e.response)}
            for e in data.earlier]


def case_letter_context(data: CaseLetter) -> dict[str, Any]:
    from expertteam.documents.escalation_letter import case_letter_meta

    meta = case_letter_meta(data)
    measures = "\n".join(
        _("{kind}, uitspraak {date}").format(kind=m.kind, date=short_date(m.ruling_date))
        if m.ruling_date else m.kind for m in data.measures) or _("geen maatregel vastgelegd")
    return {
        "briefhoofd": _letterhead(data.frame.letterhead), "titel": meta.title,
        "documentdatum": long_date(meta.document_date), "versie": data.frame.version,
        "brief": _frame(data.frame), "casus": data.case_number, "initialen": data.initials,
        "geboortejaar": str(data.birth_year) if data.birth_year else "–",
        "maatregelen": _text(measures), "gemeente": data.municipality, "gi": data.gi,
        "wacht_op": data.waiting or _("nee"),
        "knelpunten": [{"soort": b.kind, "bij": b.organisation or "–",
                        "sinds": short_date(b.since) or "–"} for b in data.blockers],
        "doel": _paragraphs(data.goal), "inleiding": _paragraphs(data.introduction),
        "niet_nagekomen": [{"deelnemer": m.participant,
                            "afspraak": _text(f"{m.number}. {m.description}"),
                            "termijn": short_date(m.due_on), "uitkomst": _text(m.outcome)}
                           for m in data.missed],
        "tijdlijn": [{"datum": short_date(t.on), "deelnemer": t.participant,
                      "tekst": _text(t.text),
                      "nagekomen": _("nee") if t.missed else _("ja") if t.met else ""}
                     for t in data.timeline],
        "eerdere": _earlier(data), "verzoek": _paragraphs(data.request),
        "slot": _paragraphs(data.closing),
    }


def continuity_letter_context(data: ContinuityLetter) -> dict[str, Any]:
    from expertteam.documents.continuity_letter import continuity_letter_meta

    meta = continuity_letter_meta(data)

    def counts(lines: Sequence[Any]) -> list[dict[str, Any]]:
        return [{"naam": line.label, "aantal": line.count,
                 "aandeel": f"{round(100 * line.count / data.children)}%" if data.children
                 else "–"} for line in lines]

    def days(value: int | None) -> str:
        return "–" if value is None else _("{days} dagen (ruim {weeks} weken)").format(
            days=value, weeks=value // 7)

    subject = f"{data.subject_organisation} ({data.subject_kind})" \
        if data.subject_organisation else ""
    return {
        "briefhoofd": _letterhead(data.frame.letterhead), "titel": meta.title,
        "documentdatum": long_date(meta.document_date), "versie": data.frame.version,
        "brief": _frame(data.frame), "zorg": data.care, "bij": subject,
        "sinds": short_date(data.since) or "–", "gemeenten": ", ".join(data.municipalities),
        "knelpuntsoorten": ", ".join(data.blocker_kinds), "probleem": _paragraphs(data.problem),
        "kinderen": data.children, "per_knelpunt": counts(data.by_kind),
        "per_gemeente": counts(data.by_municipality), "wachtend": data.waiting_count,
        "mediaan": days(data.waiting_median_days), "langste": days(data.waiting_longest_days),
        "afspraken": data.agreements_total,
        "niet_nagekomen_door": [{"naam": line.label, "aantal": line.count,
                                 "keer": line.detail} for line in data.not_met_by],
        "casusreferenties": ", ".join(data.case_refs), "geprobeerd": _paragraphs(data.tried),
        "eerdere": _earlier(data), "verzoek": _paragraphs(data.request),
        "slot": _paragraphs(data.closing),
    }


# --------------------------------------------------------------------------- rendering


@rendered
def render_docx(template: bytes, context: dict[str, Any]) -> bytes:
    """``template`` filled with ``context``. Raises ``TemplateError`` when it does not render."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError as JinjaError

    try:
        document = DocxTemplate(BytesIO(template))
        document.render(context, autoescape=True)
        out = BytesIO()
        document.save(out)
    except (JinjaError, KeyError, ValueError, AttributeError, TypeError, OSError) as exc:
        raise TemplateError(str(exc)[:200]) from exc
    except Exception as exc:  # a zip or XML error from a file that is no .docx
        raise TemplateError(type(exc).__name__) from exc
    return out.getvalue()


def sample_context(kind: str) -> dict[str, Any]:
    """Fictitious data in the shape of ``kind`` (every list filled once), to check that a
    region's template renders before it is accepted."""
    day = date(2026, 11, 23)
    head = Letterhead(_("Voorbeeld expertteam"), (_("Postbus 1"),), None, _("Voorbeeld"))
    child = "ET-0000-0001 · A.B. · 2014"
    action = ActionLine(1, child, _("Voorbeeldafspraak"), _("Voorbeeldorganisatie"), "", day,
                        ActionStatus.OPEN)
    decision = DecisionLine(1, child, _("Voorbeeldbesluit"))
    if kind == MINUTES:
        return minutes_context(MinutesData(
            _("Voorbeeld expertteam"), day, None, "", "", "", None,
            (AttendanceLine(_("Voorbeeldorganisatie"), "", "", Attendance.PRESENT),),
            (CaseSection(1, child, "", _("Samenvatting"), (decision,), (action,)),),
            (decision,), (action,)), head)
    if kind == ACTION_LIST:
        return participant_context(ParticipantActionList(
            _("Voorbeeldorganisatie"), "", day, (action,)), head)
    frame = LetterFrame("ESC-0000-01", 1, day, _("Voorbeeldgeadresseerde"), _("Voorbeeld"),
                        "", True, head)
    earlier = (EarlierEscalation("ESC-0000-00", "", "", day, day, "", day, _("Antwoord")),)
    if kind == CASE_LETTER:
        return case_letter_context(CaseLetter(
            frame, "ET-0000-0001", "A.B.", 2014, (), "", "", "",
            (BlockerRef(_("Voorbeeldknelpunt"), "", day),), _("Doel"), _("Inleiding"),
            (TimelineLine(day, "", _("Voorbeeld")),),
            (MissedLine("", 1, _("Voorbeeldafspraak"), day, ""),), earlier, _("Verzoek"),
            _("Slot")))
    line = CountLine(_("Voorbeeld"), 1)
    return continuity_letter_context(ContinuityLetter(
        frame, "", "", "", day, (), (), _("Probleem"), 1, (line,), (line,), 1, 1, 1, 1,
        (line,), ("ET-0000-0001 · 2014",), earlier, _("Geprobeerd"), _("Verzoek"),
        _("Slot")))
