"""The case on the live screen: who the child is (pseudonym unless the chair shows names), the
key facts, the doorbraak goal, the decisions, the escalation signals and the actions, with the
buttons that record a decision or change an action.

The view only shows; ``LiveWindow`` decides which item is on screen and connects the buttons to
its recorder (``live_record.py``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import ActionStatus
from expertteam.formatting import short_date as format_date
from expertteam.gui.case_panel import CasePanel, CasePanelFactory
from expertteam.gui.meetings.models import LIVE_COLUMNS, ActionColumn, ActionTableModel
from expertteam.gui.meetings.style import MUTED_FOREGROUND, TypeSizer, set_text_colour
from expertteam.i18n import _, ngettext
from expertteam.services.action_rows import ActionInfo
from expertteam.services.live_meeting import LiveItem
from expertteam.services.store import Store

SIGNALS_DELAY_MS = 300


def esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _label(parent: QWidget, sizer: TypeSizer, factor: float, *, rich: bool = False,
           bold: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    if rich:
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    sizer.sized(label, factor, bold)
    return label


class LiveCaseView(QWidget):
    """One agenda item as the chair sees it; ``show_item`` fills it, ``show_empty`` clears it."""

    def __init__(self, store: Store, sizer: TypeSizer, parent: QWidget | None = None, *,
                 case_panel: CasePanelFactory | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(_("Casus op het scherm"))
        self.heading = QLabel(self)
        sizer.sized(self.heading, 1.6, bold=True)
        self.heading.setAccessibleName(_("Kind"))
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason = _label(self, sizer, 0.75)
        set_text_colour(self.reason, MUTED_FOREGROUND)
        self.facts = _label(self, sizer, 0.8, rich=True)
        self.goal = _label(self, sizer, 0.8, rich=True)
        self.decisions = _label(self, sizer, 0.8, rich=True)
        for label in (self.facts, self.goal):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        facts_row = QHBoxLayout()
        facts_row.addWidget(self.facts, 1)
        right_column = QVBoxLayout()
        right_column.addWidget(self.goal)
        right_column.addWidget(self.decisions)
        right_column.addStretch(1)
        facts_row.addLayout(right_column, 1)

        # Escalation signals of the case on screen (issue 5; the panel hides itself when none),
        # given by the shell: the meetings package does not import the escalations package.
        self.signals_panel = case_panel(store, self) if case_panel else CasePanel(self)
        sizer.sized(self.signals_panel, 0.7)
        sizer.sized(self.signals_panel.title, 0.7, bold=True)  # its style sheet drops the font
        self._signals_timer = QTimer(self)
        self._signals_timer.setSingleShot(True)
        self._signals_timer.setInterval(SIGNALS_DELAY_MS)
        self._signals_timer.timeout.connect(self.load_signals)
        self._case_id: int | None = None

        self.actions_label = QLabel(self)
        sizer.sized(self.actions_label, 0.85, bold=True)
        self.action_model = ActionTableModel(LIVE_COLUMNS, self)
        self.actions_view = self._actions_table(sizer)
        self.no_actions = QLabel(_("Nog geen acties voor dit kind — Ctrl+A voegt een actie "
                                   "toe."), self)
        sizer.sized(self.no_actions, 0.75)
        set_text_colour(self.no_actions, MUTED_FOREGROUND)

        self.discussed = QCheckBox(_("Besproken (Ctrl+B)"), self)
        sizer.sized(self.discussed, 0.75)
        self.discussed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.add_decision_button = QPushButton(_("Besluit…"), self)
        self.add_action_button = QPushButton(_("Actie…"), self)
        self.done_button = QPushButton(_("Gedaan…"), self)
        self.not_done_button = QPushButton(_("Niet gedaan…"), self)
        self.due_button = QPushButton(_("Termijn…"), self)
        self.summary_button = QPushButton(_("Samenvatting…"), self)
        for button, tip in (
                (self.add_decision_button, _("Besluit vastleggen (Ctrl+D)")),
                (self.add_action_button, _("Actie toevoegen (Ctrl+A)")),
                (self.done_button, _("Gekozen actie gedaan (Ctrl+Enter)")),
                (self.not_done_button, _("Gekozen actie niet gedaan, met reden "
                                         "(Ctrl+Shift+Enter)")),
                (self.due_button, _("Termijn van de gekozen actie verzetten (Ctrl+T)")),
                (self.summary_button, _("Samenvatting van de bespreking (Ctrl+E)"))):
            button.setToolTip(tip)
        self.edit_buttons = (self.add_decision_button, self.add_action_button, self.done_button,
                             self.not_done_button, self.due_button, self.summary_button)
        buttons = QHBoxLayout()
        for button in self.edit_buttons:
            sizer.sized(button, 0.7)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.discussed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.reason)
        layout.addLayout(facts_row)
        layout.addWidget(self.signals_panel)
        layout.addWidget(self.actions_label)
        layout.addWidget(self.actions_view, 3)
        layout.addWidget(self.no_actions)
        layout.addLayout(buttons)

    def _actions_table(self, sizer: TypeSizer) -> QTableView:
        view = QTableView(self)
        view.setModel(self.action_model)
        view.setAccessibleName(_("Acties van dit kind"))
        view.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        sizer.sized(view, 0.8)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setWordWrap(True)
        view.verticalHeader().hide()
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = view.horizontalHeader()
        header.setSectionResizeMode(LIVE_COLUMNS.index(ActionColumn.NUMBER),
                                    QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LIVE_COLUMNS.index(ActionColumn.DESCRIPTION),
                                    QHeaderView.ResizeMode.Stretch)
        for column in (ActionColumn.OWNER, ActionColumn.DUE, ActionColumn.STATUS):
            header.setSectionResizeMode(LIVE_COLUMNS.index(column),
                                        QHeaderView.ResizeMode.Fixed)
        view.viewport().installEventFilter(self)
        return view

    # ------------------------------------------------------------------ showing
    def show_empty(self) -> None:
        self.heading.setText(_("De agenda is leeg"))
        self.reason.setText(_("Zet casussen op de agenda via de pagina Overleggen."))
        for label in (self.facts, self.goal, self.decisions, self.actions_label):
            label.clear()
        self.action_model.set_actions([], self.store.today())
        self.signals_panel.set_case(None)
        for button in self.edit_buttons:
            button.setEnabled(False)

    def show_item(self, live: LiveItem, *, show_names: bool, editable: bool) -> None:
        item = live.item
        self.heading.setText(item.heading(show_names))
        self.reason.setText(item.title if item.case_id is not None else "")
        self.facts.setText(facts_html(live, show_names))
        self.goal.setText(goal_html(live))
        self.decisions.setText(decisions_html(live))
        self.action_model.set_actions(live.actions, self.store.today())
        self.actions_view.setVisible(bool(live.actions))
        self.no_actions.setVisible(not live.actions and item.case_id is not None)
        self.fit_action_columns()
        if live.actions:
            first_open = next((n for n, a in enumerate(live.actions)
                               if a.status is ActionStatus.OPEN), 0)
            self.actions_view.selectionModel().setCurrentIndex(
                self.action_model.index(first_open, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect |
                QItemSelectionModel.SelectionFlag.Rows)
        open_count = len(live.open_actions)
        overdue = sum(1 for a in live.actions if a.overdue)
        text = ngettext("{n} open actie", "{n} open acties", open_count).format(n=open_count)
        if overdue:
            text += " · " + ngettext("{n} verlopen", "{n} verlopen", overdue).format(n=overdue)
        self.actions_label.setText(_("Acties — {summary}").format(summary=text))
        self.discussed.setChecked(item.discussed)
        # The signals are computed from the database; read them once the chair stays on a
        # case, so that paging through the agenda never waits (stale ones are hidden at once).
        self._case_id = item.case_id
        if self.signals_panel.case_id != item.case_id:
            self.signals_panel.hide()
        self._signals_timer.start()
        has_case = item.case_id is not None
        self.add_decision_button.setEnabled(editable)
        self.summary_button.setEnabled(editable)
        self.add_action_button.setEnabled(editable and has_case)
        for button in (self.done_button, self.not_done_button, self.due_button):
            button.setEnabled(editable and open_count > 0)
        self.discussed.setEnabled(editable)
        # The keyboard stays on the case: in its actions, or on the view itself when it has
        # none (never on a button a stray Space would press).
        (self.actions_view if live.actions else self).setFocus()

    def load_signals(self) -> None:
        """Show the escalation signals of the case on screen."""
        self.signals_panel.set_case(self._case_id)

    # ------------------------------------------------------------------ actions
    def selected_action(self) -> ActionInfo | None:
        """The action chosen with the arrow keys, or the only open one."""
        index = self.actions_view.currentIndex()
        if index.isValid():
            return self.action_model.action_at(index.row())
        open_actions = [a for a in self.action_model.actions() if a.is_open]
        return open_actions[0] if len(open_actions) == 1 else None

    def select_newest_action(self) -> None:
        actions = self.action_model.actions()
        if actions:
            newest = max(range(len(actions)), key=lambda n: actions[n].number)
            self.actions_view.selectRow(newest)

    def fit_action_columns(self) -> None:
        """Owner, due date and status get fixed shares of the width; the action text takes
        the rest and wraps."""
        width = self.actions_view.viewport().width()
        if width <= 0:
            return
        header = self.actions_view.horizontalHeader()
        for column, share in ((ActionColumn.OWNER, 0.25), (ActionColumn.DUE, 0.24),
                              (ActionColumn.STATUS, 0.13)):
            header.resizeSection(LIVE_COLUMNS.index(column), int(width * share))
        self.actions_view.resizeRowsToContents()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.actions_view.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_action_columns()
        return super().eventFilter(watched, event)


class AgendaSidebar(QListWidget):
    """The agenda beside the case: ✔ marks what was discussed; pseudonyms unless names are
    shown; a chosen row is emitted as ``chosen(row)``."""

    chosen = Signal(int)

    def __init__(self, sizer: TypeSizer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        sizer.sized(self, 0.75)
        self.setAccessibleName(_("Agenda"))
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setWordWrap(True)  # names, when shown, wrap instead of scrolling
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.currentRowChanged.connect(self.chosen)

    @staticmethod
    def _label(number: int, live: LiveItem, show_names: bool) -> str:
        mark = "✔" if live.item.discussed else "  "
        return f"{mark} {number}. {live.item.heading(show_names)}"

    def fill(self, items: Sequence[LiveItem], current: int, show_names: bool) -> None:
        self.blockSignals(True)
        self.clear()
        for number, live in enumerate(items, start=1):
            entry = QListWidgetItem(self._label(number, live, show_names))
            entry.setToolTip(live.item.title)
            self.addItem(entry)
        self.setCurrentRow(current)
        self.blockSignals(False)

    def show_current(self, index: int, live: LiveItem, show_names: bool) -> None:
        """Mark ``index`` as the item on screen, with its state as it is now."""
        self.blockSignals(True)
        self.setCurrentRow(index)
        self.item(index).setText(self._label(index + 1, live, show_names))
        self.blockSignals(False)

    def fit_width(self) -> int:
        """Wide enough for a pseudonym at the current type size; returns the width."""
        width = self.fontMetrics().horizontalAdvance("✔ 13. ET-2026-0000 · M.H. · 2021") + 28
        self.setFixedWidth(width)
        return width


# --------------------------------------------------------------------------- text

def facts_html(live: LiveItem, show_names: bool) -> str:
    case = live.case
    if case is None:
        return esc(live.item.summary) if live.item.summary else ""
    rows: list[tuple[str, str]] = []
    if show_names:
        rows.append((_("Naam"), case.full_name))
    rows.append((_("Gemeente"), case.municipality_name or "—"))
    gi = case.gi_name or "—"
    if case.jeugdbeschermer_name:
        gi += f" ({case.jeugdbeschermer_name})"
    else:
        gi += " — " + _("geen vaste jeugdbeschermer")
    rows.append((_("GI"), gi))
    if case.measures:
        rows.append((_("Maatregel"), ", ".join(m.label for m in case.measures)))
    if case.waiting_for is not None and case.days_waiting is not None:
        rows.append((_("Wacht op"), _("{what}, {n} dagen (sinds {since})").format(
            what=case.waiting_for.label.lower(), n=case.days_waiting,
            since=format_date(case.waiting_since) if case.waiting_since else "?")))
    rows.append((_("Status"), case.status.label))
    lines = "".join(f"<tr><td style='padding-right:10px'><b>{esc(key)}</b></td>"
                    f"<td>{esc(value)}</td></tr>" for key, value in rows)
    blockers = "".join(
        f"<li>{esc(b.kind.label)}{' — ' + esc(b.provider_name) if b.provider_name else ''}"
        f"{' (' + _('sinds') + ' ' + format_date(b.since) + ')' if b.since else ''}</li>"
        for b in case.blockers)
    blocker_html = (f"<b>{esc(_('Knelpunten'))}</b><ul style='margin:0'>{blockers}</ul>"
                    if blockers else f"<b>{esc(_('Knelpunten'))}</b>: {esc(_('geen'))}")
    return f"<table>{lines}</table>{blocker_html}"


def goal_html(live: LiveItem) -> str:
    parts = []
    if live.case is not None:
        goal = live.case.goal or _("(nog geen doorbraakdoel vastgelegd)")
        parts.append(f"<b>{esc(_('Doorbraakdoel'))}</b><br>{esc(goal)}")
    if live.item.summary and live.case is not None:
        parts.append(f"<b>{esc(_('Samenvatting'))}</b><br>{esc(live.item.summary)}")
    return "<br><br>".join(parts)


def decisions_html(live: LiveItem) -> str:
    if not live.decisions:
        muted = MUTED_FOREGROUND.name()
        return f"<b>{esc(_('Besluiten'))}</b>: <span style='color:{muted}'>" \
            f"{esc(_('nog geen — Ctrl+D legt een besluit vast'))}</span>"
    items = "".join(f"<li>{esc(d.text)}</li>" for d in live.decisions)
    return f"<b>{esc(_('Besluiten'))}</b><ol style='margin:0'>{items}</ol>"
