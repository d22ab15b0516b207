"""The thresholds of the signals, as the region sets them (``signals.save_criteria``)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from expertteam.domain.signal_criteria import Period, PeriodUnit, SignalCriteria, SignalKind
from expertteam.gui.escalations.dialogs import ServiceDialog
from expertteam.gui.widgets import InlineErrors, fill_combo, select_data
from expertteam.i18n import _
from expertteam.services import signals
from expertteam.services.store import Store


def criteria_intro() -> str:
    """What the thresholds do, and that the legal terms stay fixed."""
    return _("De app wijst op wat aan deze drempels voldoet. De wettelijke termijnen (eerste "
             "contact 5 werkdagen, plan van aanpak 6 weken, machtiging uithuisplaatsing 3 "
             "maanden) liggen vast; dat signaal kan wel uit.")


def _spin(low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


class _PeriodEdit(QWidget):
    def __init__(self, period: Period, name: str) -> None:
        super().__init__()
        self.amount = _spin(1, 520, period.amount)
        self.amount.setAccessibleName(_("{name}: aantal").format(name=name))
        self.unit = QComboBox()
        self.unit.setAccessibleName(_("{name}: eenheid").format(name=name))
        fill_combo(self.unit, [(unit.label, unit.value) for unit in PeriodUnit],
                   current=period.unit.value)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.amount)
        row.addWidget(self.unit, 1)

    def period(self) -> Period:
        # Qt hands a str enum back as a plain str: convert on the way out.
        return Period(self.amount.value(), PeriodUnit(str(self.unit.currentData())))

    def set_period(self, period: Period) -> None:
        self.amount.setValue(period.amount)
        select_data(self.unit, period.unit.value)


class CriteriaEditor(QWidget):
    """Which signals are on, and their thresholds, as a form (in the thresholds dialog and on
    a page of the settings dialog). A service error shows under the field it names."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store.with_origin("gui:signals")
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.banner = QLabel()
        self.errors = InlineErrors(self.banner)
        self.stored = signals.get_criteria(self.store)
        current = self.stored
        self.enabled: dict[SignalKind, QCheckBox] = {}
        for index, kind in enumerate(SignalKind):
            box = QCheckBox(kind.label)
            box.setChecked(kind in current.enabled)
            self.enabled[kind] = box
            self.form.addRow(_("Signalen aan") if index == 0 else "", box)
        self.not_met = _spin(1, 20, current.not_met_count, _(" keer"))
        self.overdue = _spin(0, 260, current.overdue_working_days, _(" werkdagen"))
        self.waiting = _PeriodEdit(current.waiting, _("Wachten op passende hulp"))
        self.min_cases = _spin(2, 1000, current.continuity_min_cases, _(" kinderen"))
        self.continuity_window = _PeriodEdit(current.continuity_period,
                                             _("Continuïteit, periode"))
        self.form.addRow(_("Afspraken niet nagekomen, vanaf"), self.not_met)
        self.form.addRow(_("Actie over de termijn, meer dan"), self.overdue)
        self.form.addRow(_("Wachten op passende hulp, langer dan"), self.waiting)
        self.form.addRow(_("Continuïteit: zelfde aanbieder of knelpunt, vanaf"), self.min_cases)
        self.form.addRow(_("… binnen de periode van"), self.continuity_window)
        self.form.addRow(self.banner)
        for field, widget in (("not_met_count", self.not_met),
                              ("overdue_working_days", self.overdue),
                              ("waiting", self.waiting),
                              ("continuity_min_cases", self.min_cases),
                              ("continuity_period", self.continuity_window)):
            self.errors.add(field, widget, self.form)

    def criteria(self) -> SignalCriteria:
        return SignalCriteria(
            enabled=frozenset(kind for kind, box in self.enabled.items() if box.isChecked()),
            not_met_count=self.not_met.value(), overdue_working_days=self.overdue.value(),
            waiting=self.waiting.period(), continuity_min_cases=self.min_cases.value(),
            continuity_period=self.continuity_window.period())

    def show_criteria(self, criteria: SignalCriteria) -> None:
        for kind, box in self.enabled.items():
            box.setChecked(kind in criteria.enabled)
        self.not_met.setValue(criteria.not_met_count)
        self.overdue.setValue(criteria.overdue_working_days)
        self.waiting.set_period(criteria.waiting)
        self.min_cases.setValue(criteria.continuity_min_cases)
        self.continuity_window.set_period(criteria.continuity_period)

    def is_changed(self) -> bool:
        return self.criteria() != self.stored

    def save(self) -> SignalCriteria:
        """Store the thresholds (``signals.save_criteria``); raises what it raises."""
        self.stored = signals.save_criteria(self.store, self.criteria())
        return self.stored


class CriteriaDialog(ServiceDialog):
    """Which signals are on, and their thresholds. "Standaardwaarden" restores the defaults."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(_("Drempels voor signalen"), criteria_intro(), parent)
        self.editor = CriteriaEditor(store, self)
        self.store = self.editor.store
        self.form.addRow(self.editor)
        self.errors = self.editor.errors
        self.enabled, self.waiting = self.editor.enabled, self.editor.waiting
        self.not_met, self.overdue = self.editor.not_met, self.editor.overdue
        self.min_cases = self.editor.min_cases
        self.continuity_window = self.editor.continuity_window
        defaults = self.buttons.addButton(_("Standaardwaarden"),
                                          self.buttons.ButtonRole.ResetRole)
        defaults.clicked.connect(lambda: self.editor.show_criteria(SignalCriteria()))
        self.action = self.editor.save

    def criteria(self) -> SignalCriteria:
        return self.editor.criteria()

    def show_criteria(self, criteria: SignalCriteria) -> None:
        self.editor.show_criteria(criteria)
