"""Organisations (gemeenten, GI's, zorgaanbieders, …) and their contact persons.

Nothing is deleted: an organisation or contact that no longer takes part is made inactive, so
older cases, meetings and actions keep pointing at it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import OrganisationKind
from expertteam.domain.search import fold
from expertteam.gui import operations
from expertteam.gui.changes import Change
from expertteam.gui.widgets import INVALID_STYLE, InlineErrors, fill_combo, select_data
from expertteam.i18n import _
from expertteam.services import organisations
from expertteam.services.organisations import (
    ContactInfo,
    ContactInput,
    OrganisationInfo,
    OrganisationInput,
)
from expertteam.services.store import Store


def _item(text: str, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


def _yes_no(active: bool) -> str:
    return _("ja") if active else _("nee (inactief)")


class OrganisationsDialog(QDialog):
    """List, create and change organisations and their contact persons."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store.with_origin("gui:organisations")
        self._orgs: list[OrganisationInfo] = []
        self._contacts: list[ContactInfo] = []
        self._org_id: int | None = None
        self._contact_id: int | None = None
        self.setWindowTitle(_("Organisaties en contactpersonen"))
        self.setStyleSheet(INVALID_STYLE)
        self.setSizeGripEnabled(True)
        self._build()
        self._connect()
        self.reload()
        self.resize(1060, 640)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        hint = QLabel(_("Organisaties en contactpersonen worden nooit verwijderd: zet ‘Actief’ "
                        "uit als ze niet meer meedoen, dan blijven oude casussen en afspraken "
                        "kloppen."))
        hint.setWordWrap(True)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(_("Zoek een organisatie"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(_("Zoek een organisatie"))
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName(_("Toon soort organisatie"))
        fill_combo(self.kind_filter, [(k.label, k.value) for k in OrganisationKind],
                   empty_label=_("Alle soorten"))
        self.show_inactive = QCheckBox(_("&Inactieve tonen"))
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.kind_filter, 1)
        filters.addWidget(self.show_inactive)

        self.org_table = _table([_("Soort"), _("Naam"), _("CBS-code"), _("Actief")])
        self.org_table.setAccessibleName(_("Organisaties"))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.org_table, 1)

        # Organisation form
        org_group = QGroupBox(_("Organisatie"))
        org_box = QVBoxLayout(org_group)
        self.org_banner = QLabel()
        org_box.addWidget(self.org_banner)
        org_form = QFormLayout()
        org_box.addLayout(org_form)
        self.kind_combo = QComboBox()
        fill_combo(self.kind_combo, [(k.label, k.value) for k in OrganisationKind],
                   empty_label=_("— kies de soort —"))
        self.name_edit = QLineEdit()
        self.cbs_edit = QLineEdit()
        self.cbs_edit.setMaxLength(8)
        self.cbs_edit.setPlaceholderText(_("bijvoorbeeld GM0405"))
        self.cbs_edit.setToolTip(_("Voor een gemeente de CBS-code: GM gevolgd door 4 cijfers"))
        self.kvk_edit = QLineEdit()
        self.kvk_edit.setMaxLength(12)
        self.kvk_edit.setToolTip(_("Het KvK-nummer (8 cijfers): zo herkent de landelijke "
                                   "optelling van de monitor een GI in de cijfers van "
                                   "verschillende regio's"))
        self.active_check = QCheckBox(_("Actief (doet mee in het expertteam)"))
        self._add_rows(org_form, ((_("&Soort"), self.kind_combo), (_("&Naam"), self.name_edit),
                                  (_("&CBS-code"), self.cbs_edit),
                                  (_("&KvK-nummer"), self.kvk_edit), ("", self.active_check)))
        self.org_errors = InlineErrors(self.org_banner)
        self.org_errors.add("kind", self.kind_combo, org_form)
        self.org_errors.add("name", self.name_edit, org_form)
        self.org_errors.add("cbs_code", self.cbs_edit, org_form)
        self.org_errors.add("kvk_number", self.kvk_edit, org_form)
        self.new_org_button = QPushButton(_("Nieuwe organisatie"))
        self.save_org_button = QPushButton(_("Organisatie &opslaan"))
        org_buttons = QHBoxLayout()
        org_buttons.addWidget(self.new_org_button)
        org_buttons.addStretch(1)
        org_buttons.addWidget(self.save_org_button)
        org_box.addLayout(org_buttons)

        # Contacts of the selected organisation
        self.contact_group = QGroupBox(_("Contactpersonen"))
        contact_box = QVBoxLayout(self.contact_group)
        self.contact_table = _table([_("Naam"), _("Functie"), _("E-mail"), _("Telefoon"),
                                     _("Actief")])
        self.contact_table.setAccessibleName(_("Contactpersonen"))
        contact_header = self.contact_table.horizontalHeader()
        contact_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        contact_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # e-mail
        contact_box.addWidget(self.contact_table, 1)
        self.contact_banner = QLabel()
        contact_box.addWidget(self.contact_banner)
        contact_form = QFormLayout()
        contact_box.addLayout(contact_form)
        self.contact_name_edit = QLineEdit()
        self.contact_role_edit = QLineEdit()
        self.contact_role_edit.setPlaceholderText(_("bijvoorbeeld Jeugdbeschermer"))
        self.contact_email_edit = QLineEdit()
        self.contact_email_edit.setPlaceholderText(_("naam@organisatie.nl"))
        self.contact_phone_edit = QLineEdit()
        self.contact_active_check = QCheckBox(_("Actief"))
        self._add_rows(contact_form, (
            (_("Naa&m"), self.contact_name_edit), (_("&Functie"), self.contact_role_edit),
            (_("&E-mail"), self.contact_email_edit), (_("&Telefoon"), self.contact_phone_edit),
            ("", self.contact_active_check)))
        self.contact_errors = InlineErrors(self.contact_banner)
        for field, widget in (("name", self.contact_name_edit), ("role", self.contact_role_edit),
                              ("email", self.contact_email_edit),
                              ("phone", self.contact_phone_edit)):
            self.contact_errors.add(field, widget, contact_form)
        self.new_contact_button = QPushButton(_("Nieuwe contactpersoon"))
        self.save_contact_button = QPushButton(_("Contactpersoon o&pslaan"))
        contact_buttons = QHBoxLayout()
        contact_buttons.addWidget(self.new_contact_button)
        contact_buttons.addStretch(1)
        contact_buttons.addWidget(self.save_contact_button)
        contact_box.addLayout(contact_buttons)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(org_group)
        right_layout.addWidget(self.contact_group, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setChildrenCollapsible(False)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)

    @staticmethod
    def _add_rows(form: QFormLayout, rows: tuple[tuple[str, QWidget], ...]) -> None:
        for text, widget in rows:
            if text:
                label = QLabel(text)
                label.setBuddy(widget)
                form.addRow(label, widget)
            else:
                form.addRow("", widget)

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(lambda _text: self._fill_orgs())
        self.kind_filter.currentIndexChanged.connect(lambda _index: self._fill_orgs())
        self.show_inactive.toggled.connect(lambda _on: self.reload())
        self.org_table.currentCellChanged.connect(self._on_org_row)
        self.contact_table.currentCellChanged.connect(self._on_contact_row)
        self.new_org_button.clicked.connect(self.new_organisation)
        self.save_org_button.clicked.connect(self.save_organisation)
        self.new_contact_button.clicked.connect(self.new_contact)
        self.save_contact_button.clicked.connect(self.save_contact)
        self.kind_combo.currentIndexChanged.connect(self._update_cbs_enabled)

    # ------------------------------------------------------------------ organisations
    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self._org_id
        found = organisations.list_organisations(
            self._store, include_inactive=self.show_inactive.isChecked())
        # Gemeenten and GI's first (the enum's order), not the alphabet of the codes.
        order = {kind: index for index, kind in enumerate(OrganisationKind)}
        self._orgs = sorted(found, key=lambda org: (order[org.kind], org.name.casefold()))
        self._fill_orgs(keep)

    def _visible_orgs(self) -> list[OrganisationInfo]:
        needle = fold(self.search_edit.text().strip())
        kind = self.kind_filter.currentData()
        return [org for org in self._orgs
                if (kind is None or org.kind.value == kind)
                and (not needle or needle in fold(f"{org.name} {org.cbs_code or ''}"))]

    def _fill_orgs(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self._org_id
        table = self.org_table
        table.blockSignals(True)
        visible = self._visible_orgs()
        table.setRowCount(len(visible))
        current = -1
        for row, org in enumerate(visible):
            table.setItem(row, 0, _item(org.kind.label, org.id))
            table.setItem(row, 1, _item(org.name))
            table.setItem(row, 2, _item(org.cbs_code or ""))
            table.setItem(row, 3, _item(_yes_no(org.active)))
            if org.id == keep:
                current = row
        if current >= 0:
            table.setCurrentCell(current, 1)
        table.blockSignals(False)
        if current >= 0:
            self._show_org(visible[current])
        elif visible:
            table.setCurrentCell(0, 1)
        else:
            self.new_organisation()

    def _on_org_row(self, row: int, *_args: int) -> None:
        item = self.org_table.item(row, 0) if row >= 0 else None
        org_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        org = next((o for o in self._orgs if o.id == org_id), None)
        if org is not None:
            self._show_org(org)

    def _show_org(self, org: OrganisationInfo) -> None:
        self.org_errors.clear()
        self._org_id = org.id
        select_data(self.kind_combo, org.kind.value)
        self.name_edit.setText(org.name)
        self.cbs_edit.setText(org.cbs_code or "")
        self.kvk_edit.setText(org.kvk_number or "")
        self.active_check.setChecked(org.active)
        self._update_cbs_enabled()
        self.contact_group.setTitle(_("Contactpersonen van {name}").format(name=org.name))
        self.contact_group.setEnabled(True)
        self._load_contacts()

    def new_organisation(self) -> None:
        """Empty the form for a new organisation (kept until saved)."""
        self.org_errors.clear()
        self._org_id = None
        self.org_table.clearSelection()
        kind = self.kind_filter.currentData()
        select_data(self.kind_combo, kind)
        self.name_edit.clear()
        self.cbs_edit.clear()
        self.kvk_edit.clear()
        self.active_check.setChecked(True)
        self.contact_group.setTitle(_("Contactpersonen (sla eerst de organisatie op)"))
        self.contact_group.setEnabled(False)
        self._contacts = []
        self.contact_table.setRowCount(0)
        self.name_edit.setFocus()

    def _update_cbs_enabled(self, *_args: object) -> None:
        value = self.kind_combo.currentData()
        is_municipality = value == OrganisationKind.MUNICIPALITY.value
        self.cbs_edit.setPlaceholderText(_("bijvoorbeeld GM0405") if is_municipality else "")
        self.kvk_edit.setPlaceholderText(_("8 cijfers") if value == OrganisationKind.GI.value
                                         else "")

    def save_organisation(self) -> OrganisationInfo | None:
        self.org_errors.clear()
        kind = self.kind_combo.currentData()
        if kind is None:
            self.org_errors.show_at("kind", _("Kies het soort organisatie."))
            return None
        data = OrganisationInput(OrganisationKind(kind), self.name_edit.text(),
                                 self.cbs_edit.text() or None, self.active_check.isChecked(),
                                 self.kvk_edit.text() or None)
        org_id = self._org_id
        done = operations.change(
            self, self._store,
            lambda: organisations.create_organisation(self._store, data) if org_id is None
            else organisations.update_organisation(self._store, org_id, data),
            Change.ORGANISATIONS, title=_("Organisatie opslaan"), errors=self.org_errors)
        if done is None:
            return None
        saved = done.value
        if not saved.active and not self.show_inactive.isChecked():
            self.show_inactive.setChecked(True)  # keep the deactivated one in view
        self.reload(select_id=saved.id)
        return saved

    # ------------------------------------------------------------------ contacts
    def _load_contacts(self, keep: int | None = None) -> None:
        if self._org_id is None:
            return
        self._contacts = organisations.list_contacts(self._store, self._org_id,
                                                     include_inactive=True)
        table = self.contact_table
        table.blockSignals(True)
        table.setRowCount(len(self._contacts))
        current = -1
        for row, contact in enumerate(self._contacts):
            table.setItem(row, 0, _item(contact.name, contact.id))
            table.setItem(row, 1, _item(contact.role))
            table.setItem(row, 2, _item(contact.email))
            table.setItem(row, 3, _item(contact.phone))
            table.setItem(row, 4, _item(_yes_no(contact.active)))
            if contact.id == keep:
                current = row
        if current >= 0:
            table.setCurrentCell(current, 0)
        table.blockSignals(False)
        if current >= 0:
            self._show_contact(self._contacts[current])
        else:
            self.new_contact(focus=False)

    def _on_contact_row(self, row: int, *_args: int) -> None:
        if 0 <= row < len(self._contacts):
            self._show_contact(self._contacts[row])

    def _show_contact(self, contact: ContactInfo) -> None:
        self.contact_errors.clear()
        self._contact_id = contact.id
        self.contact_name_edit.setText(contact.name)
        self.contact_role_edit.setText(contact.role)
        self.contact_email_edit.setText(contact.email)
        self.contact_phone_edit.setText(contact.phone)
        self.contact_active_check.setChecked(contact.active)

    def new_contact(self, focus: bool = True) -> None:
        self.contact_errors.clear()
        self._contact_id = None
        self.contact_table.clearSelection()
        for edit in (self.contact_name_edit, self.contact_role_edit, self.contact_email_edit,
                     self.contact_phone_edit):
            edit.clear()
        self.contact_active_check.setChecked(True)
        if focus:
            self.contact_name_edit.setFocus()

    def save_contact(self) -> ContactInfo | None:
        self.contact_errors.clear()
        if self._org_id is None:
            self.contact_errors.banner.setText(_("Sla eerst de organisatie op."))
            self.contact_errors.banner.show()
            return None
        data = ContactInput(self._org_id, self.contact_name_edit.text(),
                            self.contact_role_edit.text(), self.contact_email_edit.text(),
                            self.contact_phone_edit.text(), self.contact_active_check.isChecked())
        contact_id = self._contact_id
        done = operations.change(
            self, self._store,
            lambda: organisations.create_contact(self._store, data) if contact_id is None
            else organisations.update_contact(self._store, contact_id, data),
            Change.ORGANISATIONS, title=_("Contactpersoon opslaan"), errors=self.contact_errors)
        if done is None:
            return None
        saved = done.value
        self._load_contacts(keep=saved.id)
        return saved

    @property
    def current_organisation_id(self) -> int | None:
        return self._org_id
