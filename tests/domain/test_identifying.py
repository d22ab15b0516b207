"""Identifying data in free text: names, BSN, birth dates and addresses, however written."""

from __future__ import annotations

from datetime import date

import pytest

from expertteam.domain.identifying import (
    ChildIdentity,
    IdentifyingKind,
    find_identifying,
    fold,
    kinds_found,
)

NOEL = ChildIdentity("Noël Anne", "van der Berg", date(2014, 3, 2), "123456782")
EVA = ChildIdentity("Eva", "van Dijk", date(2013, 5, 8))
FATMA = ChildIdentity("Fatma", "Yılmaz", date(2012, 11, 4), "012345672")
SEM = ChildIdentity("Sem", "Mulder-Bos", None)
CHILDREN = (NOEL, EVA, FATMA, SEM)


def kinds(text: str) -> list[IdentifyingKind]:
    return kinds_found(find_identifying(text, CHILDREN, allowed=("JeugdzorgPlus De Dijk",)))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Over Noël is gesproken.", IdentifyingKind.GIVEN_NAME),
        ("over NOEL", IdentifyingKind.GIVEN_NAME),
        ("over noel", IdentifyingKind.GIVEN_NAME),
        ("over N o ë l", IdentifyingKind.GIVEN_NAME),
        ("Noël Anne wacht", IdentifyingKind.GIVEN_NAME),
        ("NoëlAnne wacht", IdentifyingKind.GIVEN_NAME),
        ("Anne wacht", IdentifyingKind.GIVEN_NAME),
        ("familie Van der Berg", IdentifyingKind.SURNAME),
        ("familie vanderberg", IdentifyingKind.SURNAME),
        ("familie Van-der-Berg", IdentifyingKind.SURNAME),
        ("Noël van der Berg", IdentifyingKind.FULL_NAME),
        ("noelannevanderberg", IdentifyingKind.FULL_NAME),
        ("Noël Anne Berg", IdentifyingKind.FULL_NAME),
        ("Eva's moeder", IdentifyingKind.GIVEN_NAME),
        ("EvavanDijk", IdentifyingKind.FULL_NAME),
        ("Fatma Yilmaz", IdentifyingKind.FULL_NAME),
        ("mevrouw YILMAZ", IdentifyingKind.SURNAME),
        ("jongen Sem", IdentifyingKind.GIVEN_NAME),
        ("familie Bos", IdentifyingKind.SURNAME),      # one part of a double surname
        ("familie Mulder Bos", IdentifyingKind.SURNAME),
    ],
)
def test_names_are_found_however_written(text: str, kind: IdentifyingKind) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "De evaluatie volgt.",          # Eva inside a word
        "Het semester begint.",         # Sem inside a word
        "JeugdzorgPlus De Dijk heeft een opnamestop.",  # an organisation's name
        "Berg en dal",                  # a particle surname's core alone is an ordinary word
        "N.A.B., geboren in 2014",      # initials and birth year: the pseudonym
        "ET-2026-0007 · N.A.B. · 2014",
        "sinds 1 maart 2026 wachten 12 kinderen",
        "Bel 0229 700 101 voor overleg",
        "in 2026 en 2027",
        "Zeedijk 3 kinderen",
        "Status: Beantwoord\n23-11-2026",   # "-oord" is not a street here
        "Beantwoord 23-11-2026",
        "overleg in Amsterdam 12 december",
        "opgericht in Edam 2026",
        "de vergadering 12 ging over wachtlijsten",
    ],
)
def test_ordinary_text_is_not_refused(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    ["BSN 123456782", "BSN 123 456 782", "BSN 123.456.782", "bsn: 1234.56.782",
     "BSN 12345678 2",            # the child's own number split anyhow
     "BSN 12345672",              # the child's own number without its leading zero
     "nummer 111222333",          # any number that passes the elfproef
     ],
)
def test_bsn_is_found_with_or_without_spaces_and_dots(text: str) -> None:
    assert kinds(text) == [IdentifyingKind.BSN]


def test_nine_digits_failing_the_elfproef_are_not_a_bsn() -> None:
    assert kinds("dossiernummer 123456789") == []


@pytest.mark.parametrize(
    "text",
    ["geboren 2-3-2014", "geboren 02-03-2014", "geboren 2/3/2014", "geboren 02.03.2014",
     "geboren 02.03.14", "geboren 2 3 2014", "geboren 2014-03-02", "geboren 2014-3-2",
     "geboren 2 maart 2014", "geboren 2 MAART 2014", "geboren 2maart2014", "geboren 2 mrt 2014",
     "geboren 2 mrt. 2014", "geboren 2e maart 2014", "geboren 2 march 2014",
     "geboren 02032014", "geboren 20140302", "geboren 2 maart '14"],
)
def test_birth_date_in_the_usual_notations(text: str) -> None:
    assert kinds(text) == [IdentifyingKind.BIRTH_DATE]


def test_other_dates_and_birth_year_alone_are_allowed() -> None:
    assert kinds("geboortejaar 2014; sinds 2 maart 2026; per 2-3-2015") == []


@pytest.mark.parametrize(
    "text",
    ["woont Dorpsstraat 12", "woont Dorpsstraat 12a", "Kerkweg 3-5", "Van Goghlaan 101 bis",
     "postcode 1621 AB", "1621AB Hoorn", "Westerdijk 7 hs"],
)
def test_addresses(text: str) -> None:
    assert kinds(text) == [IdentifyingKind.ADDRESS]


def test_findings_give_positions_in_the_original_text_and_merge_overlaps() -> None:
    text = "Kind: Noël van der Berg, BSN 123 456 782, geboren 2 maart 2014."
    findings = find_identifying(text, CHILDREN)
    assert [text[f.start:f.end] for f in findings] == [
        "Noël van der Berg", "123 456 782", "2 maart 2014"]
    assert [f.kind for f in findings] == [IdentifyingKind.FULL_NAME, IdentifyingKind.BSN,
                                          IdentifyingKind.BIRTH_DATE]
    assert findings[0].describe() == "de naam van een kind (teken 7)"


def test_describe_never_repeats_the_data() -> None:
    text = "Noël, 123456782, 2-3-2014, Dorpsstraat 12"
    for finding in find_identifying(text, CHILDREN):
        message = finding.describe()
        assert text[finding.start:finding.end] not in message


def test_fold_removes_case_and_diacritics() -> None:
    assert fold("Noël Yılmaz Ĳsbrand Ærø") == "noel yilmaz ijsbrand aero"


def test_empty_text_and_no_children() -> None:
    assert find_identifying("", CHILDREN) == []
    assert find_identifying("Noël", []) == []
