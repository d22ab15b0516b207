"""Sending from the GUI with real widgets on a real database: the e-mail drafts dialog (in a
background job, opened in the mail program), the invitation dialog, the meetings page's two
buttons through the shell, Word from the export dialog, and the settings page for sending."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from expertteam.gui.documents import sending
from expertteam.gui.documents.export_dialog import DocumentKind, ExportDialog
from expertteam.gui.documents.sending import DraftsDialog, InvitationDialog
from expertteam.gui.meetings.meetings_page import MeetingsPage
from expertteam.gui.pages import PageKey
from expertteam.gui.settings_dialog import SettingsDialog
from expertteam.services import letterhead, mail_template, meetings, word_copies
from expertteam.services.letterhead import LetterheadSettings
from expertteam.services.store import Store
from tests.documents.world import World, build_world
from tests.gui.conftest import open_window
from tests.meeting_helpers import plan


@pytest.fixture
def world(demo_store: Store) -> World:
    letterhead.save_letterhead(demo_store, LetterheadSettings(
        "Expertteam Westfriesland", "Postbus 603\nexpertteam@westfriesland.nl",
        signatory_name="Chloë van den Broek"))
    return build_world(demo_store)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What would have been opened in the mail program (nothing is, in a test)."""
    urls: list[str] = []

    def fake_open(url: QUrl) -> bool:
        urls.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", fake_open)
    return urls


def test_drafts_dialog_makes_every_draft_and_opens_them(qtbot: QtBot, world: World,
                                                        settings: QSettings, tmp_path: Path,
                                                        opened: list[str]) -> None:
    dialog = DraftsDialog(world.store, world.meeting_id, settings=settings)
    qtbot.addWidget(dialog)
    assert dialog.recipients.count() == 4
    assert any("geen e-mailadres" in dialog.recipients.item(i).text()
               for i in range(dialog.recipients.count()))
    assert dialog.with_minutes.isChecked()
    assert not dialog.with_names.isChecked()
    dialog.folder.setText(str(tmp_path / "concepten"))
    dialog.make_button.click()
    qtbot.wait_until(lambda: dialog.batch is not None, timeout=30_000)
    assert dialog.drafts.count() == 4
    assert "4 e-mailconcepten opgeslagen" in dialog.status.text()
    assert dialog.open_all_button.isVisible() or not dialog.isVisible()
    dialog.drafts.itemActivated.emit(dialog.drafts.item(1))
    assert opened == [str(tmp_path / "concepten" / dialog.drafts.item(1).text())]
    assert dialog.open_all() == 4
    assert len(opened) == 5
    message = message_from_bytes(Path(opened[0]).read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert settings.value(sending.DRAFTS_FOLDER_KEY) == str(tmp_path / "concepten")


def test_drafts_dialog_for_a_planned_meeting_offers_no_minutes(qtbot: QtBot, demo_store: Store,
                                                              settings: QSettings) -> None:
    meeting = plan(demo_store)
    dialog = DraftsDialog(demo_store, meeting.id, settings=settings)
    qtbot.addWidget(dialog)
    assert not dialog.with_minutes.isChecked()
    assert not dialog.with_minutes.isEnabled()


def test_invitation_dialog_saves_the_ics_and_makes_a_draft(qtbot: QtBot, world: World,
                                                           settings: QSettings, tmp_path: Path,
                                                           opened: list[str]) -> None:
    meeting = plan(world.store)
    dialog = InvitationDialog(world.store, meeting.id, settings=settings)
    qtbot.addWidget(dialog)
    saved = dialog.save_ics(tmp_path / "uitnodiging")
    assert saved == tmp_path / "uitnodiging.ics"
    assert b"METHOD:REQUEST" in saved.read_bytes()
    assert "volgnummer 0" in dialog.status.text()
    draft = dialog.make_draft(tmp_path / "concepten")
    assert draft is not None
    assert opened == [str(draft)]
    dialog.cancel_box.setChecked(True)
    cancelled = dialog.save_ics(tmp_path / "afzegging.ics")
    assert cancelled is not None
    assert b"METHOD:CANCEL" in cancelled.read_bytes()
    assert "Afzegging (volgnummer 1)" in dialog.status.text()


def test_the_meetings_page_offers_invitation_and_drafts(qtbot: QtBot, world: World,
                                                        settings: QSettings,
                                                        opened: list[str]) -> None:
    planned = plan(world.store)
    window = open_window(qtbot, world.store, settings)
    window.show_page(PageKey.MEETINGS)
    page = window.pages.meetings
    page.reload(select_id=planned.id)
    assert page.header.invite_button.isVisible()
    assert page.header.drafts_button.isVisible()
    page.header.invite_button.click()
    invitation = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, InvitationDialog) and w.isVisible())
    assert invitation.meeting_id == planned.id
    invitation.close()
    page.reload(select_id=world.meeting_id)  # closed: drafts, no invitation
    assert not page.header.invite_button.isVisible()
    page.header.drafts_button.click()
    drafts = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, DraftsDialog) and w.isVisible())
    assert drafts.meeting_id == world.meeting_id
    drafts.close()
    meetings.start_meeting(world.store, planned.id)
    page.reload(select_id=planned.id)  # in progress: neither
    assert not page.header.invite_button.isVisible()
    assert not page.header.drafts_button.isVisible()


