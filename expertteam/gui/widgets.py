"""Small reusable widgets: an optional date field and inline display of validation errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import cast

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from expertteam import clock
from expertteam.domain.errors import ExpertteamError, ValidationError
from expertteam.formatting import parse_date, short_date
from expertteam.i18n import _

ERROR_COLOUR = "#b00020"
OK_COLOUR = "#1b5e20"
INVALID_PROPERTY = "invalid"
# Applied to a dialog so that a field with ``invalid=true`` gets a red frame: 3 pixels, as wide as
# the native frame with its margin, so that the field keeps its height.
INVALID_STYLE = (f'QLineEdit[{INVALID_PROPERTY}="true"], QPlainTextEdit[{INVALID_PROPERTY}="true"],'
                 f' QComboBox[{INVALID_PROPERTY}="true"] {{ border: 3px solid {ERROR_COLOUR};'
                 ' padding: 0px; }')


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Mark a field as invalid (red frame via ``INVALID_STYLE``) or valid again."""
    if bool(widget.property(INVALID_PROPERTY)) == invalid:
        return
    # Polishing again under a style sheet drops the font the widget inherited (the large type
    # of the live screen's dialogs): the field would shrink to a thin strip. Keep it.
    font = widget.font()
    widget.setProperty(INVALID_PROPERTY, invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.setFont(font)
    widget.update()


class _CalendarPopup(QFrame):
    picked = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.calendar = QCalendarWidget(self)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.ISOWeekNumbers)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)
        layout.addWidget(self.calendar)

    def _pick(self, value: QDate) -> None:
        self.picked.emit(value)
        self.hide()


_Date = date  # ``OptionalDateEdit.date`` shadows the type inside the class body


class OptionalDateEdit(QWidget):
    """A date field that may stay empty (QDateEdit cannot), typed as dd-mm-jjjj or picked from
    a calendar (button, Alt+Down or F4). ``date()`` is None when empty; text that is not a date
    is flagged in red and reported by ``has_valid_text()``. A field for a date in the past (a
    birth date: ``past=True``) reads a two-digit year as the latest one not in the future."""

    dateChanged = Signal()  # noqa: N815 - Qt naming, like QDateEdit.dateChanged

    def __init__(self, parent: QWidget | None = None, *, past: bool = False) -> None:
        super().__init__(parent)
        self.past = past
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText(_("dd-mm-jjjj"))
        self.line_edit.setClearButtonEnabled(True)
        self.line_edit.setMaxLength(10)
        self.line_edit.setToolTip(_("Datum als dd-mm-jjjj; leeg laten mag. Alt+↓ opent de "
                                    "kalender."))
        width = self.line_edit.fontMetrics().horizontalAdvance("00-00-00000") + 36
        self.line_edit.setMinimumWidth(width)
        self.line_edit.textChanged.connect(self._on_text_changed)
        self.line_edit.editingFinished.connect(self._normalise_text)
        self.line_edit.installEventFilter(self)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip(_("Kalender openen"))
        self.button.setAccessibleName(_("Kalender openen"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.show_calendar)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.button)
        # A date needs ten characters: never stretch across a form, never grow in height.
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.setFocusProxy(self.line_edit)
        self._popup: _CalendarPopup | None = None
        self._last: _Date | None = None

    # --- value -------------------------------------------------------------------------
    def date(self) -> _Date | None:
        return self._parse(self.line_edit.text()) if self.line_edit.text().strip() else None

    def _parse(self, text: str) -> _Date | None:
        return parse_date(text, past=self.past, today=clock.today())

    def setDate(self, value: _Date | None) -> None:  # noqa: N802 - Qt naming
        self.line_edit.setText(short_date(value))

    def clear(self) -> None:
        self.line_edit.clear()

    def has_valid_text(self) -> bool:
        text = self.line_edit.text().strip()
        return not text or self._parse(text) is not None

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 - Qt naming
        self.line_edit.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    # --- behaviour ----------------------------------------------------------------------
    def _on_text_changed(self, _text: str) -> None:
        set_invalid(self.line_edit, not self.has_valid_text())
        current = self.date()
        if current != self._last:
            self._last = current
            self.dateChanged.emit()

    def _normalise_text(self) -> None:
        value = self.date()
        if value is not None and self.line_edit.text() != short_date(value):
            self.line_edit.setText(short_date(value))

    def show_calendar(self) -> None:
        if self.line_edit.isReadOnly():
            return
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(self._on_picked)
        current = self.date() or clock.today()
        self._popup.calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self._popup.adjustSize()
        self._popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self._popup.show()
        self._popup.calendar.setFocus()

    def _on_picked(self, value: QDate) -> None:
        self.setDate(date(value.year(), value.month(), value.day()))
        self.line_edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.line_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt_down = (event.key() == Qt.Key.Key_Down
                        and event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.show_calendar()
                return True
        return super().eventFilter(watched, event)


def fill_combo(combo: QComboBox, items: Iterable[tuple[str, object]], *,
               empty_label: str | None = None, current: object = None) -> None:
    """Fill ``combo`` with (label, data) pairs, optionally after an empty choice (data None),
    and select the item whose data equals ``current``."""
    combo.blockSignals(True)
    combo.clear()
    if empty_label is not None:
        combo.addItem(empty_label, None)
    for label, data in items:
        combo.addItem(label, data)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def select_data(combo: QComboBox, value: object) -> bool:
    """Select the item carrying ``value`` (None selects the empty first item). False if absent."""
    index = 0 if value is None else combo.findData(value)
    if index < 0:
        return False
    combo.setCurrentIndex(index)
    return True


def error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class InlineErrors:
    """Shows a service error where it belongs: under the field a ``ValidationError`` names
    (red text, red frame, focus), or in a banner for anything else. Nothing typed is lost."""

    def __init__(self, banner: QLabel) -> None:
        self.banner = banner
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            f"color: {ERROR_COLOUR}; background: #fdecee; border: 1px solid {ERROR_COLOUR};"
            " padding: 6px;")
        self.banner.hide()
        self._fields: dict[str, tuple[QWidget, QLabel, QFormLayout | None]] = {}
        self._resolvers: list[Callable[[str], str | None]] = []
        self._shown: list[str] = []

    def add(self, field: str, widget: QWidget, form: QFormLayout | None = None, *,
            label: QLabel | None = None) -> QLabel:
        """Register ``widget`` as the place for errors on ``field``: a red line is inserted
        under its row of ``form`` (found when not given), or ``label`` is used when the field
        already has a status label of its own (the BSN's live check)."""
        if label is not None:
            self._fields[field] = (widget, label, None)
            return label
        layout = form or _form_of(widget)
        position = cast(tuple[int, QFormLayout.ItemRole],
                        layout.getWidgetPosition(_row_widget(widget, layout)))
        row = position[0]
        line = error_label()
        line.setObjectName(f"error_{field}")
        layout.insertRow(row + 1, "", line)
        layout.setRowVisible(line, False)
        self._fields[field] = (widget, line, layout)
        return line

    def add_resolver(self, resolver: Callable[[str], str | None]) -> None:
        """A resolver maps a field name the service uses (``measures[2].plan_on``) to a
        registered field (``measure.plan_on``) after making that item current."""
        self._resolvers.append(resolver)

    def label_for(self, field: str) -> QLabel | None:
        entry = self._fields.get(field)
        return entry[1] if entry else None

    def show(self, error: ExpertteamError) -> str | None:
        """Show ``error``; return the registered field it was shown at (None: the banner)."""
        self.clear()
        field = error.field if isinstance(error, ValidationError) else None
        if field is not None and field not in self._fields:
            for resolver in self._resolvers:
                resolved = resolver(field)
                if resolved is not None:
                    field = resolved
                    break
        if field is None or field not in self._fields:
            self.banner.setText(error.message)
            self.banner.show()
            return None
        self.show_at(field, error.message)
        return field

    def show_at(self, field: str, message: str) -> None:
        widget, label, layout = self._fields[field]
        if layout is None:
            label.setText(status_label(message, ok=False))
        else:
            label.setText(message)
            layout.setRowVisible(label, True)
        set_invalid(_focus_target(widget), True)
        widget.setAccessibleDescription(message)
        _reveal(widget)
        _focus_target(widget).setFocus(Qt.FocusReason.OtherFocusReason)
        self._shown.append(field)

    def clear(self) -> None:
        self.banner.hide()
        self.banner.clear()
        for field in self._shown:
            widget, label, layout = self._fields[field]
            if layout is not None:  # an own status label keeps what its owner shows
                label.clear()
                layout.setRowVisible(label, False)
            set_invalid(_focus_target(widget), False)
            widget.setAccessibleDescription("")
        self._shown.clear()

    def shown_fields(self) -> list[str]:
        return list(self._shown)

    def fields(self) -> dict[str, QWidget]:
        return {field: entry[0] for field, entry in self._fields.items()}


