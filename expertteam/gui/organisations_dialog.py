"""Organisations (gemeenten, GI's, zorgaanbieders, …) and their contact persons.

Nothing is deleted: an organisation or contact that no longer takes part is made inactive, so
older cases, meetings and actions keep pointing at it. The widgets are built in
``organisations_form.py``; this module lists, shows and saves.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem, QWidget

from expertteam.domain.enums import OrganisationKind
from expertteam.domain.search import fold
from expertteam.gui import operations
from expertteam.gui.changes import Change
from expertteam.gui.organisations_form import OrganisationsForm
from expertteam.gui.widgets import INVALID_STYLE, select_data
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


def _yes_no(active: bool) -> str:
    return _("ja") if active else _("nee (inactief)")


class OrganisationsDialog(OrganisationsForm):
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
        self.build_form()
        self._connect()
        self.reload()
        self.resize(1060, 640)

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
