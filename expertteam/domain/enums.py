"""Enumerations of the domain with their Dutch labels (see PRODUCT.md's glossary)."""

from __future__ import annotations

from enum import StrEnum

from expertteam.i18n import N_, _


class LabelledEnum(StrEnum):
    """A string enum whose members carry a Dutch label for display."""

    @property
    def label(self) -> str:
        return _(_LABELS[(type(self), self.value)])


class OrganisationKind(LabelledEnum):
    MUNICIPALITY = "municipality"
    GI = "gi"
    PROVIDER = "provider"
    OZJ = "ozj"
    EXPERTISE_NETWORK = "expertise_network"
    LOCAL_TEAM = "local_team"
    RAAD = "raad"
    VEILIG_THUIS = "veilig_thuis"
    JEUGDAUTORITEIT = "jeugdautoriteit"
    OTHER = "other"


class MeasureKind(LabelledEnum):
    OTS = "ots"
    VOORLOPIGE_OTS = "voorlopige_ots"
    VOOGDIJ = "voogdij"
    VOORLOPIGE_VOOGDIJ = "voorlopige_voogdij"
    TIJDELIJKE_VOOGDIJ = "tijdelijke_voogdij"
    MACHTIGING_UHP = "machtiging_uhp"
    JR_GEDWONGEN = "jr_gedwongen"
    JR_VRIJWILLIG = "jr_vrijwillig"
    ITB_HARDE_KERN = "itb_harde_kern"
    ITB_CRIEM = "itb_criem"
    STP = "stp"
    GBM = "gbm"
    JR_OVERIG = "jr_overig"

    @property
    def cbs_code(self) -> int | None:
        """CBS code (Regeling Jeugdwet, beleidsinformatie); none for a machtiging UHP."""
        return _MEASURE_CBS.get(self)

    @property
    def is_jeugdreclassering(self) -> bool:
        code = self.cbs_code
        return code is not None and code >= 41


class BlockerKind(LabelledEnum):
    NO_VASTE_JEUGDBESCHERMER = "no_vaste_jeugdbeschermer"
    WAITING_LIST = "waiting_list"
    ADMISSION_STOP = "admission_stop"
    REFUSED_BY_PROVIDER = "refused_by_provider"
    NO_CONTRACTED_OFFER = "no_contracted_offer"
    INDICATION_RECONSIDERED = "indication_reconsidered"
    FINANCING_DISPUTE = "financing_dispute"
    PARENT_CARE_UNAVAILABLE = "parent_care_unavailable"
    PLACEMENT_UNAVAILABLE = "placement_unavailable"
    OTHER = "other"


class WaitingFor(LabelledEnum):
    VASTE_JEUGDBESCHERMER = "vaste_jeugdbeschermer"
    PASSENDE_JEUGDHULP = "passende_jeugdhulp"
    PLACEMENT = "placement"


class CaseStatus(LabelledEnum):
    REFERRED = "referred"
    ACTIVE = "active"
    MONITORING = "monitoring"
    CLOSED = "closed"


class ClosingResult(LabelledEnum):
    HELP_STARTED = "help_started"
    PLACED = "placed"
    JEUGDBESCHERMER_ASSIGNED = "jeugdbeschermer_assigned"
    ESCALATED = "escalated"
    MEASURE_ENDED = "measure_ended"
    RETURNED_LOCAL = "returned_local"
    MOVED = "moved"
    OTHER = "other"


