"""The demo region: Westfriesland (JZ05) with fictional children, as in seed 001.

Seven gemeenten, four GI's, a dozen providers, OZJ, an expertisenetwerk and the
Jeugdautoriteit; fifteen fictional children, most waiting for passende jeugdhulp and two for a
vaste jeugdbeschermer, across all statuses. Dates are relative to today so terms look live.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from expertteam import clock
from expertteam.domain.enums import (
    BlockerKind,
    CaseStatus,
    ClosingResult,
    MeasureKind,
    OrganisationKind,
    WaitingFor,
)
from expertteam.domain.errors import StateError
from expertteam.domain.workdays import add_months
from expertteam.i18n import _
from expertteam.services import case_register, cases, decisions, organisations, regions
from expertteam.services.case_data import BlockerInput, CaseInput, MeasureInput
from expertteam.services.organisations import ContactInput, OrganisationInput
from expertteam.services.store import Store

MUNICIPALITIES = (
    ("Drechterland", "GM0498"), ("Enkhuizen", "GM0388"), ("Hoorn", "GM0405"),
    ("Koggenland", "GM1598"), ("Medemblik", "GM0420"), ("Opmeer", "GM0431"),
    ("Stede Broec", "GM0532"),
)
GIS = ("Jeugdbescherming Noord", "William Schrikker Jeugdbescherming",
       "Leger des Heils Jeugdbescherming & Reclassering", "Jeugdbescherming West")
GI_KVK = ("90000011", "90000022", "90000033", "90000044")  # fictional KvK numbers
PROVIDERS = (
    "De Kustlijn Jeugdhulp", "Stichting Polderkracht", "Gezinshuis De Linde",
    "JeugdzorgPlus De Dijk", "GGZ Jong Westfriesland", "Pleegzorg Noord-Holland Noord",
    "Behandelgroep 't Blauwe Huis", "Verslavingszorg Noorderlicht", "Kind & Co Ambulant",
    "Jeugdhulp Zuiderzee", "Jeugd-GGZ De Brug", "Zorgboerderij Het Wiel",
)
OTHERS = (
    (OrganisationKind.OZJ, "Ondersteuningsteam Zorg voor de Jeugd (OZJ)"),
    (OrganisationKind.EXPERTISE_NETWORK, "Bovenregionaal Expertisenetwerk Noord-Holland"),
    (OrganisationKind.JEUGDAUTORITEIT, "Jeugdautoriteit"),
    (OrganisationKind.RAAD, "Raad voor de Kinderbescherming, regio Noord-Holland"),
    (OrganisationKind.VEILIG_THUIS, "Veilig Thuis Noord-Holland Noord"),
    (OrganisationKind.LOCAL_TEAM, "Sociaal Team Hoorn"),
    (OrganisationKind.LOCAL_TEAM, "CJG Medemblik"),
)
JEUGDBESCHERMERS = (
    ("Sanne Bakker", 0), ("Mohamed El Amrani", 0), ("Ilse de Groot", 1),
    ("Joris Veenstra", 2), ("Fatma Yılmaz", 3),
)


@dataclass(frozen=True)
class _Child:
    given: str
    surname: str
    age_years: int
    municipality: int
    gi: int
    status: CaseStatus
    waiting_for: WaitingFor | None
    waiting_days: int
    measure: MeasureKind
    blockers: tuple[tuple[BlockerKind, int | None], ...]
    goal: str
    jeugdbeschermer: int | None = None
    closing: ClosingResult | None = None


CHILDREN = (
    _Child("Noël", "de Vries", 14, 2, 0, CaseStatus.ACTIVE, WaitingFor.PASSENDE_JEUGDHULP, 130,
           MeasureKind.OTS, ((BlockerKind.WAITING_LIST, 4), (BlockerKind.FINANCING_DISPUTE, None)),
           "Binnen 6 weken start intensieve ambulante jeugd-GGZ.", 0),
    _Child("Chloë", "Jansen", 9, 4, 0, CaseStatus.ACTIVE, WaitingFor.PLACEMENT, 96,
           MeasureKind.MACHTIGING_UHP, ((BlockerKind.PLACEMENT_UNAVAILABLE, 2),),
           "Plaatsing in een gezinshuis in de regio, zodat school behouden blijft.", 1),
    _Child("Daan", "Visser", 16, 2, 1, CaseStatus.ACTIVE, WaitingFor.PASSENDE_JEUGDHULP, 171,
           MeasureKind.JR_GEDWONGEN, ((BlockerKind.ADMISSION_STOP, 3),),
           "Passende behandelplek met beveiliging binnen 4 weken.", 2),
    _Child("Zoë", "Bos", 7, 0, 0, CaseStatus.REFERRED, WaitingFor.VASTE_JEUGDBESCHERMER, 12,
           MeasureKind.VOORLOPIGE_OTS, ((BlockerKind.NO_VASTE_JEUGDBESCHERMER, None),),
           "Vaste jeugdbeschermer toegewezen en eerste contact binnen 5 werkdagen."),
    _Child("Anaïs", "Meijer", 12, 5, 1, CaseStatus.ACTIVE, WaitingFor.PASSENDE_JEUGDHULP, 88,
           MeasureKind.OTS, ((BlockerKind.NO_CONTRACTED_OFFER, None),),
           "Maatwerkarrangement traumabehandeling en ouderbegeleiding.", 2),
    _Child("Sem", "Mulder", 15, 3, 2, CaseStatus.MONITORING, WaitingFor.PASSENDE_JEUGDHULP, 60,
           MeasureKind.OTS, ((BlockerKind.INDICATION_RECONSIDERED, None),),
           "Gemeente volgt indicatie GI; hulp start zonder nieuwe beoordeling.", 3),
    _Child("Liam", "Smit", 11, 6, 0, CaseStatus.ACTIVE, WaitingFor.PASSENDE_JEUGDHULP, 104,
           MeasureKind.OTS, ((BlockerKind.PARENT_CARE_UNAVAILABLE, 7),),
           "Verslavingszorg voor moeder gestart, zodat thuisplaatsing kan blijven.", 0),
    _Child("Eva", "van Dijk", 13, 2, 3, CaseStatus.ACTIVE, WaitingFor.PASSENDE_JEUGDHULP, 45,
           MeasureKind.OTS, ((BlockerKind.REFUSED_BY_PROVIDER, 6),),
           "Behandelgroep die Eva aanneemt, met overdracht binnen 2 weken.", 4),
    _Child("Mila", "Hendriks", 5, 1, 1, CaseStatus.REFERRED, WaitingFor.VASTE_JEUGDBESCHERMER, 9,
           MeasureKind.OTS, ((BlockerKind.NO_VASTE_JEUGDBESCHERMER, None),),
           "Vaste jeugdbeschermer binnen 2 weken."),
    _Child("Finn", "Dekker", 17, 4, 2, CaseStatus.ACTIVE, WaitingFor.PLACEMENT, 140,
           MeasureKind.JR_GEDWONGEN, ((BlockerKind.PLACEMENT_UNAVAILABLE, 3),
                                      (BlockerKind.FINANCING_DISPUTE, None)),
           "JeugdzorgPlus-plek of verantwoord alternatief, afgesproken tussen gemeenten.", 3),
    _Child("Yara", "Bakker", 10, 0, 0, CaseStatus.MONITORING, WaitingFor.PASSENDE_JEUGDHULP, 70,
           MeasureKind.OTS, ((BlockerKind.WAITING_LIST, 8),),
           "Ambulante gezinsbehandeling gestart; monitoren tot week 12.", 1),
    _Child("Jesse", "Kok", 14, 3, 1, CaseStatus.REFERRED, WaitingFor.PASSENDE_JEUGDHULP, 20,
           MeasureKind.VOORLOPIGE_OTS, ((BlockerKind.WAITING_LIST, 10),),
           "Crisisplek omzetten naar passende behandeling.", 2),
    _Child("Sára", "Koç", 8, 5, 3, CaseStatus.ACTIVE, WaitingFor.PASSENDE_JEUGDHULP, 115,
           MeasureKind.VOOGDIJ, ((BlockerKind.WAITING_LIST, 4),),
           "Jeugd-GGZ met traumabehandeling binnen 8 weken.", 4),
    _Child("Thijs", "Peters", 13, 6, 0, CaseStatus.CLOSED, None, 0,
           MeasureKind.OTS, (), "Passende behandeling gestart.", 0, ClosingResult.HELP_STARTED),
    _Child("Lotte", "Willems", 6, 1, 2, CaseStatus.CLOSED, None, 0,
           MeasureKind.OTS, (), "Pleeggezin gevonden.", 3, ClosingResult.PLACED),
)


def load_demo(store: Store, *, with_meetings: bool = True) -> int:
    """Fill an empty database with the demo region. Returns the number of children added.

    With ``with_meetings`` the region also gets its history: two closed meetings with
    attendance, decisions and actions (some done, some not met, some overdue) and the next
    meeting planned with its proposed agenda.

    Raises ``StateError`` when the database already has cases."""
    if case_register.count_cases(store):
        raise StateError(_("De database bevat al casussen; de demoregio wordt alleen in een "
                           "lege database geladen."))
    regions.set_region(store, "JZ05", _("Expertteam Westfriesland"))
    today = store.today()
    kinds = OrganisationKind

    def add(kind: OrganisationKind, name: str, cbs: str | None = None) -> int:
        return organisations.create_organisation(store, OrganisationInput(kind, name, cbs)).id

    municipality_ids = [add(kinds.MUNICIPALITY, name, code) for name, code in MUNICIPALITIES]
    gi_ids = [organisations.create_organisation(store, OrganisationInput(
        kinds.GI, name, kvk_number=kvk)).id for name, kvk in zip(GIS, GI_KVK, strict=True)]
    provider_ids = [add(kinds.PROVIDER, name) for name in PROVIDERS]
    for kind, name in OTHERS:
        add(kind, name)
    contact_ids = [
        organisations.create_contact(store, ContactInput(
            gi_ids[gi], name, _("Jeugdbeschermer"),
            f"{name.split()[0].lower()}@gi-{gi + 1}.example.nl", "0229 700 1" + f"{i:02d}")).id
        for i, (name, gi) in enumerate(JEUGDBESCHERMERS)
    ]
    for index, name in enumerate(("Wethouder-adviseur jeugd", "Contractmanager jeugdhulp")):
        organisations.create_contact(store, ContactInput(
            municipality_ids[2], ("Petra Zwart", "Kees Blom")[index], name,
            ("p.zwart", "k.blom")[index] + "@hoorn.example.nl"))
    organisations.create_contact(store, ContactInput(
        provider_ids[4], "Anouk Vermeulen", _("Zorgcoördinator"), "a.vermeulen@ggzjong.example.nl"))

    case_ids: list[int] = []
    for index, child in enumerate(CHILDREN):
        referred = today - timedelta(days=max(child.waiting_days, 14) + 10 + index)
        waiting_since = today - timedelta(days=child.waiting_days) if child.waiting_for else None
        gi_id = gi_ids[child.gi]
        jeugdbeschermer = None
        if child.jeugdbeschermer is not None:
            name, gi_index = JEUGDBESCHERMERS[child.jeugdbeschermer]
            if gi_index == child.gi:
                jeugdbeschermer = contact_ids[child.jeugdbeschermer]
        ruling = referred - timedelta(days=30 + index * 3)
        charged = ruling + timedelta(days=2)
        late_contact = child.waiting_for is WaitingFor.VASTE_JEUGDBESCHERMER
        measure = MeasureInput(
            kind=child.measure, ruling_date=ruling,
            gi_charged_on=None if child.measure is MeasureKind.MACHTIGING_UHP else charged,
            first_contact_on=None if late_contact else charged + timedelta(days=3 + index % 5),
            plan_on=None if late_contact or index % 4 == 0 else charged + timedelta(days=35))
        measures = [measure]
        if child.measure is MeasureKind.MACHTIGING_UHP:
            measures.insert(0, MeasureInput(MeasureKind.OTS, ruling - timedelta(days=60),
                                            ruling - timedelta(days=58),
                                            ruling - timedelta(days=55),
                                            ruling - timedelta(days=20)))
        birth = date(today.year - child.age_years, 1 + index % 12, 1 + (index * 7) % 28)
        data = CaseInput(
            given_names=child.given, surname=child.surname, referred_on=referred,
            birth_date=birth, municipality_id=municipality_ids[child.municipality],
            gi_id=gi_id, jeugdbeschermer_id=jeugdbeschermer,
            referred_by_id=gi_id if index % 3 else municipality_ids[child.municipality],
            referred_by_name="", referral_question=_(
                "Lokale doorbraak is niet gelukt; afspraken tussen gemeente, GI en aanbieder "
                "komen niet tot uitvoering."),
            goal=child.goal, waiting_for=child.waiting_for, waiting_since=waiting_since,
            status=CaseStatus.ACTIVE if child.status is CaseStatus.CLOSED else child.status,
            measures=measures,
            blockers=[BlockerInput(kind, provider_ids[provider] if provider is not None else None,
                                   since=waiting_since or referred)
                      for kind, provider in child.blockers])
        # Entered before the monitor of this month was published, unless a date came later.
        entered = published_on(today) - timedelta(days=1)
        latest = max(d for d in (waiting_since, *(m.plan_on for m in measures),
                                 *(m.first_contact_on for m in measures), referred) if d)
        with clock.pinned(entered if latest <= entered else today):
            created = cases.create_case(store, data)
        case_ids.append(created.id)
        if child.closing is not None:
            cases.close_case(store, created.id, child.closing, today - timedelta(days=5 + index),
                             _("Doel bereikt; afgeschaald naar de GI."))
    if with_meetings:
        _load_meeting_history(store, today, case_ids, municipality_ids, gi_ids, provider_ids)
        _load_monitor_history(store, today, case_ids, municipality_ids, gi_ids)
    return len(CHILDREN)


def meetmomenten(today: date) -> tuple[date, date, date]:
    """The region's three meetmomenten of the last year, as the minister's monitor has them:
    the first of the month, every four months, the latest this month."""
    latest = date(today.year, today.month, 1)
    return add_months(latest, -8), add_months(latest, -4), latest


def published_on(today: date) -> date:
    """The latest meetmoment's figures were published three days after it."""
    return min(meetmomenten(today)[-1] + timedelta(days=3), today)


