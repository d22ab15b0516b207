"""The export/print dialog, the letterhead dialog and the batch export, with real widgets on a
real database; PDFs read back with pypdf."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import AuditAction, AuditResult
from expertteam.gui.documents.batch import BatchExport
from expertteam.gui.documents.export_dialog import DocumentKind, ExportDialog
from expertteam.gui.documents.letterhead_dialog import LetterheadDialog
from expertteam.gui.documents.menu import DocumentActions
from expertteam.gui.printing import FOLDER_KEY, preview_dialog, print_pdf
from expertteam.services import audit, documents, letterhead
from expertteam.services.store import Store
from tests.documents.world import World, build_world, pdf_text


@pytest.fixture
def world(demo_store: Store) -> World:
    return build_world(demo_store)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _dialog(qtbot: QtBot, world: World, settings: QSettings, **kwargs: object) -> ExportDialog:
    dialog = ExportDialog(world.store, settings=settings, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    return dialog


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_names_are_off_by_default_and_ticking_warns(qtbot: QtBot, world: World,
                                                    settings: QSettings) -> None:
    dialog = _dialog(qtbot, world, settings)
    assert not dialog.with_names.isChecked()
    assert dialog.names_warning.isHidden()
    dialog.with_names.setChecked(True)
    assert not dialog.names_warning.isHidden()
    assert "namen van kinderen" in dialog.names_warning.text()
    dialog.with_names.setChecked(False)
    assert dialog.names_warning.isHidden()


def test_subjects_follow_the_document_choice(qtbot: QtBot, world: World,
                                             settings: QSettings) -> None:
    dialog = _dialog(qtbot, world, settings)
    assert dialog.kind() is DocumentKind.MINUTES
    assert dialog.subject_id() == world.meeting_id
    assert "Stadhuis Hoorn" in dialog.subject_box.currentText()
    dialog.kind_box.setCurrentIndex(list(DocumentKind).index(DocumentKind.ACTION_LIST))
    labels = [dialog.subject_box.itemText(i) for i in range(dialog.subject_box.count())]
    assert "GGZ Jong Westfriesland (1 open)" in labels
    dialog.kind_box.setCurrentIndex(list(DocumentKind).index(DocumentKind.AGREEMENT_SHEET))
    labels = [dialog.subject_box.itemText(i) for i in range(dialog.subject_box.count())]
    assert any(label.startswith("ET-2026-0001 · N.V. · ") for label in labels)
    assert not any("Noël" in label for label in labels)


def test_empty_database_says_why_nothing_can_be_made(qtbot: QtBot, store: Store,
                                                     settings: QSettings) -> None:
    dialog = ExportDialog(store, settings=settings)
    qtbot.addWidget(dialog)
    assert dialog.subject_box.count() == 0
    assert "nog geen gesloten overleg" in dialog.status.text()
    assert not dialog.save_button.isEnabled()
    assert not dialog.print_button.isEnabled()


def test_save_as_pdf_pseudonymised_then_with_names(qtbot: QtBot, world: World,
                                                   settings: QSettings, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = _dialog(qtbot, world, settings, kind=DocumentKind.AGREEMENT_SHEET,
                     subject_id=world.chloe)
    target = tmp_path / "uit" / "overzicht"
    target.parent.mkdir()
    asked: list[str] = []

    def fake_save(*args: object, **_kwargs: object) -> tuple[str, str]:
        asked.append(str(args[2]))  # the suggested path
        return str(target), "PDF-documenten (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    with qtbot.waitSignal(dialog.exported) as signal:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    written = target.with_suffix(".pdf")
    assert signal.args == [str(written)]
    assert asked[0].endswith("afspraken-ET-2026-0002-2026-11-23.pdf")
    text = pdf_text(written.read_bytes())
    assert "ET-2026-0002 · C.J." in text
    assert "Chloë" not in text
    assert settings.value(FOLDER_KEY) == str(written.parent)
    dialog.with_names.setChecked(True)
    named = dialog.save_pdf(tmp_path / "met-naam.pdf")
    assert named is not None
    assert "Chloë Jansen" in pdf_text(named.read_bytes())
    details = [e.detail for e in audit.list_entries(world.store)
               if e.action is AuditAction.EXPORT and e.object_type == "case"]
    assert details[:2] == ["afsprakenoverzicht; met naam", "afsprakenoverzicht; gepseudonimiseerd"]


def test_print_sends_every_page_and_logs_a_print(qtbot: QtBot, world: World,
                                                 settings: QSettings, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, world, settings)
    out = tmp_path / "printed.pdf"
    pages = dialog.print_document(_pdf_printer(out))
    expected = len(PdfReader(BytesIO(documents.minutes_pdf(world.store,
                                                           world.meeting_id).pdf)).pages)
    assert pages == expected
    assert len(PdfReader(str(out)).pages) == expected
    assert "naar de printer" in dialog.status.text()
    printed = [e for e in audit.list_entries(world.store) if e.action is AuditAction.PRINT]
    assert printed[0].detail == "verslag; gepseudonimiseerd; v1"
    assert printed[0].result is AuditResult.OK


def test_print_honours_a_page_range(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    pdf = documents.minutes_pdf(world.store, world.meeting_id).pdf
    printer = _pdf_printer(tmp_path / "range.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert print_pdf(pdf, printer) == 1


def test_preview_paints_the_same_pages(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    pdf = documents.agreement_sheet_pdf(world.store, world.noel).pdf
    preview = preview_dialog(pdf, "Afsprakenoverzicht ET-2026-0001")
    qtbot.addWidget(preview)
    assert "Afsprakenoverzicht ET-2026-0001" in preview.windowTitle()
    out = tmp_path / "preview.pdf"
    preview.paintRequested.emit(_pdf_printer(out))
    assert len(PdfReader(str(out)).pages) == len(PdfReader(BytesIO(pdf)).pages)


def test_batch_export_writes_every_list(qtbot: QtBot, world: World, settings: QSettings,
                                        tmp_path: Path) -> None:
    dialog = _dialog(qtbot, world, settings)
    folder = tmp_path / "lijsten"
    batch = dialog.export_all_action_lists(folder)
    assert batch is not None
    with qtbot.waitSignal(batch.finished, timeout=20_000) as signal:
        pass
    assert signal.args == [2, False]
    assert sorted(p.name for p in folder.iterdir()) == [
        "acties-ggz-jong-westfriesland-2026-11-23.pdf",
        "acties-jeugdbescherming-noord-2026-11-23.pdf"]
    assert "2 actielijsten opgeslagen" in dialog.status.text()
    assert batch.dialog.isHidden()


def test_batch_export_can_be_cancelled(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    batch = BatchExport(world.store, tmp_path / "leeg", False, parent)
    batch.worker.control.cancel()  # as if "Annuleren" was pressed at once
    with qtbot.waitSignal(batch.finished, timeout=20_000) as signal:
        batch.start()
    assert signal.args == [0, True]
    assert "Geannuleerd" in batch.summary(0, True)
    # Cancelled while the first list is being written: the batch stops before the second.
    batch2 = BatchExport(world.store, tmp_path / "half", False, parent)
    batch2.worker.progressed.connect(lambda *_args: batch2.worker.control.cancel(),
                                   Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(batch2.finished, timeout=20_000) as signal:
        batch2.start()
    assert signal.args == [1, True]
    assert len(list((tmp_path / "half").iterdir())) == 1


def test_cancel_button_asks_the_worker_to_stop(qtbot: QtBot, world: World,
                                               tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    batch = BatchExport(world.store, tmp_path / "x", False, parent)
    batch.dialog.canceled.emit()  # what the "Annuleren" button sends
    assert batch.worker.control.cancelled()
    assert "Stoppen" in batch.dialog.labelText()


def test_letterhead_dialog_previews_live_and_saves(qtbot: QtBot, demo_store: Store,
                                                   tmp_path: Path) -> None:
    dialog = LetterheadDialog(demo_store)
    qtbot.addWidget(dialog)
    assert dialog.region_name.text() == "Expertteam Westfriesland"
    first = dialog.preview.pixmap().cacheKey()
    assert not dialog.preview.pixmap().isNull()
    dialog.region_name.setText("Expertteam Noord-Holland Noord")
    dialog.signatory_name.setText("Chloë van den Broek")  # set, never typed: non-ASCII
    qtbot.waitUntil(lambda: dialog.preview.pixmap().cacheKey() != first, timeout=5000)

    dialog.region_name.clear()
    assert not dialog.refresh_preview()
    assert "verplicht" in dialog.error.text()
    dialog.region_name.setText("Expertteam Noord-Holland Noord")
    assert dialog.refresh_preview()
    assert dialog.error.text() == ""

    not_an_image = tmp_path / "logo.png"
    not_an_image.write_bytes(b"dit is tekst")
    assert not dialog.choose_logo(not_an_image)
    assert "geen afbeelding" in dialog.error.text()
    from PIL import Image

    logo = tmp_path / "echt.png"
    Image.new("RGB", (200, 80), (0, 80, 160)).save(logo)
    assert dialog.choose_logo(logo)
    assert not dialog.logo_label.pixmap().isNull()
    assert dialog.remove_logo_button.isEnabled()
    dialog.address.setPlainText("Postbus 603\n1620 AR Hoorn")
    dialog.save()
    assert dialog.result() == LetterheadDialog.DialogCode.Accepted
    stored = letterhead.get_letterhead(demo_store)
    assert stored.region_name == "Expertteam Noord-Holland Noord"
    assert stored.signatory_name == "Chloë van den Broek"
    assert stored.logo is not None
    assert stored.address_lines == ("Postbus 603", "1620 AR Hoorn")


def test_letterhead_dialog_refuses_to_save_invalid_input(qtbot: QtBot,
                                                         demo_store: Store) -> None:
    dialog = LetterheadDialog(demo_store)
    qtbot.addWidget(dialog)
    dialog.address.setPlainText("\n".join(f"regel {n}" for n in range(7)))
    dialog.save()
    assert dialog.result() != LetterheadDialog.DialogCode.Accepted
    assert "5 regels" in dialog.error.text()
    assert letterhead.get_letterhead(demo_store).address == ""


def test_menu_entries_open_the_dialogs(qtbot: QtBot, world: World) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = DocumentActions(parent, world.store, lambda: world.chloe).actions
    assert [a.text() for a in actions] == ["&Document maken en afdrukken…",
                                           "Afsprakenoverzicht van deze &casus…",
                                           "&Briefpapier…"]
    actions[1].trigger()
    dialog = parent.findChildren(ExportDialog)[0]
    assert dialog.kind() is DocumentKind.AGREEMENT_SHEET
    assert dialog.subject_id() == world.chloe
    dialog.close()
    actions[2].trigger()
    assert parent.findChildren(LetterheadDialog)
