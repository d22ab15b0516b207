"""The organisations dialog's widgets: the filtered list of organisations, the form of the
chosen one and its contact persons (list and form), with their labels, mnemonics and inline
error places. Filling and saving them is ``organisations_dialog.py``'s."""

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
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import OrganisationKind
from expertteam.gui.widgets import InlineErrors, fill_combo
from expertteam.i18n import _


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


class OrganisationsForm(QDialog):
    """The widgets, made by ``build_form``."""

    def build_form(self) -> None:
        """The filters and the list on the left; the organisation's form and its contacts
        (list and form) on the right."""
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