def _focus_target(widget: QWidget) -> QWidget:
    if isinstance(widget, OptionalDateEdit):
        return widget.line_edit
    return widget


def _form_of(widget: QWidget) -> QFormLayout:
    parent = widget.parentWidget()
    while parent is not None:
        layout = parent.layout()
        if layout is not None:
            found = _find_form(layout, widget)
            if found is not None:
                return found
        parent = parent.parentWidget()
    raise LookupError(f"{widget.objectName()} is not in a QFormLayout")


def _find_form(layout: QLayout, widget: QWidget) -> QFormLayout | None:
    if isinstance(layout, QFormLayout) and layout.indexOf(_row_widget(widget, layout)) >= 0:
        return layout
    for index in range(layout.count()):
        item = layout.itemAt(index)
        child = item.layout() if item is not None else None
        if child is not None:
            found = _find_form(child, widget)
            if found is not None:
                return found
    return None


def _row_widget(widget: QWidget, form: QFormLayout) -> QWidget:
    """The widget that occupies the form row: ``widget`` or the container holding it."""
    current: QWidget | None = widget
    while current is not None and form.indexOf(current) < 0:
        current = current.parentWidget()
    return current if current is not None else widget


def _reveal(widget: QWidget) -> None:
    """Switch every enclosing tab to the page holding ``widget``."""
    child: QWidget = widget
    parent = widget.parentWidget()
    while parent is not None:
        tabs = parent.parentWidget()
        if isinstance(parent, QStackedWidget) and isinstance(tabs, QTabWidget):
            tabs.setCurrentWidget(child)
        child = parent
        parent = parent.parentWidget()


def status_label(text: str, ok: bool) -> str:
    """Rich text for a short status next to a field: green when fine, red when not."""
    colour = OK_COLOUR if ok else ERROR_COLOUR
    return f'<span style="color:{colour}">{text}</span>'



def on_change(widget: QWidget, slot: Callable[[], None]) -> None:
    """Call ``slot`` (without arguments) whenever the user changes ``widget``."""
    if isinstance(widget, OptionalDateEdit):
        widget.dateChanged.connect(slot)
        widget.line_edit.textChanged.connect(lambda _text: slot())
    elif isinstance(widget, QLineEdit):
        widget.textChanged.connect(lambda _text: slot())
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda _index: slot())