def test_export_dialog_saves_a_word_copy(qtbot: QtBot, world: World, settings: QSettings,
                                         tmp_path: Path) -> None:
    dialog = ExportDialog(world.store, settings=settings)
    qtbot.addWidget(dialog)
    assert dialog.word_button.isEnabled()
    path = dialog.save_word(tmp_path / "verslag")
    assert path == tmp_path / "verslag.docx"
    text = " ".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Verslag expertteamoverleg" in text
    dialog.kind_box.setCurrentIndex(list(DocumentKind).index(DocumentKind.AGREEMENT_SHEET))
    assert not dialog.word_button.isEnabled()


def test_settings_page_stores_the_mail_text_and_a_word_template(qtbot: QtBot, world: World,
                                                                tmp_path: Path) -> None:
    dialog = SettingsDialog(world.store)
    qtbot.addWidget(dialog)
    page = dialog.sending
    page.subject.setText("Acties {organisatie}")
    page.body.setPlainText("Beste {organisatie},\n\nZie de bijlage.")
    bad = tmp_path / "kapot.docx"
    bad.write_bytes(b"geen word")
    page.choose_template("verslag", bad)
    assert "na Toepassen" in page.state_labels["verslag"].text()
    assert not dialog.apply()
    assert dialog.tabs.currentWidget() is page
    assert "geen Word-document" in page.banner.text()
    assert mail_template.get_mail_template(world.store).subject == "Acties {organisatie}"
    own = tmp_path / "huisstijl.docx"
    document = docx.Document()
    document.add_paragraph("{{ titel }}")
    document.save(str(own))
    page.choose_template("verslag", own)
    assert dialog.apply()
    assert page.state_labels["verslag"].text() == "eigen: huisstijl.docx"
    assert word_copies.list_templates(world.store)[0].custom
    page.subject.setText("Acties {kind}")
    assert not dialog.apply()
    assert "{kind}" in page.errors.label_for("mail_template.subject").text()


def test_the_afronden_screen_makes_the_drafts_over_the_live_window(
        qtbot: QtBot, world: World, settings: QSettings, opened: list[str]) -> None:
    """Closing a meeting in live mode turns to Afronden; its drafts button opens the drafts
    dialog of that meeting, over the live window (not behind it on the main window)."""
    planned = plan(world.store)
    window = open_window(qtbot, world.store, settings)
    page = window.show_page(PageKey.MEETINGS)
    assert isinstance(page, MeetingsPage)
    page.reload(select_id=planned.id)
    live = page.start_meeting()
    assert live is not None
    qtbot.add_widget(live)
    assert not live.items  # a meeting without an agenda closes to Afronden as well
    live.recorder.confirm_close()
    wrap_up = live.wrap_up
    assert wrap_up is not None
    assert wrap_up.drafts_button.isVisible()
    wrap_up.drafts_button.click()
    drafts = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, DraftsDialog) and w.isVisible())
    assert drafts.meeting_id == planned.id
    assert drafts.parent() is live
    drafts.close()
    live.close()