class MeetingStatus(LabelledEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


class Attendance(LabelledEnum):
    UNKNOWN = "unknown"
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class AgendaItemKind(LabelledEnum):
    ACTION_REVIEW = "action_review"
    NEW_REFERRAL = "new_referral"
    ACTIONS_DUE = "actions_due"
    EVALUATION = "evaluation"
    OTHER = "other"


class ActionStatus(LabelledEnum):
    OPEN = "open"
    DONE = "done"
    NOT_DONE = "not_done"
    CANCELLED = "cancelled"


class UserRole(LabelledEnum):
    CHAIR = "chair"
    COORDINATOR = "coordinator"
    MEMBER = "member"


class AuditAction(LabelledEnum):
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    EXPORT = "export"
    PRINT = "print"
    PURGE = "purge"


class AuditResult(LabelledEnum):
    OK = "ok"
    REFUSED = "refused"
    FAILED = "failed"  # attempted but not done (a file that could not be written)


_MEASURE_CBS: dict[MeasureKind, int] = {
    MeasureKind.OTS: 11,
    MeasureKind.VOORLOPIGE_OTS: 12,
    MeasureKind.VOOGDIJ: 21,
    MeasureKind.VOORLOPIGE_VOOGDIJ: 22,
    MeasureKind.TIJDELIJKE_VOOGDIJ: 23,
    MeasureKind.JR_GEDWONGEN: 41,
    MeasureKind.JR_VRIJWILLIG: 42,
    MeasureKind.ITB_HARDE_KERN: 50,
    MeasureKind.ITB_CRIEM: 51,
    MeasureKind.STP: 61,
    MeasureKind.GBM: 62,
    MeasureKind.JR_OVERIG: 63,
}

_LABEL_LIST: tuple[tuple[LabelledEnum, str], ...] = (
    (OrganisationKind.MUNICIPALITY, N_("Gemeente")),
    (OrganisationKind.GI, N_("Gecertificeerde instelling")),
    (OrganisationKind.PROVIDER, N_("Zorgaanbieder")),
    (OrganisationKind.OZJ, N_("OZJ")),
    (OrganisationKind.EXPERTISE_NETWORK, N_("Bovenregionaal expertisenetwerk")),
    (OrganisationKind.LOCAL_TEAM, N_("Lokaal team")),
    (OrganisationKind.RAAD, N_("Raad voor de Kinderbescherming")),
    (OrganisationKind.VEILIG_THUIS, N_("Veilig Thuis")),
    (OrganisationKind.JEUGDAUTORITEIT, N_("Jeugdautoriteit")),
    (OrganisationKind.OTHER, N_("Overig")),
    (MeasureKind.OTS, N_("Ondertoezichtstelling (OTS)")),
    (MeasureKind.VOORLOPIGE_OTS, N_("Voorlopige OTS")),
    (MeasureKind.VOOGDIJ, N_("Voogdij")),
    (MeasureKind.VOORLOPIGE_VOOGDIJ, N_("Voorlopige voogdij")),
    (MeasureKind.TIJDELIJKE_VOOGDIJ, N_("Tijdelijke voogdij")),
    (MeasureKind.MACHTIGING_UHP, N_("Machtiging uithuisplaatsing")),
    (MeasureKind.JR_GEDWONGEN, N_("Jeugdreclassering (gedwongen)")),
    (MeasureKind.JR_VRIJWILLIG, N_("Jeugdreclassering (vrijwillig)")),
    (MeasureKind.ITB_HARDE_KERN, N_("ITB Harde Kern")),
    (MeasureKind.ITB_CRIEM, N_("ITB Criem")),
    (MeasureKind.STP, N_("Scholings- en trainingsprogramma")),
    (MeasureKind.GBM, N_("Gedragsbeïnvloedende maatregel (GBM)")),
    (MeasureKind.JR_OVERIG, N_("Overige jeugdreclassering")),
    (BlockerKind.NO_VASTE_JEUGDBESCHERMER, N_("Geen vaste jeugdbeschermer")),
    (BlockerKind.WAITING_LIST, N_("Wachtlijst zorgaanbieder")),
    (BlockerKind.ADMISSION_STOP, N_("Opnamestop zorgaanbieder")),
    (BlockerKind.REFUSED_BY_PROVIDER, N_("Geweigerd door zorgaanbieder")),
    (BlockerKind.NO_CONTRACTED_OFFER, N_("Geen gecontracteerd aanbod / maatwerk nodig")),
    (BlockerKind.INDICATION_RECONSIDERED, N_("Gemeente heroverweegt indicatie GI")),
    (BlockerKind.FINANCING_DISPUTE, N_("Financieringsgeschil tussen gemeenten")),
    (BlockerKind.PARENT_CARE_UNAVAILABLE, N_("Zorg voor ouders niet beschikbaar")),
    (BlockerKind.PLACEMENT_UNAVAILABLE, N_("Plaatsing niet beschikbaar")),
    (BlockerKind.OTHER, N_("Overig knelpunt")),
    (WaitingFor.VASTE_JEUGDBESCHERMER, N_("Vaste jeugdbeschermer")),
    (WaitingFor.PASSENDE_JEUGDHULP, N_("Passende jeugdhulp")),
    (WaitingFor.PLACEMENT, N_("Plaatsing")),
    (CaseStatus.REFERRED, N_("Aangemeld")),
    (CaseStatus.ACTIVE, N_("Actief")),
    (CaseStatus.MONITORING, N_("Monitoring")),
    (CaseStatus.CLOSED, N_("Afgesloten")),
    (ClosingResult.HELP_STARTED, N_("Passende hulp gestart")),
    (ClosingResult.PLACED, N_("Geplaatst")),
    (ClosingResult.JEUGDBESCHERMER_ASSIGNED, N_("Vaste jeugdbeschermer toegewezen")),
    (ClosingResult.ESCALATED, N_("Opgeschaald")),
    (ClosingResult.MEASURE_ENDED, N_("Maatregel beëindigd")),
    (ClosingResult.RETURNED_LOCAL, N_("Terug naar lokale doorbraak")),
    (ClosingResult.MOVED, N_("Verhuisd naar andere regio")),
    (ClosingResult.OTHER, N_("Anders")),
    (MeetingStatus.PLANNED, N_("Gepland")),
    (MeetingStatus.IN_PROGRESS, N_("Bezig")),
    (MeetingStatus.CLOSED, N_("Gesloten")),
    (Attendance.UNKNOWN, N_("Onbekend")),
    (Attendance.PRESENT, N_("Aanwezig")),
    (Attendance.ABSENT, N_("Afwezig")),
    (Attendance.EXCUSED, N_("Afgemeld")),
    (AgendaItemKind.ACTION_REVIEW, N_("Terugblik acties")),
    (AgendaItemKind.NEW_REFERRAL, N_("Nieuwe aanmelding")),
    (AgendaItemKind.ACTIONS_DUE, N_("Acties verlopen of verlopend")),
    (AgendaItemKind.EVALUATION, N_("Evaluatie")),
    (AgendaItemKind.OTHER, N_("Overig")),
    (ActionStatus.OPEN, N_("Open")),
    (ActionStatus.DONE, N_("Gedaan")),
    (ActionStatus.NOT_DONE, N_("Niet gedaan")),
    (ActionStatus.CANCELLED, N_("Vervallen")),
    (UserRole.CHAIR, N_("Voorzitter")),
    (UserRole.COORDINATOR, N_("Coördinator")),
    (UserRole.MEMBER, N_("Lid")),
    (AuditAction.VIEW, N_("Inzien")),
    (AuditAction.CREATE, N_("Aanmaken")),
    (AuditAction.CHANGE, N_("Wijzigen")),
    (AuditAction.EXPORT, N_("Exporteren")),
    (AuditAction.PRINT, N_("Afdrukken")),
    (AuditAction.PURGE, N_("Verwijderen (bewaartermijn)")),
    (AuditResult.OK, N_("Gelukt")),
    (AuditResult.REFUSED, N_("Geweigerd")),
    (AuditResult.FAILED, N_("Mislukt")),
)

# Keyed by (enum class, value): members of different enums may share a value ("closed").
_LABELS: dict[tuple[type[LabelledEnum], str], str] = {
    (type(member), member.value): text for member, text in _LABEL_LIST
}
