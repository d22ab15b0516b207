"""The settings dialog: every group changed, applied and read back through the services."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from expertteam.domain.signal_criteria import SignalKind
from expertteam.gui.main_window import MainWindow
from expertteam.gui.meetings.dialogs import ActionDialog
from expertteam.gui.meetings.live import LiveWindow
from expertteam.gui.security.auto_lock import AutoLock
from expertteam.gui.settings_dialog import SettingsDialog
from expertteam.services import backup, letterhead, retention, security, signals, term_settings
from expertteam.services.store import Store
from expertteam.storage.engine import default_backup_dir
from tests.meeting_helpers import start_with_agenda


def _dialog(qtbot: QtBot, store: Store, parent: QWidget | None = None) -> SettingsDialog:
    dialog = SettingsDialog(store, parent)
    qtbot.add_widget(dialog)
    dialog.show()
    return dialog


def test_each_group_is_applied_and_read_back(qtbot: QtBot, demo_store: Store,
                                             tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.add_widget(parent)
    lock = AutoLock(parent, demo_store)
    assert lock.watcher.timer.interval() == 5 * 60_000
    dialog = _dialog(qtbot, demo_store, parent)
    applied: list[bool] = []
    dialog.applied.connect(lambda: applied.append(True))
    folder = tmp_path / "reservekopieën"  # set, never typed: non-ASCII
    folder.mkdir()

    dialog.letterhead.region_name.setText("Expertteam Noord-Holland Noord")
    dialog.criteria.overdue.setValue(15)
    dialog.criteria.enabled[SignalKind.LEGAL_TERM_PASSED].setChecked(False)
    dialog.security.minutes.setValue(12)
    dialog.backups.folder.setText(str(folder))
    dialog.backups.years.setValue(7)
    dialog.terms.action_days.setValue(4)
    dialog.terms.evaluation.setValue(9)
    dialog.terms.proposal_limit.setValue(12)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()  # Toepassen keeps the dialog open
    assert applied == [True]
    assert letterhead.get_letterhead(demo_store).region_name == "Expertteam Noord-Holland Noord"
    criteria = signals.get_criteria(demo_store)
    assert criteria.overdue_working_days == 15
    assert SignalKind.LEGAL_TERM_PASSED not in criteria.enabled
    assert security.auto_lock_minutes(demo_store) == 12
    assert lock.watcher.timer.interval() == 12 * 60_000  # the running auto-lock follows
    assert backup.backup_folder(demo_store) == folder.resolve()
    assert retention.retention_years(demo_store) == 7
    assert term_settings.action_due_days(demo_store) == 4
    assert term_settings.evaluation_weeks(demo_store) == 9
    assert term_settings.proposal_limit(demo_store) == 12

    # Nothing changed since: OK stores nothing more and closes.
    changes = [s.changed() for s in dialog.sections]
    assert changes == [False] * 6
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_invalid_folder_shows_the_dutch_error_at_the_field_and_stores_nothing(
        qtbot: QtBot, demo_store: Store, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, demo_store)
    dialog.backups.years.setValue(9)
    dialog.backups.folder.setText(str(tmp_path / "bestaat-niet"))
    dialog.terms.action_days.setValue(6)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.tabs.currentWidget() is dialog.backups
    message = dialog.backups.errors.label_for("backup_folder")
    assert message is not None
    assert message.isVisible()
    assert "bestaat niet" in message.text()
    assert dialog.backups.folder.text() == str(tmp_path / "bestaat-niet")  # nothing lost
    assert backup.backup_folder(demo_store) == default_backup_dir(demo_store.database.path)
    assert retention.retention_years(demo_store) == retention.DEFAULT_RETENTION_YEARS
    assert term_settings.action_due_days(demo_store) == 10  # a later page waits

    dialog.backups.folder.clear()  # empty: back to the folder next to the database
    assert dialog.apply()
    assert not message.isVisible()
    assert retention.retention_years(demo_store) == 9
    assert term_settings.action_due_days(demo_store) == 6


def test_invalid_letterhead_brings_its_tab_forward(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store)
    dialog.tabs.setCurrentWidget(dialog.terms)
    dialog.letterhead.region_name.clear()
    assert not dialog.apply()
    assert dialog.tabs.currentIndex() == 0
    assert "verplicht" in dialog.letterhead.error.text()
    assert letterhead.get_letterhead(demo_store).region_name == "Expertteam Westfriesland"


def test_cancel_stores_nothing(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store)
    dialog.security.minutes.setValue(30)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert security.auto_lock_minutes(demo_store) == security.DEFAULT_AUTO_LOCK_MINUTES


def test_every_control_is_named_for_assistive_technology(qtbot: QtBot,
                                                         demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store)
    kinds = (QLineEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)
    fields = [w for w in dialog.findChildren(QWidget) if isinstance(w, kinds) and
              not isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox)]
    assert len(fields) >= 15
    assert [w for w in fields if not w.accessibleName()] == []
    buttons = dialog.findChildren(QAbstractButton)
    assert [b for b in buttons if not (b.accessibleName() or b.text())] == []
    assert dialog.security.minutes.toolTip()
    assert dialog.backups.years.toolTip()
    assert dialog.terms.action_days.toolTip()


def test_ctrl_comma_opens_the_dialog_and_the_old_entries_remain(
        qtbot: QtBot, window: MainWindow) -> None:
    assert window.menu_actions.settings.shortcut() == QKeySequence("Ctrl+,")
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait_until(lambda: bool(window.findChildren(SettingsDialog)))
    dialog = window.findChildren(SettingsDialog)[0]
    assert dialog.isVisible()
    dialog.reject()
    texts = [a.text() for a in window.findChildren(type(window.menu_actions.settings))]
    assert "&Briefpapier…" in texts


def test_live_mode_due_field_uses_the_stored_default(qtbot: QtBot, demo_store: Store) -> None:
    term_settings.set_action_due_days(demo_store, 3)
    meeting, _items = start_with_agenda(demo_store)
    live = LiveWindow(demo_store, meeting.id)
    qtbot.add_widget(live)
    live.show()
    dialog = live.recorder.add_action()
    assert isinstance(dialog, ActionDialog)
    assert "3 werkdagen" in dialog.due.line_edit.placeholderText()
    assert dialog.due.due().isoformat() == "2026-11-26"  # Monday 23 November + 3
    dialog.reject()
    live.close()


def test_a_value_the_policy_fixes_is_shown_read_only(qtbot: QtBot, demo_store: Store,
                                                     tmp_path: Path) -> None:
    """Issue 19: a gemeente's policy file can fix the auto-lock time and the backup folder; the
    dialog shows them read-only with the reason, and saving the rest still works."""
    from expertteam.services import settings
    from expertteam.services.settings import Preset

    folder = tmp_path / "beleid"
    folder.mkdir()
    settings.use_presets({
        security.AUTO_LOCK_KEY: Preset(7, True, "auto_lock_minutes"),
        backup.FOLDER_KEY: Preset(str(folder), True, "backup_folder")})
    try:
        dialog = _dialog(qtbot, demo_store)
        assert dialog.security.minutes.value() == 7
        assert not dialog.security.minutes.isEnabled()
        assert not dialog.backups.folder.isEnabled()
        assert not dialog.backups.browse.isEnabled()
        assert "beleidsbestand" in dialog.backups.folder.toolTip()
        dialog.backups.years.setValue(dialog.backups.years.value() + 1)
        assert dialog.apply()
        assert security.auto_lock_minutes(demo_store) == 7
        assert backup.backup_folder(demo_store) == folder
    finally:
        settings.use_presets({})
    free = _dialog(qtbot, demo_store)
    assert free.security.minutes.isEnabled()
    assert free.backups.folder.isEnabled()
