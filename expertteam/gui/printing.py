"""PDF bytes onto paper: each page rendered by QtPdf into the printer's painter.

The PDF (made by the services) is the one source of every printed page, so print, preview and
"Opslaan als PDF" show exactly the same document.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSettings, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from expertteam.domain.errors import ExpertteamError
from expertteam.i18n import _
from expertteam.services import files
from expertteam.services.files import ExportRecord
from expertteam.services.store import Store

MAX_PRINT_DPI = 300


class LoadedPdf:
    """A PDF held in memory (never written to a temporary file: it may hold names)."""

    def __init__(self, pdf: bytes) -> None:
        self._buffer = QBuffer()
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self._buffer)
        if self.document.status() is not QPdfDocument.Status.Ready:
            raise ValueError("not a readable PDF")

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def render(self, page: int, width_px: int) -> QImage:
        """Page ``page`` (0-based) as an image ``width_px`` wide, on white."""
        size = self.document.pagePointSize(page)
        height = round(width_px * size.height() / size.width())
        image = self.document.render(page, QSize(width_px, height))
        flat = QImage(image.size(), QImage.Format.Format_RGB32)
        flat.fill(Qt.GlobalColor.white)
        painter = QPainter(flat)
        painter.drawImage(0, 0, image)
        painter.end()
        return flat


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print the PDF's pages (the printer's page range if one was chosen); returns the number
    of pages sent. Each page is scaled to the printable area, keeping its proportions."""
    loaded = LoadedPdf(pdf)
    first, last = 1, loaded.page_count
    if printer.printRange() is QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = max(1, printer.fromPage()), min(loaded.page_count, printer.toPage())
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(_("De printer kan niet worden gebruikt."))
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    sent = 0
    try:
        for page in range(first - 1, last):
            if sent:
                printer.newPage()
            area = QRectF(painter.viewport())
            size = loaded.document.pagePointSize(page)
            scale = min(area.width() / size.width(), area.height() / size.height())
            target = QRectF(area.x(), area.y(), size.width() * scale, size.height() * scale)
            image = loaded.render(page, round(size.width() / 72 * dpi))
            painter.drawImage(target, image)
            sent += 1
    finally:
        painter.end()
    return sent


def preview_dialog(pdf: bytes, title: str, parent: QWidget | None = None
                   ) -> QPrintPreviewDialog:
    """A print preview of the PDF; printing from it prints the same pages."""
    dialog = QPrintPreviewDialog(parent)  # owns its printer
    dialog.printer().setDocName(title)
    dialog.setWindowTitle(_("Afdrukvoorbeeld – {title}").format(title=title))
    dialog.paintRequested.connect(lambda target: print_pdf(pdf, target))
    return dialog


FOLDER_KEY = "documents/last_folder"


def last_folder(settings: QSettings) -> str:
    """The folder a PDF was last saved in (or the home folder)."""
    value = settings.value(FOLDER_KEY)
    return value if isinstance(value, str) and Path(value).is_dir() else str(Path.home())


def write_pdf_file(parent: QWidget, settings: QSettings, pdf: bytes, filename: str,
                   path: Path | None = None, *, store: Store | None = None,
                   export: ExportRecord | None = None) -> Path | None:
    """Save ``pdf`` (asking where with a QFileDialog unless ``path`` is given), as
    ``write_file`` does."""
    return write_file(parent, settings, pdf, filename, path, title=_("Opslaan als PDF"),
                      file_filter=_("PDF-documenten (*.pdf)"), suffix=".pdf", store=store,
                      export=export)


def write_file(parent: QWidget, settings: QSettings, content: bytes, filename: str,
               path: Path | None = None, *, title: str, file_filter: str, suffix: str,
               store: Store | None = None, export: ExportRecord | None = None) -> Path | None:
    """Save ``content`` (asking where with a QFileDialog unless ``path`` is given; ``suffix``
    is added when the chosen name lacks it) through ``files.export_file`` (atomic; logged as
    an export, or a failed one, when ``store`` and ``export`` are given), remember the folder,
    and say so in Dutch when the file cannot be written. The path, or None."""
    if path is None:
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, title, str(Path(last_folder(settings)) / filename), file_filter)
        if not chosen:
            return None
        path = Path(chosen)
    if path.suffix.lower() != suffix:
        path = path.with_suffix(suffix)
    try:
        if store is not None and export is not None:
            files.export_file(store, path, content, export)
        else:
            files.write_atomically(path, content)
    except ExpertteamError as error:
        QMessageBox.warning(parent, title, error.message)
        return None
    settings.setValue(FOLDER_KEY, str(path.parent))
    return path
