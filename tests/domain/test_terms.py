from datetime import date

from expertteam.domain.enums import MeasureKind, WaitingFor
from expertteam.domain.pseudonym import initials, pseudonym
from expertteam.domain.terms import (
    MeasureFacts,
    Term,
    TermKind,
    TermState,
    case_terms,
    next_open_term,
    passed_terms,
)


def test_ots_terms_first_contact_plan_and_end() -> None:
    ots = MeasureFacts(MeasureKind.OTS, ruling_date=date(2026, 4, 20),
                       gi_charged_on=date(2026, 4, 24))
    terms = {t.kind: t for t in case_terms([ots], None, None)}
    assert terms[TermKind.FIRST_CONTACT].due == date(2026, 5, 4)  # across Koningsdag
    assert terms[TermKind.PLAN_VAN_AANPAK].due == date(2026, 6, 5)
    assert terms[TermKind.OTS_END].due == date(2027, 4, 20)


def _first_contact(measure: MeasureFacts) -> Term:
    return next(t for t in case_terms([measure], None, None) if t.kind is TermKind.FIRST_CONTACT)


def test_first_contact_boundary() -> None:
    charged = date(2026, 4, 24)
    on_time = MeasureFacts(MeasureKind.OTS, gi_charged_on=charged,
                           first_contact_on=date(2026, 5, 4))
    late = MeasureFacts(MeasureKind.OTS, gi_charged_on=charged, first_contact_on=date(2026, 5, 5))
    first = _first_contact(on_time)
    assert first.state(date(2026, 6, 1)) is TermState.MET
    first = _first_contact(late)
    assert first.state(date(2026, 6, 1)) is TermState.MET_LATE
    open_term = MeasureFacts(MeasureKind.OTS, gi_charged_on=charged)
    first = _first_contact(open_term)
    assert first.state(date(2026, 5, 4)) is TermState.OPEN
    assert first.state(date(2026, 5, 5)) is TermState.OVERDUE


def test_voorlopige_ots_and_machtiging_uhp_three_months() -> None:
    vots = MeasureFacts(MeasureKind.VOORLOPIGE_OTS, ruling_date=date(2026, 1, 31))
    uhp = MeasureFacts(MeasureKind.MACHTIGING_UHP, ruling_date=date(2026, 1, 15))
    terms = {t.kind: t for t in case_terms([vots, uhp], None, None)}
    assert terms[TermKind.VOORLOPIGE_OTS_END].due == date(2026, 4, 30)
    assert terms[TermKind.MACHTIGING_UHP].due == date(2026, 4, 15)
    assert TermKind.FIRST_CONTACT not in {t.kind for t in case_terms([uhp], None, None)}


def test_help_expected_within_three_months_and_next_term() -> None:
    terms = case_terms([], WaitingFor.PASSENDE_JEUGDHULP, date(2026, 8, 1))
    assert [t.kind for t in terms] == [TermKind.HELP_EXPECTED]
    assert terms[0].due == date(2026, 11, 1)
    assert next_open_term(terms) == terms[0]
    assert passed_terms(terms, date(2026, 11, 2)) == terms
    assert passed_terms(terms, date(2026, 11, 1)) == []
    assert case_terms([], WaitingFor.VASTE_JEUGDBESCHERMER, date(2026, 8, 1)) == []


def test_pseudonym_skips_particles_and_keeps_diacritics() -> None:
    assert initials("Noël Anne", "van der Berg") == "N.A.B."
    assert initials("Chloë", "de Vries") == "C.V."
    assert initials("Émile", "Ölçer") == "É.Ö."
    assert pseudonym("ET-2026-0007", "Noël", "de Vries", date(2014, 3, 2)) == \
        "ET-2026-0007 · N.V. · 2014"


def test_initials_treat_ij_as_one_letter() -> None:
    from expertteam.domain.pseudonym import initials as pseudonym_initials

    for given in ("IJsbrand", "Ĳsbrand", "Ijsbrand", "ijsbrand"):
        assert pseudonym_initials(given, "IJzerman") == "IJ.IJ."
    assert pseudonym_initials("Noël", "’t Hart") == "N.H."
