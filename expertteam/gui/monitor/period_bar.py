"""The monitor's choice of dates: the meetmoment, the one to compare with and the period of the
in- and outflow figures (empty: the day after the previous meetmoment up to the meetmoment)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from expertteam import formatting as fmt
from expertteam.domain.workdays import add_months
from expertteam.gui.widgets import OptionalDateEdit
from expertteam.i18n import _
from expertteam.services import monitor

Dates = tuple[date, date | None, tuple[date, date] | None]


class PeriodBar(QWidget):
    """The date fields in a row; ``changed`` a moment after the user stops typing."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.meetmoment_edit = OptionalDateEdit()
        self.meetmoment_edit.setDate(today)
        self.meetmoment_edit.setAccessibleName(_("Meetmoment"))
        self.previous_edit = OptionalDateEdit()
        self.previous_edit.setDate(add_months(today, -monitor.DEFAULT_PREVIOUS_MONTHS))
        self.previous_edit.setAccessibleName(_("Vergelijken met"))
        self.period_start_edit = OptionalDateEdit()
        self.period_start_edit.setAccessibleName(_("Periode vanaf"))
        self.period_end_edit = OptionalDateEdit()
        self.period_end_edit.setAccessibleName(_("Periode tot en met"))
        self.period_start_edit.setToolTip(_("Leeg: de dag na het vorige meetmoment"))
        self.period_end_edit.setToolTip(_("Leeg: het meetmoment"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, widget in ((_("&Meetmoment:"), self.meetmoment_edit),
                             (_("Vergelij&ken met:"), self.previous_edit),
                             (_("&Periode:"), self.period_start_edit),
                             (_("t/m"), self.period_end_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(400)
        self._debounce.timeout.connect(self.changed)
        for edit in self.edits():
            edit.dateChanged.connect(self._debounce.start)
        self._meetmoment = self.meetmoment_edit.date()
        self.meetmoment_edit.dateChanged.connect(self._previous_follows)
        for edit in (self.meetmoment_edit, self.previous_edit):
            edit.dateChanged.connect(self._show_period_defaults)
        self._show_period_defaults()

    def edits(self) -> tuple[OptionalDateEdit, ...]:
        return (self.meetmoment_edit, self.previous_edit, self.period_start_edit,
                self.period_end_edit)

    def meetmoment(self) -> date | None:
        """The meetmoment when the field holds a valid date, else None."""
        if not self.meetmoment_edit.has_valid_text():
            return None
        return self.meetmoment_edit.date()

    def dates(self) -> Dates | None:
        """Meetmoment, the one compared with and the period; None when a field is missing or
        unreadable."""
        meetmoment = self.meetmoment_edit.date()
        if meetmoment is None or not all(edit.has_valid_text() for edit in self.edits()):
            return None
        start, end = self.period_start_edit.date(), self.period_end_edit.date()
        previous = self.previous_edit.date()
        period = None
        if start is not None or end is not None:
            first = previous + timedelta(days=1) if previous else add_months(
                meetmoment, -monitor.DEFAULT_PREVIOUS_MONTHS) + timedelta(days=1)
            period = (start or first, end or meetmoment)
        return meetmoment, previous, period

    def _previous_follows(self) -> None:
        """A comparison the user left at its default stays three months before the
        meetmoment."""
        new, old = self.meetmoment_edit.date(), self._meetmoment
        if new is None:
            return
        self._meetmoment = new
        if old is not None and self.previous_edit.date() == add_months(
                old, -monitor.DEFAULT_PREVIOUS_MONTHS):
            self.previous_edit.setDate(add_months(new, -monitor.DEFAULT_PREVIOUS_MONTHS))

    def _show_period_defaults(self) -> None:
        """An empty period field shows the date it stands for (in grey, as placeholder)."""
        meetmoment = self.meetmoment_edit.date()
        if meetmoment is None:
            return
        previous = self.previous_edit.date() or add_months(
            meetmoment, -monitor.DEFAULT_PREVIOUS_MONTHS)
        self.period_start_edit.line_edit.setPlaceholderText(
            fmt.short_date(previous + timedelta(days=1)))
        self.period_end_edit.line_edit.setPlaceholderText(fmt.short_date(meetmoment))
