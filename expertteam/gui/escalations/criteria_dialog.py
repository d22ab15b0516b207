"""The thresholds of the signals, as the region sets them (``signals.save_criteria``)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QSpinBox, QWidget

from expertteam.domain.signals import Period, PeriodUnit, SignalCriteria, SignalKind
from expertteam.gui.escalations.dialogs import ServiceDialog
from expertteam.gui.widgets import fill_combo, select_data
from expertteam.i18n import _
from expertteam.services import signals
from expertteam.services.store import Store


def _spin(low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


class _PeriodEdit(QWidget):
    def __init__(self, period: Period) -> None:
        super().__init__()
        self.amount = _spin(1, 520, period.amount)
        self.unit = QComboBox()
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


class CriteriaDialog(ServiceDialog):
    """Which signals are on, and their thresholds. "Standaardwaarden" restores the defaults."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(_("Drempels voor signalen"), _(
            "De app wijst op wat aan deze drempels voldoet. De wettelijke termijnen (eerste "
            "contact 5 werkdagen, plan van aanpak 6 weken, machtiging uithuisplaatsing 3 "
            "maanden) liggen vast; dat signaal kan wel uit."), parent)
        self.store = store.with_origin("gui:signals")
        current = signals.get_criteria(self.store)
        self.enabled: dict[SignalKind, QCheckBox] = {}
        for index, kind in enumerate(SignalKind):
            box = QCheckBox(kind.label)
            box.setChecked(kind in current.enabled)
            self.enabled[kind] = box
            self.form.addRow(_("Signalen aan") if index == 0 else "", box)
        self.not_met = _spin(1, 20, current.not_met_count, _(" keer"))
        self.overdue = _spin(0, 260, current.overdue_working_days, _(" werkdagen"))
        self.waiting = _PeriodEdit(current.waiting)
        self.min_cases = _spin(2, 1000, current.continuity_min_cases, _(" kinderen"))
        self.continuity_window = _PeriodEdit(current.continuity_period)
        self.form.addRow(_("Afspraken niet nagekomen, vanaf"), self.not_met)
        self.form.addRow(_("Actie over de termijn, meer dan"), self.overdue)
        self.form.addRow(_("Wachten op passende hulp, langer dan"), self.waiting)
        self.form.addRow(_("Continuïteit: zelfde aanbieder of knelpunt, vanaf"), self.min_cases)
        self.form.addRow(_("… binnen de periode van"), self.continuity_window)
        for field, widget in (("not_met_count", self.not_met),
                              ("overdue_working_days", self.overdue),
                              ("waiting", self.waiting),
                              ("continuity_min_cases", self.min_cases),
                              ("continuity_period", self.continuity_window)):
            self.errors.add(field, widget, self.form)
        defaults = self.buttons.addButton(_("Standaardwaarden"),
                                          self.buttons.ButtonRole.ResetRole)
        defaults.clicked.connect(lambda: self.show_criteria(SignalCriteria()))
        self.action = lambda: signals.save_criteria(self.store, self.criteria())

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
