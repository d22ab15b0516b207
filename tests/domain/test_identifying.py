"""Identifying data in free text: names, BSN, birth dates and addresses, however written."""

from __future__ import annotations

from datetime import date

import pytest

from expertteam.domain.identifying import (
    ChildIdentity,
    Detector,
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
    return kinds_found(find_identifying(text, CHILDREN, allowed=("JeugdzorgPlus De Dijk",),
                                        own=("Postbus 5, 1620 AA Hoorn, 0229 700 101",)))


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
        "Bel 0229 700 101 voor overleg",   # the region's own number (allowed)
        "in 2026 en 2027",
        "in 1621 en daarna",
        "Zeedijk 3 kinderen",
        "Status: Beantwoord\n23-11-2026",   # "-oord" is not a street here
        "Beantwoord 23-11-2026",
        "overleg in Amsterdam 12 december",
        "opgericht in Edam 2026",
        "de vergadering 12 ging over wachtlijsten",
        "Morgen 3 gesprekken, daarna Artikel 4 en Groep 8",
        "zie actie 12 en besluit 3; Jeugdwet 4.1.3",
        "Op 12-03-2026 om 14:30 in Hoorn",
        "Besluit: ET-2026-0007 wordt besproken op 01-12-2026.",
        "Gezinshuis De Linde 3 plekken",
        "Postbus 5, 1620 AA Hoorn",
        "dossiernummer 123456789",
        "12 kinderen wachten sinds 2014 en 2015",
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


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Noe\u0308l komt", IdentifyingKind.GIVEN_NAME),          # decomposed (macOS paste)
        ("Noël’s moeder", IdentifyingKind.GIVEN_NAME),             # typographic apostrophe
        ("Noëls moeder", IdentifyingKind.GIVEN_NAME),              # glued possessive
        ("N\u00adoël", IdentifyingKind.GIVEN_NAME),                # soft hyphen
        ("No\u200bël", IdentifyingKind.GIVEN_NAME),                # zero-width space
        ("Noël\u00a0van\u2009der Berg", IdentifyingKind.FULL_NAME),  # no-break, thin space
        ("Noël Van\u2011der\u2013Berg", IdentifyingKind.FULL_NAME),  # hyphen variants
        ("Noël v.d. Berg", IdentifyingKind.FULL_NAME),             # abbreviated particles
        ("mevrouw Berg belde", IdentifyingKind.SURNAME),           # core after an address form
        ("fam. Berg", IdentifyingKind.SURNAME),
        ("de Van der Bergs", IdentifyingKind.SURNAME),             # plural
    ],
)
def test_names_in_other_unicode_forms(text: str, kind: IdentifyingKind) -> None:
    assert kind in kinds(text)


IJS = ChildIdentity("IJsbrand", "'t Hart", date(2015, 1, 1))


@pytest.mark.parametrize("text", ["Ĳsbrand komt", "IJsbrand komt", "Ijsbrand komt",
                                  "ijsbrand komt", "IJSBRAND komt"])
def test_ij_digraph_and_ligature_are_one_name(text: str) -> None:
    assert kinds_found(find_identifying(text, [IJS])) == [IdentifyingKind.GIVEN_NAME]


def test_particle_with_apostrophe_is_replaced_whole() -> None:
    assert Detector([IJS]).redact("familie ’t Hart") == "familie H."


def test_hidden_names_of_a_case_are_found_and_replaced_by_a_placeholder() -> None:
    child = ChildIdentity("Noël", "Bakker", None, None,
                          ("Karin van Dam", "Sanne", "De Regenboog"))
    detector = Detector([child])
    text = "Karin belde; mevrouw Van Dam en Sanne komen, school De Regenboog."
    assert [f.kind for f in detector.find(text)] == [IdentifyingKind.OTHER_NAME] * 4
    assert detector.redact(text) == ("[naam] belde; mevrouw [naam] en [naam] komen, school "
                                     "[naam].")


@pytest.mark.parametrize(
    "text",
    ["BSN 123-456-782", "BSN 123_456_782", "BSN 123/456/782", "BSN 12-34-56-782",
     "BSN ١٢٣٤٥٦٧٨٢", "BSN １２３４５６７８２", "BSN 1 2 3 4 5 6 7 8 2",
     "BSN 123\u2009456\u2009782"],
)
def test_bsn_in_any_digits_and_separators(text: str) -> None:
    assert kinds(text) == [IdentifyingKind.BSN]