def _load_monitor_history(store: Store, today: date, case_ids: list[int],
                          municipality_ids: list[int], gi_ids: list[int]) -> None:
    """The GI's figures at the three meetmomenten, the latest one published, and a start of
    help entered after the publication but dated before the meetmoment: the published figures
    stay as they were and the monitor shows the correction."""
    from expertteam.services import gi_figures, monitor_publication
    from expertteam.services.gi_figures import GiFigureInput

    latest = meetmomenten(today)[-1]
    served = sorted({(child.gi, child.municipality) for child in CHILDREN} |
                    {(gi, (gi * 2 + 1) % len(municipality_ids)) for gi in range(len(gi_ids))})
    for number, meetmoment in enumerate(meetmomenten(today)):
        if meetmoment >= today:
            continue
        with clock.pinned(min(meetmoment + timedelta(days=2), today)):
            gi_figures.save_gi_figures(store, meetmoment, [
                GiFigureInput(gi_ids[gi], municipality_ids[mun],
                              waiting_jeugdbeschermer=(gi + mun + number) % 4,
                              waiting_jeugdhulp=2 + (gi * 3 + mun + number * 2) % 5,
                              jeugdbeschermers=6 + (gi * 5 + mun) % 7,
                              caseload=round(13.5 + (gi + mun + number) % 6 * 0.7, 1),
                              measure_waiting_days=18 + (gi * 7 + mun * 3 + number * 5) % 30)
                for gi, mun in served], source=_("opgave GI"))
    if published_on(today) >= today:
        return
    with clock.pinned(published_on(today)):
        monitor_publication.publish_monitor(store, latest)
    sem = case_ids[5]
    detail = cases.get_case(store, sem)
    help_on = latest - timedelta(days=6)
    if detail.waiting_since is not None and detail.waiting_since <= help_on:
        cases.update_case(store, sem, replace(detail.to_input(), help_started_on=help_on),
                          confirmed=True)


