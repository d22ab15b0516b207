"""The register page: filter bar (text as you type, status, gemeente, GI) over the case table."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import CaseStatus, OrganisationKind
from expertteam.gui.changes import Change, follow_changes
from expertteam.gui.register_filter import RegisterFilterProxy
from expertteam.gui.register_model import RegisterColumn, RegisterModel
from expertteam.gui.widgets import fill_combo
from expertteam.i18n import _
from expertteam.services import case_register, organisations
from expertteam.services.store import Store

OPEN_FILTER = "open"
HEADER_KEY = "register/header"
# Relative widths of the columns, in characters; scaled to the window on first start.
_COLUMN_CHARS = {
    RegisterColumn.CASE_NUMBER: 13, RegisterColumn.CHILD: 16, RegisterColumn.MUNICIPALITY: 12,
    RegisterColumn.GI: 22, RegisterColumn.WAITING_FOR: 20, RegisterColumn.DAYS_WAITING: 6,
    RegisterColumn.STATUS: 10, RegisterColumn.NEXT_TERM: 28, RegisterColumn.OVERDUE: 13,
}


class RegisterPage(QWidget):
    """Shows the register. Emits ``open_case(case_id)`` on Enter or double-click,
    ``new_case_requested`` from its button and ``counts_changed(shown, total)``."""

    open_case = Signal(int)
    new_case_requested = Signal()
    counts_changed = Signal(int, int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store.with_origin("gui:register")
        # Refreshed even when hidden: the status bar shows its counts on every page.
        follow_changes(self, store, Change.CASES | Change.ORGANISATIONS | Change.SETTINGS,
                       self.reload, when_hidden=True)
        self.model = RegisterModel(self)
        self.proxy = RegisterFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(_("Zoeken… (Ctrl+F)"))
        self.filter_edit.setToolTip(_("Zoekt in casusnummer, naam, gemeente, GI, status, "
                                      "waarop het kind wacht en knelpunten"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(_("Zoeken in het register"))
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(_("Filter op status"))
        self.municipality_combo = QComboBox()
        self.municipality_combo.setAccessibleName(_("Filter op gemeente"))
        self.gi_combo = QComboBox()
        self.gi_combo.setAccessibleName(_("Filter op GI"))
        for combo in (self.status_combo, self.municipality_combo, self.gi_combo):
            # Long organisation names must not widen the window beyond a laptop screen;
            # the open list still shows them in full.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
            combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.clear_button = QPushButton(_("Filters wissen"))
        self.new_button = QPushButton(_("Nieuwe casus…"))
        self.new_button.setToolTip(_("Nieuwe casus aanmelden (Ctrl+N)"))
        fill_combo(self.status_combo, [(_("Lopende casussen"), OPEN_FILTER)]
                   + [(status.label, status.value) for status in CaseStatus],
                   empty_label=_("Alle statussen"))

        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 3)
        for label_text, combo in ((_("&Status:"), self.status_combo),
                                  (_("&Gemeente:"), self.municipality_combo),
                                  (_("G&I:"), self.gi_combo)):
            label = QLabel(label_text)
            label.setBuddy(combo)
            bar.addWidget(label)
            bar.addWidget(combo, 1)
        bar.addWidget(self.clear_button)
        bar.addSpacing(12)
        bar.addWidget(self.new_button)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAccessibleName(_("Casusregister"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("0000") + 12)
        self._columns_fitted = False
        self.table.setSortingEnabled(True)
        header.setSortIndicator(RegisterColumn.CASE_NUMBER, Qt.SortOrder.DescendingOrder)

        self.empty_label = QLabel(_("Er staan nog geen casussen in het register. Kies ‘Nieuwe "
                                    "casus…’ (Ctrl+N) om een kind aan te melden."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        # Shown when the register lists only the cases behind a dashboard or monitor figure.
        self.selection_label = QLabel()
        self.selection_label.setWordWrap(True)
        self.show_all_button = QPushButton(_("Alle casussen tonen"))
        self.show_all_button.clicked.connect(self.clear_filters)
        self.selection_bar = QWidget()
        selection = QHBoxLayout(self.selection_bar)
        selection.setContentsMargins(0, 0, 0, 0)
        selection.addWidget(self.selection_label, 1)
        selection.addWidget(self.show_all_button)
        self.selection_bar.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.selection_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        # One Tab from the search field to the results; the filters come after the table.
        for first, second in ((self.filter_edit, self.table), (self.table, self.status_combo),
                              (self.status_combo, self.municipality_combo),
                              (self.municipality_combo, self.gi_combo),
                              (self.gi_combo, self.clear_button),
                              (self.clear_button, self.new_button)):
            QWidget.setTabOrder(first, second)
        self._connect()

    def _connect(self) -> None:
        self.filter_edit.textChanged.connect(self._on_text)
        self.status_combo.currentIndexChanged.connect(self._on_status)
        self.municipality_combo.currentIndexChanged.connect(self._on_municipality)
        self.gi_combo.currentIndexChanged.connect(self._on_gi)
        self.clear_button.clicked.connect(self.clear_filters)
        self.new_button.clicked.connect(self.new_case_requested)
        self.table.doubleClicked.connect(lambda index: self._activate(index.row()))
        self.table.activated.connect(lambda index: self._activate(index.row()))
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(self._emit_counts)

    # --- data ---------------------------------------------------------------------------
    def reload(self, select_case_id: int | None = None) -> None:
        """Read the register again (after a save, or organisations changed)."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            keep = select_case_id if select_case_id is not None else self.current_case_id()
            self._fill_organisation_filters()
            self.model.set_rows(case_register.list_register(self._store), self._store.today())
            self.empty_label.setVisible(self.model.rowCount() == 0)
            if keep is not None:
                self.select_case(keep)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._emit_counts()

    def _fill_organisation_filters(self) -> None:
        orgs = organisations.list_organisations(
            self._store, (OrganisationKind.MUNICIPALITY, OrganisationKind.GI),
            include_inactive=True)
        for combo, kind, everything in (
                (self.municipality_combo, OrganisationKind.MUNICIPALITY, _("Alle gemeenten")),
                (self.gi_combo, OrganisationKind.GI, _("Alle GI's"))):
            fill_combo(combo, [(o.name, o.id) for o in orgs if o.kind is kind],
                       empty_label=everything, current=combo.currentData())

    # --- filters ------------------------------------------------------------------------
    def _on_text(self, text: str) -> None:
        self.proxy.set_text(text)

    def _on_status(self, _index: int) -> None:
        value = self.status_combo.currentData()
        if value is None:
            self.proxy.set_statuses(())
        elif value == OPEN_FILTER:
            self.proxy.set_statuses([s for s in CaseStatus if s is not CaseStatus.CLOSED])
        else:
            self.proxy.set_statuses([CaseStatus(value)])

    def _on_municipality(self, _index: int) -> None:
        value = self.municipality_combo.currentData()
        self.proxy.set_municipality(int(value) if value is not None else None)

    def _on_gi(self, _index: int) -> None:
        value = self.gi_combo.currentData()
        self.proxy.set_gi(int(value) if value is not None else None)

    def clear_filters(self) -> None:
        self.filter_edit.clear()
        for combo in (self.status_combo, self.municipality_combo, self.gi_combo):
            combo.setCurrentIndex(0)
        self.proxy.set_case_ids(None)
        self.selection_bar.hide()

    def show_cases(self, title: str, case_ids: Sequence[int]) -> None:
        """List only these cases (behind a dashboard or monitor figure), saying which figure."""
        self.clear_filters()
        self.proxy.set_case_ids(case_ids)
        self.selection_label.setText(_("Alleen de casussen achter ‘{title}’ ({n}).").format(
            title=title, n=len(case_ids)))
        self.selection_bar.show()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def set_hide_names(self, hide: bool) -> None:
        self.model.set_hide_names(hide)

    # --- selection ----------------------------------------------------------------------
    def current_case_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.proxy.case_id(index.row()) if index.isValid() else None

    def select_case(self, case_id: int) -> bool:
        row = self.proxy.proxy_row_of(case_id)
        if row is None:
            return False
        index = self.proxy.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def _activate(self, proxy_row: int) -> None:
        case_id = self.proxy.case_id(proxy_row)
        if case_id is not None:
            self.open_case.emit(case_id)

    def _emit_counts(self, *_args: object) -> None:
        self.counts_changed.emit(self.proxy.rowCount(), self.model.rowCount())

    def fit_columns(self) -> None:
        """Spread the columns over the table's width by their usual content length."""
        width = self.table.viewport().width()
        if width <= 0:
            return
        total = sum(_COLUMN_CHARS.values())
        header = self.table.horizontalHeader()
        for column, chars in _COLUMN_CHARS.items():
            header.resizeSection(column, int(width * chars / total))
        self._columns_fitted = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        if not self._columns_fitted:
            self.fit_columns()

    # --- persistence --------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue(HEADER_KEY, self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value(HEADER_KEY)
        header = self.table.horizontalHeader()
        if isinstance(state, QByteArray | bytes) and header.restoreState(QByteArray(state)):
            self._columns_fitted = True  # the user's own widths
            self.table.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
