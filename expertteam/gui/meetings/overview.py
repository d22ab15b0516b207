"""All actions per participant organisation across cases, overdue ones marked in colour and
text, with filters and each action's dated history. Status changes made here are recorded
outside a meeting (between meetings, when a participant reports back)."""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import ActionStatus
from expertteam.domain.errors import ExpertteamError
from expertteam.gui.changes import Change, follow_changes, notice_for
from expertteam.gui.meetings.dialogs import DueChangeDialog, TextDialog
from expertteam.gui.meetings.models import ActionColumn, ActionTableModel, HistoryModel
from expertteam.gui.meetings.style import KeyHandler
from expertteam.i18n import _, ngettext
from expertteam.services import action_events, action_rows, actions, organisations
from expertteam.services.action_rows import ActionFilter, ActionInfo
from expertteam.services.store import Store

STATUS_CHOICES: tuple[tuple[str, tuple[ActionStatus, ...]], ...] = (
    ("open", (ActionStatus.OPEN,)),
    ("all", ()),
    ("done", (ActionStatus.DONE,)),
    ("not_done", (ActionStatus.NOT_DONE,)),
    ("cancelled", (ActionStatus.CANCELLED,)),
)


class ActionOverviewPage(QWidget):
    """Every action with its owner and term, filtered; record done / not done / a new term."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._loaded = False
        follow_changes(self, store, Change.ACTIONS | Change.MEETINGS | Change.CASES
                       | Change.ORGANISATIONS)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Zoeken op actie, kind, casusnummer of actiehouder"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Zoeken"))
        self.owner = QComboBox(self)
        self.owner.setAccessibleName(_("Actiehouder"))
        self.status = QComboBox(self)
        self.status.setAccessibleName(_("Status"))
        for key, label in (("open", _("Open")), ("all", _("Alle")), ("done", _("Gedaan")),
                           ("not_done", _("Niet gedaan")), ("cancelled", _("Vervallen"))):
            self.status.addItem(label, key)
        self.overdue_only = QCheckBox(_("Alleen ver&lopen"), self)
        filters = QHBoxLayout()
        search_label = QLabel(_("&Zoeken:"), self)
        search_label.setBuddy(self.search)
        owner_label = QLabel(_("Actieh&ouder:"), self)
        owner_label.setBuddy(self.owner)
        status_label = QLabel(_("S&tatus:"), self)
        status_label.setBuddy(self.status)
        for widget in (search_label, self.search, owner_label, self.owner, status_label,
                       self.status, self.overdue_only):
            filters.addWidget(widget)
        filters.setStretchFactor(self.search, 2)
        filters.setStretchFactor(self.owner, 1)

        self.model = ActionTableModel(parent=self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Acties"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(int(ActionColumn.DESCRIPTION), QHeaderView.ResizeMode.Stretch)
        self.count = QLabel(self)

        self.done_button = QPushButton(_("&Gedaan…"), self)
        self.not_done_button = QPushButton(_("&Niet gedaan…"), self)
        self.cancel_button = QPushButton(_("Verv&allen…"), self)
        self.reopen_button = QPushButton(_("He&ropenen…"), self)
        self.due_button = QPushButton(_("Ter&mijn verzetten…"), self)
        self.done_button.clicked.connect(lambda: self.change_status(ActionStatus.DONE))
        self.not_done_button.clicked.connect(lambda: self.change_status(ActionStatus.NOT_DONE))
        self.cancel_button.clicked.connect(lambda: self.change_status(ActionStatus.CANCELLED))
        self.reopen_button.clicked.connect(lambda: self.change_status(ActionStatus.OPEN))
        self.due_button.clicked.connect(self.change_due)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        for button in (self.done_button, self.not_done_button, self.cancel_button,
                       self.reopen_button, self.due_button):
            buttons.addWidget(button)

        self.history_label = QLabel(self)
        self.history_model = HistoryModel(self)
        self.history = QTableView(self)
        self.history.setModel(self.history_model)
        self.history.setAccessibleName(_("Geschiedenis van de actie"))
        self.history.setTabKeyNavigation(False)  # Tab leaves the list
        self.history.verticalHeader().hide()
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        history_header = self.history.horizontalHeader()
        history_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        history_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.history_label)
        lower_layout.addWidget(self.history, 1)
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.owner.currentIndexChanged.connect(lambda _i: self.reload())
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.overdue_only.toggled.connect(lambda _on: self.reload())
        self.table.selectionModel().currentRowChanged.connect(self._action_chosen)
        ctrl = Qt.KeyboardModifier.ControlModifier
        ctrl_shift = ctrl | Qt.KeyboardModifier.ShiftModifier
        done = partial(self.change_status, ActionStatus.DONE)
        not_done = partial(self.change_status, ActionStatus.NOT_DONE)
        KeyHandler(self.table, {
            (Qt.Key.Key_Return, ctrl): done, (Qt.Key.Key_Enter, ctrl): done,
            (Qt.Key.Key_Return, ctrl_shift): not_done, (Qt.Key.Key_Enter, ctrl_shift): not_done,
        })
        self._update_buttons()

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """The change notice: read again what was read before (owners too)."""
        if self._loaded:
            self._fill_owners()
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        if not self._loaded:
            self._fill_owners()
            self.reload()
        super().showEvent(event)

    def _fill_owners(self) -> None:
        current = self.owner.currentData()
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem(_("Alle actiehouders"), None)
        for organisation in organisations.list_organisations(self.store):
            self.owner.addItem(organisation.name, organisation.id)
        index = self.owner.findData(current)
        self.owner.setCurrentIndex(max(0, index))
        self.owner.blockSignals(False)

    def current_filter(self) -> ActionFilter:
        key = self.status.currentData()
        statuses = dict(STATUS_CHOICES).get(str(key), (ActionStatus.OPEN,))
        owner = self.owner.currentData()
        return ActionFilter(statuses=statuses,
                            owner_organisation_id=owner if isinstance(owner, int) else None,
                            overdue_only=self.overdue_only.isChecked(),
                            text=self.search.text())

    def reload(self, select_id: int | None = None) -> None:
        if not self._loaded:
            self._fill_owners()
        self._loaded = True
        wanted = select_id if select_id is not None else self.current_id()
        try:
            rows = action_rows.action_overview(self.store, self.current_filter())
        except ExpertteamError as error:
            QMessageBox.warning(self, _("Acties"), error.message)
            return
        today = self.store.today()
        self.model.set_actions(rows, today)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.resizeSection(int(ActionColumn.OWNER),
                             min(header.sectionSize(int(ActionColumn.OWNER)), 260))
        self._show_count(rows, today)
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is None and rows:
            row = 0
        if row is not None:
            self.table.selectRow(row)
        else:
            self._action_chosen(QModelIndex(), QModelIndex())

    def _show_count(self, rows: list[ActionInfo], today: date) -> None:
        overdue = sum(1 for r in rows if r.overdue)
        owners = len({r.owner_organisation_id for r in rows})
        text = ngettext("{n} actie", "{n} acties", len(rows)).format(n=len(rows))
        text += " · " + ngettext("{n} actiehouder", "{n} actiehouders", owners).format(n=owners)
        if overdue:
            text += " · " + ngettext("{n} verlopen", "{n} verlopen", overdue).format(n=overdue)
        self.count.setText(text)

    def set_hide_names(self, hide: bool) -> None:
        self.model.set_hide_names(hide)

    def current_id(self) -> int | None:
        action = self.current()
        return action.id if action is not None else None

    def current(self) -> ActionInfo | None:
        index = self.table.currentIndex()
        return self.model.action_at(index.row()) if index.isValid() else None

    def _action_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()
        action = self.model.action_at(current.row()) if current.isValid() else None
        if action is None:
            self.history_model.set_events([])
            self.history_label.setText(_("Kies een actie om haar geschiedenis te zien."))
            return
        try:
            events = action_events.action_history(self.store, action.id)
        except ExpertteamError as error:
            self.history_label.setText(error.message)
            return
        self.history_model.set_events(events)
        self.history_label.setText(_("Geschiedenis van actie {n}: {what}").format(
            n=action.number, what=action.description))

    def _update_buttons(self) -> None:
        action = self.current()
        is_open = action is not None and action.is_open
        for button in (self.done_button, self.not_done_button, self.cancel_button,
                       self.due_button):
            button.setEnabled(is_open)
        self.reopen_button.setEnabled(action is not None and not action.is_open)

    # ------------------------------------------------------------------ changes
    def change_status(self, status: ActionStatus) -> TextDialog | None:
        action = self.current()
        if action is None or (status is ActionStatus.OPEN) == action.is_open:
            return None
        titles = {ActionStatus.DONE: _("Actie {n} gedaan"),
                  ActionStatus.NOT_DONE: _("Actie {n} niet gedaan"),
                  ActionStatus.CANCELLED: _("Actie {n} laten vervallen"),
                  ActionStatus.OPEN: _("Actie {n} heropenen")}

        def submit(note: str) -> None:
            actions.change_action_status(self.store, action.id, status, note)
            notice_for(self.store).announce(Change.ACTIONS)

        dialog = TextDialog(titles[status].format(n=action.number), _("&Toelichting"), self,
                            submit=submit, multiline=False,
                            context=f"{action.number}. {action.description} — "
                                    f"{action.owner_label}",
                            hint=_("Vastgelegd buiten een overleg, met datum en uw naam."))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def change_due(self) -> DueChangeDialog | None:
        action = self.current()
        if action is None or not action.is_open:
            return None

        def submit(due_on: date, note: str) -> None:
            actions.change_due_date(self.store, action.id, due_on, note)
            notice_for(self.store).announce(Change.ACTIONS)

        dialog = DueChangeDialog(self, context=f"{action.number}. {action.description} — "
                                               f"{action.owner_label}",
                                 today=self.store.today(), current=action.due_on,
                                 submit=submit)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