CHAIR = "Marieke de Boer"
MINUTE_TAKER = "Joost Kramer"
PLACE = "Stadhuis Hoorn, zaal De Roode Steen"


def _load_meeting_history(store: Store, today: date, case_ids: list[int],
                          municipality_ids: list[int], gi_ids: list[int],
                          provider_ids: list[int]) -> None:
    """Two closed meetings four and two weeks ago, and the next one planned in three days.

    The past meetings are recorded on their own days: the clock is pinned to each day while
    its events are recorded, so every stamp tells when it happened."""
    from expertteam.domain.enums import ActionStatus, Attendance
    from expertteam.domain.workdays import add_working_days
    from expertteam.services import actions, agenda, meeting_invitees, meetings
    from expertteam.services.actions import ActionInput
    from expertteam.services.meeting_data import InviteeInput, MeetingInput

    hoorn, medemblik, opmeer = municipality_ids[2], municipality_ids[4], municipality_ids[5]
    stede_broec = municipality_ids[6]
    gi_noord, gi_wss = gi_ids[0], gi_ids[1]
    ggz_jong, gezinshuis = provider_ids[4], provider_ids[2]
    invited = [hoorn, medemblik, opmeer, stede_broec, gi_noord, gi_wss, ggz_jong, gezinshuis]

    def meeting_on(day: date) -> tuple[int, dict[int, int]]:
        info = meetings.plan_meeting(store, MeetingInput(
            held_on=day, place=PLACE, chair_name=CHAIR, minute_taker_name=MINUTE_TAKER),
            [InviteeInput(org) for org in invited])
        for invitee in meetings.get_meeting(store, info.id).invitees:
            attendance = {ggz_jong: Attendance.EXCUSED, opmeer: Attendance.ABSENT}.get(
                invitee.organisation_id, Attendance.PRESENT)
            meeting_invitees.set_attendance(store, invitee.id, attendance)
        items = {item.case_id: item.id for item in agenda.fill_agenda(store, info.id).agenda
                 if item.case_id is not None}
        meetings.start_meeting(store, info.id)
        return info.id, items

    def item_for(meeting_id: int, items: dict[int, int], case_id: int) -> int:
        if case_id not in items:
            items[case_id] = agenda.add_agenda_item(store, meeting_id, case_id=case_id).id
        return items[case_id]

    noel, chloe, daan, anais, liam = (case_ids[i] for i in (0, 1, 2, 4, 6))

    # Four weeks ago: the first round of agreements.
    first_day = today - timedelta(days=28)
    agreed: dict[str, int] = {}
    with clock.pinned(first_day):
        first, items = meeting_on(first_day)
        due = add_working_days(first_day, 10)
        for case_id, summary, decision, todo in (
            (noel, _("Wachtlijst jeugd-GGZ; gemeenten oneens over woonplaats."),
             _("Gemeente Hoorn neemt de regie; financiering wordt achteraf verrekend."),
             (("noel_ggz", _("Intake intensieve ambulante jeugd-GGZ plannen"), ggz_jong),
              ("noel_fin", _("Voorfinanciering vastleggen en bevestigen aan GI"), hoorn))),
            (chloe, _("Geen gezinshuisplek in de regio; school wil Chloë behouden."),
             _("Gezinshuis De Linde onderzoekt een extra plek."),
             (("chloe_plek", _("Plaatsingsmogelijkheid gezinshuis toetsen"), gezinshuis),)),
            (daan, _("Opnamestop JeugdzorgPlus; crisisplek loopt af."),
             _("GI vraagt bovenregionaal expertisenetwerk om advies."),
             (("daan_advies", _("Adviesvraag expertisenetwerk indienen"), gi_wss),)),
            (anais, _("Geen gecontracteerd aanbod voor deze combinatie van hulp."),
             _("Maatwerk wordt uitgewerkt door gemeente en GI samen."),
             (("anais_maatwerk", _("Maatwerkvoorstel traumabehandeling opstellen"), opmeer),)),
        ):
            item = item_for(first, items, case_id)
            agenda.set_summary(store, item, summary)
            decisions.add_decision(store, item, decision)
            for key, description, owner in todo:
                agreed[key] = actions.create_action(store, ActionInput(
                    case_id=case_id, description=description, owner_organisation_id=owner,
                    due_on=due, agenda_item_id=item)).id
        meetings.close_meeting(store, first)

    # Two weeks ago: some agreements met, some not; new ones made.
    second_day = today - timedelta(days=14)
    with clock.pinned(second_day):
        second, items = meeting_on(second_day)
        actions.change_action_status(store, agreed["noel_fin"], ActionStatus.DONE,
                                     _("Bevestigd per e-mail."), meeting_id=second)
        actions.change_action_status(store, agreed["chloe_plek"], ActionStatus.DONE,
                                     meeting_id=second)
        actions.change_action_status(store, agreed["noel_ggz"], ActionStatus.NOT_DONE,
                                     _("Geen intakeplek beschikbaar binnen de termijn."),
                                     meeting_id=second)
        item = item_for(second, items, noel)
        decisions.add_decision(store, item,
                               _("Intake opnieuw afgesproken; bij uitblijven escaleren."))
        agreed["noel_ggz2"] = actions.create_action(store, ActionInput(
            case_id=noel, description=_("Intake jeugd-GGZ alsnog plannen"),
            owner_organisation_id=ggz_jong, due_on=add_working_days(second_day, 5),
            agenda_item_id=item)).id
        item = item_for(second, items, liam)
        agenda.set_summary(store, item, _("Verslavingszorg voor moeder heeft een wachttijd van "
                                          "16 weken."))
        decisions.add_decision(store, item, _("Gemeente Stede Broec zoekt een alternatief aanbod."))
        actions.create_action(store, ActionInput(
            case_id=liam, description=_("Alternatief aanbod verslavingszorg uitzoeken"),
            owner_organisation_id=stede_broec, due_on=add_working_days(second_day, 15),
            agenda_item_id=item))
        meetings.close_meeting(store, second)

    # Since then: the second intake was not met either.
    with clock.pinned(today - timedelta(days=3)):
        actions.change_action_status(store, agreed["noel_ggz2"], ActionStatus.NOT_DONE,
                                     _("Intake opnieuw verschoven door personeelstekort."))

    # The next meeting, in three days, with its proposed agenda.
    upcoming = meetings.plan_meeting(store, MeetingInput(
        held_on=today + timedelta(days=3), place=PLACE, chair_name=CHAIR,
        minute_taker_name=MINUTE_TAKER), [InviteeInput(org) for org in invited])
    agenda.fill_agenda(store, upcoming.id)
