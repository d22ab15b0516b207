"""Property-based leak tests: Hypothesis makes realistic Dutch children and writes what
identifies them, in many notations, into every free-text field of every document kind; the
rendered PDF text (pypdf) and the spreadsheet cells must hold none of it, and every letter part
must refuse it.

The generator is built from its own lists (names, particles, streets, notations), not from
the detector's; the leak check folds words itself (``tests/privacy_helpers.py``). Known gaps of
the detector (see the closing note of issue 12) are not generated: a street name without a
street word ending typed in all capitals or all lower case, and a name written with other
letters than its own (``Ysbrand`` for ``IJsbrand``).

Set ``EXPERTTEAM_PROBES`` to a file to have the number of probes per document kind written
there.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from expertteam.domain.escalation import EscalationStatus
from expertteam.services import (
    action_rows,
    actions,
    case_register,
    documents,
    escalations,
    letter_output,
    letter_texts,
    letters,
    monitor_export,
    organisations,
)
from expertteam.services.letter_texts import IdentifyingDataError
from expertteam.services.organisations import OrganisationInput
from expertteam.services.store import Store
from tests.conftest import TODAY
from tests.escalation_helpers import pdf_text
from tests.privacy_helpers import (
    Child,
    case_escalation_about,
    closed_meeting_about,
    continuity_escalation_about,
    create_child,
    digits_leak,
    leaks,
    words,
)

PROBES: Counter[str] = Counter()

GIVEN = ("Noël", "Chloë", "Zoë", "Daphné", "IJsbrand", "IJke", "Anaïs", "Jaïr", "Eliëtte",
         "Ömer", "Søren", "Siebe", "Fenna", "Thijmen", "Maud", "Rosalie", "Yusuf", "Aïcha",
         "Joëlle", "Sjoerd", "Femke", "Mirthe", "Quinten", "Wessel", "Brecht", "Hendrikje",
         "Lieke", "Ruben", "Ilse", "Ties", "Dewi", "Esmée", "René", "Loïs", "Ayşe", "Mées")
PARTICLES = ("", "", "", "van", "de", "van der", "van den", "ter", "ten", "'t", "in 't",
             "van de", "den", "op de", "de la")
CORES = ("Bakker", "Visscher", "Meijer", "Smulders", "Kuijpers", "Huijbregts", "IJzerman",
         "IJzendoorn", "Wouters", "Verhoeven", "Çelik", "Yıldız", "Nguyễn", "Hoekstra",
         "Pietersen", "Zwart", "Brouwer", "Kramer", "Prins", "Hendriks", "Bosman", "Lammers",
         "Ouédraogo", "Schröder", "Gülen", "Haverkamp", "Dekkers")
STREETS = ("Dorpsstraat", "Kerkpad", "Zeeweg", "Lange Voorhout", "Molenlaan", "Nieuwe Gracht",
           "Prinsengracht", "Oude Delft", "Achterom", "Breestraat", "Korte Vijverberg",
           "Rozengracht", "Hoogstraat", "Voorstraat", "Wilhelminapark", "Oranjeplein",
           "Herengracht", "Kalverstraat", "Westeinde", "Grote Markt", "Zuiderdiep", "Nieuwstad",
           "Burgemeester de Withstraat", "Van Goghlaan", "Korte Poten")
STREET_ENDINGS = ("straat", "pad", "weg", "laan", "gracht", "park", "plein", "markt")
DOMAINS = ("example.nl", "mail.example.com", "gezin.example.org")
DUTCH_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december")
SHORT_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov",
                "dec")
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")
CONTEXTS = ("Besluit over {} genomen.", "Gesprek met {}; vervolg volgt.", "({}) wacht nog.",
            "Afgesproken dat {}\nbelt.", "Zie ook: {}.")


@dataclass
class Probe:
    """One identifying item written one way, with what must not come out."""

    kind: str
    text: str
    forbidden: tuple[str, ...] = ()
    digits: str = ""


@dataclass
class Person:
    child: Child
    probes: list[Probe] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [probe.text for probe in self.probes]


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _name_notations(draw: st.DrawFn, given_name: str, particles: str, core: str
                    ) -> list[str]:
    surname = f"{particles} {core}".strip()
    joined = particles.replace(" ", "").replace("'", "") + core
    full = f"{given_name} {surname}"
    forms = [full, full.upper(), full.lower(), _plain(full),
             unicodedata.normalize("NFD", full), f"{given_name} {joined}",
             f"{given_name}\u00a0{surname.replace(' ', chr(0x2009))}",
             f"{given_name}’s moeder", f"{given_name}'s vader", f"{given_name}s broer",
             f"{given_name[:2]}\u00ad{given_name[2:]}", f"{given_name[:1]}\u200b{given_name[1:]}",
             f"familie {surname}", f"{given_name[0]}. {surname}",
             " ".join(given_name)]
    if particles:
        forms.append(f"{given_name} {particles.replace(' ', '-')}-{core}")
    if given_name.startswith("IJ"):
        forms += ["Ĳ" + given_name[2:], "Ij" + given_name[2:], "ij" + given_name[2:]]
    picked = draw(st.lists(st.sampled_from(forms), min_size=3, max_size=6, unique=True))
    return picked


def _bsn(draw: st.DrawFn) -> str:
    first = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    check = sum(d * w for d, w in zip(first, range(9, 1, -1), strict=True)) % 11
    if check == 10 or (first[0] == 0 and first[1] == 0):
        first[7] = (first[7] + 1) % 10
        check = sum(d * w for d, w in zip(first, range(9, 1, -1), strict=True)) % 11
    digits = "".join(map(str, first)) + str(check)
    return digits if check < 10 else "111222333"


def _bsn_notations(draw: st.DrawFn, bsn: str) -> list[str]:
    fullwidth = "".join(chr(0xFF10 + int(d)) for d in bsn)
    arabic = "".join(chr(0x0660 + int(d)) for d in bsn)
    forms = [bsn, f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}", f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}",
             f"{bsn[:3]}-{bsn[3:6]}-{bsn[6:]}", f"{bsn[:3]}/{bsn[3:6]}/{bsn[6:]}",
             f"{bsn[:3]}_{bsn[3:6]}_{bsn[6:]}", f"{bsn[:2]}-{bsn[2:4]}-{bsn[4:6]}-{bsn[6:]}",
             fullwidth, arabic, f"{bsn[:3]}\u2009{bsn[3:6]}\u2009{bsn[6:]}"]
    if bsn.startswith("0"):
        forms.append(bsn[1:])
    return draw(st.lists(st.sampled_from(forms), min_size=2, max_size=4, unique=True))


def _date_notations(draw: st.DrawFn, day: date) -> list[str]:
    d, m, y = day.day, day.month, day.year
    forms = [f"{d}-{m}-{y}", f"{d:02d}-{m:02d}-{y}", f"{d:02d}.{m:02d}.{y % 100:02d}",
             f"{d}/{m}/{y}", f"{y}-{m:02d}-{d:02d}", f"{d} {DUTCH_MONTHS[m - 1]} {y}",
             f"{d} {DUTCH_MONTHS[m - 1].upper()} {y}", f"{d} {SHORT_MONTHS[m - 1]}. {y}",
             f"{d}-{SHORT_MONTHS[m - 1]}-{y % 100:02d}", f"{d}{SHORT_MONTHS[m - 1]}{y}",
             f"{d} {ENGLISH_MONTHS[m - 1]} {y}", f"{ENGLISH_MONTHS[m - 1]} {d}, {y}",
             f"{ENGLISH_MONTHS[m - 1][:3]} {d} {y}", f"{d:02d}{m:02d}{y}", f"{y}{m:02d}{d:02d}",
             f"{d}e {DUTCH_MONTHS[m - 1]} '{y % 100:02d}", f"{d} {DUTCH_MONTHS[m - 1]}, {y}"]
    return draw(st.lists(st.sampled_from(forms), min_size=2, max_size=4, unique=True))


@st.composite
def people(draw: st.DrawFn) -> Person:
    given_name = draw(st.sampled_from(GIVEN))
    second = draw(st.sampled_from(("", *GIVEN)))
    particles = draw(st.sampled_from(PARTICLES))
    core = draw(st.sampled_from(CORES))
    if draw(st.booleans()) and not particles:
        core = f"{core}-{draw(st.sampled_from(CORES))}"
    birth = draw(st.dates(date(2008, 1, 1), date(2024, 12, 31)))
    bsn = _bsn(draw)
    parent = draw(st.sampled_from(GIVEN))
    sibling = draw(st.sampled_from(GIVEN))
    surname = f"{particles} {core}".strip()
    given_names = f"{given_name} {second}".strip() if second != given_name else given_name
    child = Child(given_names, surname, birth, bsn, (f"{parent} {surname}", sibling))
    probes = [Probe("naam", text, (text,)) for text in
              _name_notations(draw, given_name, particles, core)]
    probes += [Probe("verborgen naam", f"moeder {text}", (text,)) for text in
               _name_notations(draw, parent, particles, core)[:2]]
    probes.append(Probe("verborgen naam", f"zus {sibling}", (sibling,)))
    probes += [Probe("bsn", f"BSN {text}", (text,), bsn) for text in _bsn_notations(draw, bsn)]
    probes += [Probe("geboortedatum", f"geboren {text}", (text,))
               for text in _date_notations(draw, birth)]
    street = draw(st.sampled_from(STREETS))
    addition = draw(st.sampled_from(("", "a", "B", "-II", "-2", " hs", " bis")))
    number = f"{draw(st.integers(1, 399))}{addition}"
    casing = [street] + ([street.lower(), street.upper()]
                         if street.lower().endswith(STREET_ENDINGS) else [])
    street_text = f"{draw(st.sampled_from(casing))} {number}"
    probes.append(Probe("adres", f"woont {street_text}", (street_text,)))
    letters_ = draw(st.sampled_from(("AB", "KL", "XZ", "GH", "RT", "BC", "MN", "PW")))
    code = f"{draw(st.integers(1000, 9999))}"
    postcode = draw(st.sampled_from((f"{code} {letters_}", f"{code}{letters_}",
                                     f"{code} {letters_.lower()}", f"{code}{letters_.lower()}",
                                     f"{code}-{letters_}")))
    probes.append(Probe("postcode", f"postcode {postcode}", (postcode,)))
    mobile = f"06{draw(st.integers(1, 5))}{draw(st.integers(0, 9_999_999)):07d}"
    phone = draw(st.sampled_from((
        mobile, f"{mobile[:2]}-{mobile[2:]}", f"{mobile[:2]} {mobile[2:6]} {mobile[6:]}",
        f"+31 6 {mobile[2:]}", f"+31 (0)6-{mobile[2:6]} {mobile[6:]}",
        f"0031 6 {mobile[2:]}", f"(0229) {mobile[4:10]}", f"0229-{mobile[4:10]}",
        f"020 {mobile[3:6]} {mobile[6:10]}")))
    probes.append(Probe("telefoon", f"bel {phone}", (phone,)))
    local = words(_plain(given_name))[0] + draw(st.sampled_from((".", "_", "", "-")))
    email = f"{local}{words(_plain(core))[0]}@{draw(st.sampled_from(DOMAINS))}"
    email = draw(st.sampled_from((email, email.replace("@", " (at) "), email.upper())))
    probes.append(Probe("e-mail", f"mail {email}", (email,)))
    context = draw(st.sampled_from(CONTEXTS))
    for probe in probes:
        probe.text = context.format(probe.text)
    return Person(child, probes)


def _check(text: str, person: Person, kind: str) -> None:
    PROBES["kinderen"] += kind == "verslag"
    for probe in person.probes:
        assert leaks(text, probe.forbidden) == [], (kind, probe.kind, probe.text)
        if probe.digits:
            assert not digits_leak(text, probe.digits), (kind, probe.text)
    PROBES[kind] += len(person.probes)


def _usable(store_words: set[str], person: Person) -> bool:
    """Names that are also words of the documents themselves cannot be told apart (particles
    such as "de" are in organisation names too: they are not what identifies)."""
    particles = {w for p in PARTICLES for w in words(p)}
    name_words = set(words(person.child.given_names + " " + person.child.surname))
    name_words |= {w for h in person.child.hidden for w in words(h)}
    return not ((name_words - particles) & store_words)


@pytest.fixture(scope="module")
def _probe_report() -> Iterator[None]:
    yield
    target = os.environ.get("EXPERTTEAM_PROBES")
    if target:
        Path(target).write_text(json.dumps(dict(PROBES), indent=2, sort_keys=True))


# Each example renders documents (about a second): no shrinking, so a failure is reported at
# once instead of after minutes of re-rendering; the failing example is printed as it is.
_SETTINGS = settings(max_examples=6, deadline=None, derandomize=True,
                     phases=(Phase.explicit, Phase.reuse, Phase.generate),
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])
# The demo store grows with every example (the action list of Hoorn most): the slow runs come in
# batches of a few examples, each on a fresh store and with its own seed, so that no test nears
# the suite's 180-second limit per test on a loaded machine and parallel workers share them.
_BATCHES = 4
_BATCH = settings(_SETTINGS, max_examples=4, derandomize=False)
_MONITOR = settings(_SETTINGS, max_examples=4)


def _baseline(store: Store) -> set[str]:
    """Words already in the documents of the demo region (organisations, contacts, labels)."""
    names = [o.name for o in organisations.list_organisations(store)]
    texts = [*names, "Gemeentehuis", "Voorzitter", "Notulist", "Verslag", "Actielijst"]
    return set(words(" ".join(texts)))


# --------------------------------------------------------------------------- documents


def _documents_scrub(store: Store, person: Person) -> None:
    texts = person.texts()
    case_id = create_child(store, person.child, "\n".join(texts))
    meeting_id = closed_meeting_about(store, case_id, texts)
    for action in action_rows.case_actions(store, case_id)[:1]:  # a note in the history
        actions.change_due_date(store, action.id, TODAY + timedelta(days=30), texts[0])
    _check(pdf_text(documents.minutes_pdf(store, meeting_id).pdf), person, "verslag")
    hoorn = next(o.id for o in organisations.list_organisations(store) if o.name == "Hoorn")
    _check(pdf_text(documents.participant_actions_pdf(store, hoorn).pdf), person, "actielijst")
    _check(pdf_text(documents.agreement_sheet_pdf(store, case_id).pdf), person,
           "afsprakenoverzicht")


@pytest.mark.usefixtures("_probe_report")
@_SETTINGS
@given(person=people())
def test_pseudonymised_documents_show_no_identifying_item(demo_store: Store,
                                                          person: Person) -> None:
    if _usable(_baseline(demo_store), person):
        _documents_scrub(demo_store, person)


@pytest.mark.slow
@pytest.mark.usefixtures("_probe_report")
@pytest.mark.parametrize("batch", range(_BATCHES))
def test_pseudonymised_documents_many_children(demo_store: Store, batch: int) -> None:
    @seed(20261123 + batch)
    @_BATCH
    @given(person=people())
    def run(person: Person) -> None:
        if _usable(_baseline(demo_store), person):
            _documents_scrub(demo_store, person)

    run()


# --------------------------------------------------------------------------- letters


def _letters_refuse(store: Store, person: Person) -> None:
    case_id = create_child(store, person.child)
    case_letter = letters.open_letter(store, case_escalation_about(store, case_id, "x"))
    continuity = letters.open_letter(store, continuity_escalation_about(store, [case_id]))
    for letter, parts, kind in ((case_letter, letter_texts.CASE_TEXTS, "escalatiebrief"),
                                (continuity, letter_texts.CONTINUITY_TEXTS, "continuiteitsbrief")):
        for index, probe in enumerate(person.probes):
            part = parts[index % len(parts)]
            text = probe.text.replace("\n", " ") if part == "subject" else probe.text
            with pytest.raises(IdentifyingDataError) as caught:
                letters.save_texts(store, letter.id, {part: text})
            assert caught.value.field == f"texts.{part}"
            for forbidden in probe.forbidden:
                assert forbidden not in caught.value.message
        PROBES[f"{kind} (geweigerd)"] += len(person.probes)
    # What a case letter quotes from the register is scrubbed, and it finalises.
    quoted = case_escalation_about(store, case_id, "\n".join(person.texts()))
    escalations.change_status(store, quoted, EscalationStatus.SENT)
    escalations.record_response(store, quoted, "\n".join(person.texts()))
    final = letters.finalise_letter(store, letters.open_letter(store, quoted).id)
    _check(pdf_text(letter_output.letter_pdf(store, final.id).pdf), person, "escalatiebrief (PDF)")


@pytest.mark.usefixtures("_probe_report")
@_SETTINGS
@given(person=people())
def test_both_letter_kinds_refuse_every_item_in_every_part(demo_store: Store,
                                                           person: Person) -> None:
    if _usable(_baseline(demo_store), person):
        _letters_refuse(demo_store, person)


@pytest.mark.slow
@pytest.mark.usefixtures("_probe_report")
@pytest.mark.parametrize("batch", range(_BATCHES))
def test_both_letter_kinds_many_children(demo_store: Store, batch: int) -> None:
    @seed(20261200 + batch)
    @settings(_BATCH, max_examples=5)
    @given(person=people())
    def run(person: Person) -> None:
        if _usable(_baseline(demo_store), person):
            _letters_refuse(demo_store, person)

    run()


# --------------------------------------------------------------------------- monitor


@pytest.mark.usefixtures("_probe_report")
@_MONITOR
@given(person=people())
def test_monitor_report_and_workbook_show_no_identifying_item(
        demo_store: Store, person: Person, tmp_path: Path) -> None:
    """The monitor holds no child's free text; what users type there is organisation names.
    A BSN, telephone number, e-mail address or address typed into one is scrubbed."""
    from openpyxl import load_workbook

    generic = [p for p in person.probes
               if p.kind in ("bsn", "telefoon", "e-mail", "adres", "postcode")]
    used = {i for row in case_register.list_register(demo_store)
            for i in (row.gi_id, row.municipality_id)}
    shown_orgs = [o for o in organisations.list_organisations(demo_store) if o.id in used]
    for probe, org in zip(generic, shown_orgs, strict=False):
        organisations.update_organisation(demo_store, org.id, OrganisationInput(
            org.kind, f"=Organisatie-{org.id} {probe.text.replace(chr(10), ' ')}"[:200],
            org.cbs_code))
    pdf, xlsx = tmp_path / "monitor.pdf", tmp_path / "monitor.xlsx"
    monitor_export.export_monitor(demo_store, TODAY, pdf_path=pdf, xlsx_path=xlsx)
    book = load_workbook(BytesIO(xlsx.read_bytes()))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    shown = "\n".join(str(cell.value) for cell in cells if cell.value is not None)
    assert "=Organisatie-" in shown  # kept, as text
    for text, kind in ((pdf_text(pdf.read_bytes()), "monitor (PDF)"),
                       (shown, "monitor (Excel)")):
        for probe in generic:
            assert leaks(text, probe.forbidden) == [], (kind, probe.text)
            if probe.digits:
                assert not digits_leak(text, probe.digits), (kind, probe.text)
        PROBES[kind] += len(generic)
