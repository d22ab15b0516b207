"""Make the Word templates that ship with the app (expertteam/resources/templates/*.docx).

    python tools/make_word_templates.py

Each template is an ordinary .docx with docxtpl (Jinja) placeholders; the names are those of
``expertteam.documents.word`` (``PLACEHOLDERS``). A region can open one in Word, restyle it
(logo, house font, colours) and load it in the settings; this script is how the shipped ones
are made, so they can be changed and made again. Needs python-docx (a dependency of the app).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TARGET = Path(__file__).resolve().parent.parent / "expertteam" / "resources" / "templates"
FONT = "Arial"
GREY = RGBColor(0x40, 0x40, 0x40)


def _new() -> DocumentObject:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(1.5), Cm(2)
    styles = document.styles
    styles["Normal"].font.name = FONT
    styles["Normal"].font.size = Pt(10)
    for name, size in (("Title", 18), ("Heading 1", 13), ("Heading 2", 11)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.rPr.rFonts  # a theme font would win over the name above
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
    # Letterhead, right-aligned, as on the PDF.
    region = document.add_paragraph()
    region.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    region.add_run("{{ briefhoofd.regio }}").bold = True
    address = document.add_paragraph()
    address.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = address.add_run("{{ briefhoofd.adres }}")
    run.font.size, run.font.color.rgb = Pt(8), GREY
    footer = section.footer.paragraphs[0]
    footer.add_run("VERTROUWELIJK").bold = True
    footer.add_run(" · {{ documentdatum }} · versie {{ versie }}")
    note = section.footer.add_paragraph()
    run = note.add_run("{{ briefhoofd.voettekst }}")
    run.font.size, run.font.color.rgb = Pt(7), GREY
    return document


def _facts(document: DocumentObject, rows: Sequence[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
        cells[0].width, cells[1].width = Cm(5), Cm(12)
    document.add_paragraph()


def _loop_table(document: DocumentObject, headers: Sequence[str], loop: str,
                cells: Sequence[str], widths: Sequence[float]) -> None:
    """A ruled table: a header row, then one row per item of ``loop`` ("a in acties")."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
        cell.width = Cm(width)
    table.add_row().cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    row = table.add_row().cells
    for cell, text, width in zip(row, cells, widths, strict=True):
        cell.paragraphs[0].add_run(text)
        cell.width = Cm(width)
    table.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
    document.add_paragraph()


def _paragraphs(document: DocumentObject, variable: str) -> None:
    """One paragraph per item of a list of paragraphs (a letter's free text)."""
    document.add_paragraph(f"{{%p for alinea in {variable} %}}")
    document.add_paragraph("{{ alinea }}")
    document.add_paragraph("{%p endfor %}")


def _signature(document: DocumentObject) -> None:
    document.add_paragraph("{%p if briefhoofd.ondertekenaar %}")
    document.add_paragraph("Met vriendelijke groet,")
    document.add_paragraph("{{ briefhoofd.ondertekenaar }}\n{{ briefhoofd.functie }}\n"
                           "{{ briefhoofd.regio }}")
    document.add_paragraph("{%p endif %}")


_ACTION_COLUMNS = (("Nr.", "{{ a.nummer }}", 1.2), ("Casus", "{{ a.casus }}", 3.2),
                   ("Actie", "{{ a.actie }}", 5.6), ("Actiehouder", "{{ a.actiehouder }}", 3.2),
                   ("Uiterlijk", "{{ a.uiterlijk }} {{ a.verlopen }}", 2.0),
                   ("Status", "{{ a.status }}", 1.8))


