"""Organisations and contacts: create, change, deactivate, with errors shown at the field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import OrganisationKind
from expertteam.gui.organisations_dialog import OrganisationsDialog
from expertteam.services import organisations
from expertteam.services.store import Store


def _dialog(qtbot: QtBot, store: Store) -> OrganisationsDialog:
    dialog = OrganisationsDialog(store)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.wait_exposed(dialog)
    return dialog


def _select(dialog: OrganisationsDialog, name: str) -> None:
    table = dialog.org_table
    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == name)
    table.setCurrentCell(row, 1)


def _names(dialog: OrganisationsDialog) -> list[str]:
    return [dialog.org_table.item(r, 1).text() for r in range(dialog.org_table.rowCount())]


def test_lists_organisations_with_gemeenten_first(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store)
    active = organisations.list_organisations(demo_store)
    assert dialog.org_table.rowCount() == len(active)
    kinds = [dialog.org_table.item(r, 0).text() for r in range(dialog.org_table.rowCount())]
    assert kinds[0] == "Gemeente"
    assert "GM0405" in [dialog.org_table.item(r, 2).text()
                        for r in range(dialog.org_table.rowCount())]
    qtbot.keyClicks(dialog.search_edit, "jeugdbescherming")
    assert all("Jeugdbescherming" in name for name in _names(dialog))
    assert len(_names(dialog)) == 4


def test_create_organisation_with_bad_cbs_code_shows_error(qtbot: QtBot,
                                                           demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store)
    qtbot.mouseClick(dialog.new_org_button, Qt.MouseButton.LeftButton)
    dialog.kind_combo.setCurrentIndex(
        dialog.kind_combo.findData(OrganisationKind.MUNICIPALITY.value))
    qtbot.keyClicks(dialog.name_edit, "Purmerend")
    qtbot.keyClicks(dialog.cbs_edit, "0439")
    qtbot.mouseClick(dialog.save_org_button, Qt.MouseButton.LeftButton)
    assert dialog.org_errors.shown_fields() == ["cbs_code"]
    label = dialog.org_errors.label_for("cbs_code")
    assert label is not None
    assert "GM gevolgd door 4 cijfers" in label.text()
    assert dialog.name_edit.text() == "Purmerend"  # nothing lost
    dialog.cbs_edit.clear()
    qtbot.keyClicks(dialog.cbs_edit, "gm0439")
    qtbot.mouseClick(dialog.save_org_button, Qt.MouseButton.LeftButton)
    assert dialog.org_errors.shown_fields() == []
    created = [o for o in organisations.list_organisations(demo_store) if o.name == "Purmerend"]
    assert created
    assert created[0].cbs_code == "GM0439"
    assert dialog.current_organisation_id == created[0].id
    assert dialog.contact_group.isEnabled()


def test_duplicate_name_is_refused_at_the_name(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store)
    dialog.new_organisation()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(OrganisationKind.GI.value))
    qtbot.keyClicks(dialog.name_edit, "Jeugdbescherming Noord")
    assert dialog.save_organisation() is None
    assert dialog.org_errors.shown_fields() == ["name"]
    assert dialog.focusWidget() is dialog.name_edit


def test_kind_is_required(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store)
    dialog.new_organisation()
    qtbot.keyClicks(dialog.name_edit, "Stichting Zonder Soort")
    assert dialog.save_organisation() is None
    assert dialog.org_errors.shown_fields() == ["kind"]


def test_rename_and_deactivate_an_organisation(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store)
    _select(dialog, "Zorgboerderij Het Wiel")
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Zorgboerderij Het Wiel (Opmeer)")
    dialog.active_check.setChecked(False)
    saved = dialog.save_organisation()
    assert saved is not None
    assert not saved.active
    assert saved.name == "Zorgboerderij Het Wiel (Opmeer)"
    assert dialog.show_inactive.isChecked()  # the deactivated one stays in view
    row = _names(dialog).index("Zorgboerderij Het Wiel (Opmeer)")
    assert dialog.org_table.item(row, 3).text() == "nee (inactief)"
    assert saved.id not in {o.id for o in organisations.list_organisations(demo_store)}


def test_contacts_with_inline_validation(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store)
    _select(dialog, "Jeugdbescherming Noord")
    assert dialog.contact_table.rowCount() == 2  # Sanne Bakker, Mohamed El Amrani
    qtbot.mouseClick(dialog.new_contact_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.contact_name_edit, "Jan Vermeer")
    qtbot.keyClicks(dialog.contact_role_edit, "Jeugdbeschermer")
    qtbot.keyClicks(dialog.contact_email_edit, "jan.vermeer@gi")
    qtbot.mouseClick(dialog.save_contact_button, Qt.MouseButton.LeftButton)
    assert dialog.contact_errors.shown_fields() == ["email"]
    assert dialog.focusWidget() is dialog.contact_email_edit
    qtbot.keyClicks(dialog.contact_email_edit, ".example.nl")
    qtbot.mouseClick(dialog.save_contact_button, Qt.MouseButton.LeftButton)
    assert dialog.contact_errors.shown_fields() == []
    assert dialog.contact_table.rowCount() == 3
    gi_id = dialog.current_organisation_id
    assert gi_id is not None
    names = {c.name: c for c in organisations.list_contacts(demo_store, gi_id)}
    assert names["Jan Vermeer"].email == "jan.vermeer@gi.example.nl"
    # Deactivate: kept, shown as inactive.
    row = [dialog.contact_table.item(r, 0).text()
           for r in range(dialog.contact_table.rowCount())].index("Jan Vermeer")
    dialog.contact_table.setCurrentCell(row, 0)
    dialog.contact_active_check.setChecked(False)
    assert dialog.save_contact() is not None
    row = [dialog.contact_table.item(r, 0).text()
           for r in range(dialog.contact_table.rowCount())].index("Jan Vermeer")
    assert dialog.contact_table.item(row, 4).text() == "nee (inactief)"
    assert "Jan Vermeer" not in {c.name for c in organisations.list_contacts(demo_store, gi_id)}


def test_diacritics_in_contact_names(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store)
    _select(dialog, "Hoorn")
    dialog.new_contact()
    dialog.contact_name_edit.insert("Anaïs Çelik")
    saved = dialog.save_contact()
    assert saved is not None
    assert saved.name == "Anaïs Çelik"
