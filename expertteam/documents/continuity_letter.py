"""The continuity letter to the Jeugdautoriteit: a threat to the continuity of crucial youth
care, with the expertteam's cases as aggregated, anonymous evidence.

The letter names the care, the provider or GI, since when and which gemeenten; it gives counts
(children by blocker kind and by gemeente, waiting times, agreements not met by whom) and only
pseudonymous case references (case number and birth year); it says what the region already
tried (earlier escalations and their answers) and what it asks. It never holds a child's name,
BSN, address or birth date: the service refuses such text before it gets here.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from expertteam.documents.blocks import data_table, facts_table, gap, heading, paragraph
from expertteam.documents.data import DocumentMeta
from expertteam.documents.letter_data import ContinuityLetter, CountLine
from expertteam.documents.letter_parts import (
    closing,
    earlier_table,
    letter_meta,
    opening,
    text_block,
)
from expertteam.documents.render_lock import rendered
from expertteam.documents.styles import render_document
from expertteam.formatting import short_date
from expertteam.i18n import _, ngettext


def continuity_letter_meta(data: ContinuityLetter) -> DocumentMeta:
    return letter_meta(data.frame, _("Melding continuïteit van zorg ({reference})").format(
        reference=data.frame.reference),
        _("Signaal aan de Jeugdautoriteit: continuïteit van cruciale jeugdzorg"))


def _days(days: int | None) -> str:
    if days is None:
        return "–"
    return _("{days} dagen (ruim {weeks} weken)").format(days=days, weeks=days // 7)


def _counts(title: str, lines: tuple[CountLine, ...], total: int) -> Flowable:
    return data_table([title, _("Kinderen"), _("Aandeel")],
                      [[line.label, str(line.count),
                        f"{round(100 * line.count / total)}%" if total else "–"]
                       for line in lines], (0.64, 0.16, 0.2))


def continuity_letter_story(data: ContinuityLetter) -> list[Flowable]:
    story = opening(data.frame)
    story += heading(_("Het probleem"))
    story += text_block(data.problem)
    facts = [(_("Welke zorg"), data.care)] if data.care else []
    if data.subject_organisation:
        facts.append((_("Bij"), f"{data.subject_organisation} ({data.subject_kind})"))
    facts += [
        (_("Sinds"), short_date(data.since) or "–"),
        (_("Gemeenten"), ", ".join(data.municipalities)),
        (_("Knelpunten"), ", ".join(data.blocker_kinds)),
    ]
    story.append(facts_table(facts, label_share=0.22))
    story += heading(_("De feiten"))
    story.append(paragraph(ngettext(
        "Het expertteam heeft {n} kind in beeld bij wie dit probleem speelt.",
        "Het expertteam heeft {n} kinderen in beeld bij wie dit probleem speelt.",
        data.children).format(n=data.children)))
    story.append(_counts(_("Knelpunt"), data.by_kind, data.children))
    story.append(paragraph(_("Een kind kan meer dan één knelpunt hebben; de aandelen tellen "
                             "daarom niet op tot 100%."), "Note"))
    story.append(gap(2))
    story.append(_counts(_("Gemeente"), data.by_municipality, data.children))
    story += heading(_("Wachttijd"), "Heading2")
    story.append(facts_table([
        (_("Kinderen die wachten"), str(data.waiting_count)),
        (_("Mediaan"), _days(data.waiting_median_days)),
        (_("Langste"), _days(data.waiting_longest_days)),
    ], label_share=0.3))
    story += heading(_("Niet nagekomen afspraken"), "Heading2")
    story.append(paragraph(ngettext(
        "Voor deze kinderen is in het expertteam {n} afspraak gemaakt.",
        "Voor deze kinderen zijn in het expertteam {n} afspraken gemaakt.",
        data.agreements_total).format(n=data.agreements_total)))
    if data.not_met_by:
        story.append(data_table(
            [_("Organisatie"), _("Afspraken niet nagekomen"), _("Keer")],
            [[line.label, str(line.count), line.detail] for line in data.not_met_by],
            (0.56, 0.26, 0.18)))
    else:
        story.append(paragraph(_("Geen van deze afspraken is als niet nagekomen "
                                 "geregistreerd.")))
    story += heading(_("Casusreferenties (gepseudonimiseerd)"), "Heading2")
    story.append(paragraph(", ".join(data.case_refs)))
    story.append(paragraph(_("Casusnummer en geboortejaar; de casussen zelf blijven bij het "
                             "expertteam. Deze brief bevat geen namen, BSN's, adressen of "
                             "geboortedata van kinderen."), "Note"))
    story += heading(_("Wat de regio al heeft gedaan"))
    story += text_block(data.tried)
    if data.earlier:
        story += earlier_table(data.earlier)
    story += heading(_("Ons verzoek"))
    story += text_block(data.request)
    story += closing(data.frame, data.closing)
    return story


@rendered
def render_continuity_letter(data: ContinuityLetter) -> bytes:
    """The continuity letter to the Jeugdautoriteit as PDF bytes."""
    return render_document(continuity_letter_story(data), continuity_letter_meta(data),
                           data.frame.letterhead)