def minutes() -> DocumentObject:
    document = _new()
    document.add_paragraph("Verslag expertteamoverleg", "Title")
    document.add_paragraph("{{ team }}")
    _facts(document, [("Expertteam", "{{ team }}"), ("Datum", "{{ datum }}"),
                      ("Plaats", "{{ plaats }}"), ("Voorzitter", "{{ voorzitter }}"),
                      ("Notulist", "{{ notulist }}"), ("Status", "{{ status }}")])
    document.add_paragraph("{%p if aanvullingen %}")
    document.add_paragraph("Aanvullingen na vaststelling", "Heading 1")
    document.add_paragraph("{%p for v in aanvullingen %}")
    document.add_paragraph("Aanvulling versie {{ v.versie }} ({{ v.datum }})", "Heading 2")
    document.add_paragraph("{{ v.tekst }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("Aanwezigheid", "Heading 1")
    _loop_table(document, ("Organisatie", "Soort", "Vertegenwoordiger", "Aanwezigheid"),
                "p in aanwezigheid", ("{{ p.organisatie }}", "{{ p.soort }}", "{{ p.persoon }}",
                                      "{{ p.status }}"), (6.0, 4.0, 4.0, 3.0))
    document.add_paragraph("Besprekingen", "Heading 1")
    document.add_paragraph("{%p for s in besprekingen %}")
    document.add_paragraph("{{ s.nummer }}. {{ s.kop }}", "Heading 2")
    document.add_paragraph("{{ s.soort }}").runs[0].italic = True
    document.add_paragraph("{%p if not s.besproken %}")
    document.add_paragraph("Niet besproken.")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("{{ s.samenvatting }}")
    document.add_paragraph("{%p for b in s.besluiten %}")
    document.add_paragraph("Besluit {{ b.nummer }}: {{ b.tekst }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p for a in s.acties %}")
    document.add_paragraph("Nieuwe afspraak {{ a.nummer }}: {{ a.actie }} — {{ a.actiehouder }},"
                           " uiterlijk {{ a.uiterlijk }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p if opmerkingen %}")
    document.add_paragraph("Overige opmerkingen", "Heading 2")
    document.add_paragraph("{{ opmerkingen }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("Besluitenlijst", "Heading 1")
    _loop_table(document, ("Nr.", "Casus", "Besluit"), "b in besluiten",
                ("{{ b.nummer }}", "{{ b.casus }}", "{{ b.tekst }}"), (1.2, 4.0, 11.8))
    document.add_paragraph("Actielijst", "Heading 1")
    _loop_table(document, [c[0] for c in _ACTION_COLUMNS], "a in acties",
                [c[1] for c in _ACTION_COLUMNS], [c[2] for c in _ACTION_COLUMNS])
    return document


def action_list() -> DocumentObject:
    document = _new()
    document.add_paragraph("Openstaande acties", "Title")
    document.add_paragraph("{{ organisatie }}")
    _facts(document, [("Actiehouder", "{{ organisatie }}"), ("Soort organisatie", "{{ soort }}"),
                      ("Contactpersonen", "{{ contactpersonen }}"),
                      ("Stand per", "{{ stand_per }}"),
                      ("Expertteam", "{{ briefhoofd.regio }}")])
    document.add_paragraph("{%p if acties %}")
    document.add_paragraph("Dit overzicht bevat de afspraken uit het expertteam waarvoor "
                           "{{ organisatie }} actiehouder is en die nog openstaan, over alle "
                           "casussen. Wilt u de voortgang vóór de uiterlijke datum aan het "
                           "expertteam melden?")
    document.add_paragraph("{{ aantal }} openstaande actie(s), waarvan {{ verlopen }} met "
                           "verlopen termijn.", "Heading 2")
    columns = [c for c in _ACTION_COLUMNS if c[0] not in ("Actiehouder", "Status")]
    columns.append(("Uitgesteld", "{{ a.uitgesteld }}", 2.0))
    _loop_table(document, [c[0] for c in columns], "a in acties", [c[1] for c in columns],
                [c[2] for c in columns])
    document.add_paragraph("{%p else %}")
    document.add_paragraph("Er staan geen acties open voor {{ organisatie }}.")
    document.add_paragraph("{%p endif %}")
    _signature(document)
    return document


def _letter_opening(document: DocumentObject) -> None:
    document.add_paragraph("{%p if brief.concept %}")
    document.add_paragraph("CONCEPT — nog niet definitief; niet verzenden.").runs[0].bold = True
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{{ brief.aan }}", "Heading 2")
    _facts(document, [("Datum", "{{ brief.datum }}"), ("Ons kenmerk", "{{ brief.kenmerk }}"),
                      ("Betreft", "{{ brief.betreft }}"),
                      ("Contactpersoon", "{{ brief.contactpersoon }}")])
    document.add_paragraph("Geachte heer, mevrouw,")


def _letter_closing(document: DocumentObject) -> None:
    document.add_paragraph("{%p if eerdere %}")
    document.add_paragraph("Eerdere escalaties", "Heading 1")
    _loop_table(document, ("Kenmerk", "Aan", "Verzonden", "Status", "Antwoord op"),
                "e in eerdere", ("{{ e.kenmerk }}", "{{ e.aan }}", "{{ e.verzonden }}",
                                 "{{ e.status }}", "{{ e.antwoord_op }}"),
                (2.6, 6.4, 2.6, 2.6, 2.8))
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("Ons verzoek", "Heading 1")
    _paragraphs(document, "verzoek")
    _paragraphs(document, "slot")
    document.add_paragraph("Met vriendelijke groet,")
    document.add_paragraph("{{ briefhoofd.ondertekenaar }}\n{{ briefhoofd.functie }}\n"
                           "{{ briefhoofd.regio }}")


def case_letter() -> DocumentObject:
    document = _new()
    _letter_opening(document)
    _paragraphs(document, "inleiding")
    document.add_paragraph("Het kind", "Heading 1")
    _facts(document, [("Casus", "{{ casus }}"), ("Initialen", "{{ initialen }}"),
                      ("Geboortejaar", "{{ geboortejaar }}"), ("Maatregel", "{{ maatregelen }}"),
                      ("Gemeente (regie)", "{{ gemeente }}"),
                      ("Gecertificeerde instelling", "{{ gi }}"), ("Wacht op", "{{ wacht_op }}")])
    document.add_paragraph("Knelpunten", "Heading 1")
    _loop_table(document, ("Knelpunt", "Bij", "Sinds"), "k in knelpunten",
                ("{{ k.soort }}", "{{ k.bij }}", "{{ k.sinds }}"), (8.5, 5.8, 2.7))
    document.add_paragraph("{%p if doel %}")
    document.add_paragraph("Doorbraakdoel", "Heading 1")
    _paragraphs(document, "doel")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("Niet nagekomen afspraken", "Heading 1")
    _loop_table(document, ("Deelnemer", "Afspraak", "Termijn", "Wat er gebeurde"),
                "m in niet_nagekomen", ("{{ m.deelnemer }}", "{{ m.afspraak }}",
                                        "{{ m.termijn }}", "{{ m.uitkomst }}"),
                (3.8, 7.3, 2.0, 3.9))
    document.add_paragraph("Tijdlijn van de afspraken", "Heading 1")
    _loop_table(document, ("Datum", "Deelnemer", "Wat", "Nagekomen"), "t in tijdlijn",
                ("{{ t.datum }}", "{{ t.deelnemer }}", "{{ t.tekst }}", "{{ t.nagekomen }}"),
                (2.0, 3.4, 8.9, 2.7))
    _letter_closing(document)
    return document


def continuity_letter() -> DocumentObject:
    document = _new()
    _letter_opening(document)
    document.add_paragraph("Het probleem", "Heading 1")
    _paragraphs(document, "probleem")
    _facts(document, [("Welke zorg", "{{ zorg }}"), ("Bij", "{{ bij }}"),
                      ("Sinds", "{{ sinds }}"), ("Gemeenten", "{{ gemeenten }}"),
                      ("Knelpunten", "{{ knelpuntsoorten }}")])
    document.add_paragraph("De feiten", "Heading 1")
    document.add_paragraph("Het expertteam heeft {{ kinderen }} kind(eren) in beeld bij wie dit "
                           "probleem speelt.")
    for title, variable in (("Knelpunt", "per_knelpunt"), ("Gemeente", "per_gemeente")):
        _loop_table(document, (title, "Kinderen", "Aandeel"), f"c in {variable}",
                    ("{{ c.naam }}", "{{ c.aantal }}", "{{ c.aandeel }}"), (10.9, 2.7, 3.4))
    document.add_paragraph("Wachttijd", "Heading 2")
    _facts(document, [("Kinderen die wachten", "{{ wachtend }}"), ("Mediaan", "{{ mediaan }}"),
                      ("Langste", "{{ langste }}")])
    document.add_paragraph("Niet nagekomen afspraken", "Heading 2")
    document.add_paragraph("Voor deze kinderen zijn in het expertteam {{ afspraken }} "
                           "afspraken gemaakt.")
    _loop_table(document, ("Organisatie", "Afspraken niet nagekomen", "Keer"),
                "n in niet_nagekomen_door", ("{{ n.naam }}", "{{ n.aantal }}", "{{ n.keer }}"),
                (9.5, 4.4, 3.1))
    document.add_paragraph("Casusreferenties (gepseudonimiseerd)", "Heading 2")
    document.add_paragraph("{{ casusreferenties }}")
    document.add_paragraph("Casusnummer en geboortejaar; de casussen zelf blijven bij het "
                           "expertteam. Deze brief bevat geen namen, BSN's, adressen of "
                           "geboortedata van kinderen.").runs[0].italic = True
    document.add_paragraph("Wat de regio al heeft gedaan", "Heading 1")
    _paragraphs(document, "geprobeerd")
    _letter_closing(document)
    return document


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    for kind, build in (("verslag", minutes), ("actielijst", action_list),
                        ("escalatiebrief", case_letter), ("continuiteitsbrief", continuity_letter)):
        document = build()
        document.core_properties.title = kind
        document.core_properties.author = "Expertteam"
        path = TARGET / f"{kind}.docx"
        document.save(str(path))
        print(f"written: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