@pytest.mark.parametrize(
    "text",
    ["geboren 2-mrt-2014", "geboren 2 Mar 2014", "born March 2nd, 2014", "born Mar. 2 2014",
     "geboren 020314", "geboren 2 februari 2014".replace("februari", "maart"),
     "geboren 3/2/2014", "geboren ２-３-２０１４", "geboren 2\u00a0maart\u00a02014"],
)
def test_birth_date_in_more_notations(text: str) -> None:
    assert kinds(text) == [IdentifyingKind.BIRTH_DATE]


def test_compact_iso_and_day_month_year_forms() -> None:
    child = ChildIdentity("Sem", "Bos", date(2015, 1, 1))
    for text in ("1jan2015", "01012015", "2015-01-01", "20150101", "1 January 2015"):
        assert kinds_found(find_identifying(f"geboren {text}", [child])) == [
            IdentifyingKind.BIRTH_DATE], text


@pytest.mark.parametrize(
    "text",
    ["postcode 1621 ab", "postcode 1621ab", "postcode 1621-AB", "Kerkpad 3a", "Zeeweg 12-II",
     # Said to be a postcode, its letters are no word even when they spell one.
     "postcode 9999 mn", "Postcode: 1621 en", "pc 1234 op",
     "woont Lange Voorhout 7, Den Haag", "dorpsstraat 5", "verhuisd naar de Kalverstraat 92 hs",
     "woont op Burgemeester van Reenensingel 101"],
)
def test_more_addresses(text: str) -> None:
    assert kinds(text) == [IdentifyingKind.ADDRESS]


@pytest.mark.parametrize(
    "text", ["woont grote markt 159-2", "woont NIEUWE GRACHT 126B", "woont nieuwe gracht 1-2",
             "woont Oude Haven 4"])
def test_a_street_word_after_the_word_that_names_it_in_any_case(text: str) -> None:
    assert kinds(text) == [IdentifyingKind.ADDRESS]


@pytest.mark.parametrize("text", ["op de markt 2 keer", "het park 3 dagen", "de weg 12 km",
                                  "De Dijk 3 plekken vrij", "Actie 12 markt 3"])
def test_a_street_word_after_an_article_or_a_count_is_ordinary_text(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize("text", ["mail noel@example.nl", "mail Noel.Berg+x@mail.example.com",
                                  "mail noel (at) example.nl", "mail noel[at]example.nl"])
def test_email_addresses(text: str) -> None:
    assert IdentifyingKind.EMAIL in kinds(text)


@pytest.mark.parametrize("text", ["bel 06-12345678", "bel 06 1234 5678", "bel +31 6 1234 5678",
                                  "bel +31 (0)6-12345678", "bel (0229) 12 34 56",
                                  "bel 0031 20 123 4567", "bel 020-1234567.", "bel 0612345678",
                                  "bel +32 470 12 34 56"])
def test_phone_numbers(text: str) -> None:
    assert kinds(text) == [IdentifyingKind.PHONE]


def test_allowed_texts_whitelist_the_regions_own_contact_data() -> None:
    detector = Detector([], own=["Regio, Postbus 5, 1620 AA Hoorn, tel. 0229-700101, "
                                 "info@regio.example.nl"])
    assert detector.find("Bel 0229 700 101 of mail info@regio.example.nl; 1620AA") == []
    assert [f.kind for f in detector.find("bel 06-12345678")] == [IdentifyingKind.PHONE]


def test_without_generic_only_the_childs_own_identifiers() -> None:
    detector = Detector([NOEL], generic=False)
    text = "Noël, 123456782, 111222333, 06-12345678, Dorpsstraat 5, 2-3-2014"
    assert [f.kind for f in detector.find(text)] == [
        IdentifyingKind.GIVEN_NAME, IdentifyingKind.BSN, IdentifyingKind.BIRTH_DATE]


def test_redact_uses_initials_for_names_and_placeholders_for_the_rest() -> None:
    text = ("Noël van der Berg (BSN 123 456 782, geboren 2 maart 2014) woont Dorpsstraat 5, "
            "1621 AB Hoorn, tel. 06-12345678, noel@example.nl. Gesprek met Noël.")
    assert Detector([NOEL]).redact(text) == (
        "N.A.B. (BSN [BSN], geboren [datum]) woont [adres], [adres] Hoorn, tel. [telefoon], "
        "[e-mail]. Gesprek met N.")


def test_overlapping_findings_become_one() -> None:
    findings = find_identifying("Noël van der Berg 12a", [NOEL])
    assert len(findings) == 1
