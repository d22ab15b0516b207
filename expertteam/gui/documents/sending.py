"""Sending a meeting's work: the e-mail drafts dialog and the invitation dialog.

``DraftsDialog`` is the one screen that makes every participant's draft of a meeting
(``mail_drafts.make_all_drafts``, in a ``Job`` behind a cancellable progress dialog) and then
opens them in the user's mail program, where the user checks and sends them: the app sends
nothing. The meetings page and the "Afronden" screen after closing both open it with
``open_drafts_dialog``. ``InvitationDialog`` saves a meeting's calendar invitation (or its
cancellation) as .ics or puts it in an e-mail draft.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import MeetingStatus
from expertteam.domain.errors import ExpertteamError
from expertteam.formatting import long_date
from expertteam.gui.changes import Change
from expertteam.gui.operations import BackgroundChange, JobControl, change_in_background
from expertteam.gui.printing import last_folder, write_file
from expertteam.i18n import _, ngettext
from expertteam.services import invitations, mail_drafts, meetings
from expertteam.services.mail_drafts import DraftBatch
from expertteam.services.store import Store

DRAFTS_FOLDER_KEY = "documents/drafts_folder"
_PATH_ROLE = Qt.ItemDataRole.UserRole


def open_in_mail_program(path: Path) -> bool:
    """Open a draft (.eml) or an .ics in the program the system has for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class DraftsDialog(QDialog):
    """Every participant's e-mail draft of one meeting, then open them one by one or all."""

    def __init__(self, store: Store, meeting_id: int, parent: QWidget | None = None, *,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.store = store.with_origin("gui:e-mailconcepten")
        self.meeting_id = meeting_id
        self.settings = settings if settings is not None else QSettings()
        self.batch: DraftBatch | None = None
        self.running: BackgroundChange | None = None
        info = meetings.get_meeting(self.store, meeting_id)
        closed = info.status is MeetingStatus.CLOSED
        self.setWindowTitle(_("E-mailconcepten maken"))
        self.setMinimumWidth(560)

        intro = _note(_(
            "Per deelnemende organisatie een concept-e-mail aan haar contactpersonen, met haar "
            "eigen actielijst als bijlage. De app verstuurt niets: u controleert elk concept in "
            "uw e-mailprogramma en verstuurt het via de beveiligde mail van uw organisatie."))
        self.recipients = QListWidget()
        self.recipients.setAccessibleName(_("Ontvangers"))
        self.recipients.setMaximumHeight(150)
        self.recipients.setWordWrap(True)
        for recipient in mail_drafts.meeting_participants(self.store, meeting_id):
            where = ", ".join(address for _name, address in recipient.addresses) or \
                _("geen e-mailadres: vul het in het concept zelf in")
            self.recipients.addItem(f"{recipient.name} — {where}")
        remembered = str(self.settings.value(DRAFTS_FOLDER_KEY, "") or "")
        self.folder = QLineEdit(remembered or
                                str(Path(last_folder(self.settings)) / _("e-mailconcepten")))
        self.folder.setAccessibleName(_("Map voor de concepten"))
        browse = QPushButton(_("&Bladeren…"))
        browse.setAccessibleName(_("Map voor de concepten kiezen"))
        browse.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.with_minutes = QCheckBox(_("Het &verslag bijvoegen"))
        self.with_minutes.setChecked(closed)
        self.with_minutes.setEnabled(closed)
        if not closed:
            self.with_minutes.setToolTip(_("Het verslag bestaat pas als het overleg is "
                                           "gesloten."))
        self.with_names = QCheckBox(_("Bijlagen met &naam (niet gepseudonimiseerd)"))
        self.names_warning = _note(_("Let op: de bijlagen bevatten dan de namen van kinderen. "
                                     "Verstuur ze alleen via beveiligde mail. Deze keuze wordt "
                                     "vastgelegd."))
        self.names_warning.setStyleSheet("font-weight: bold;")
        self.names_warning.setVisible(False)
        self.with_names.toggled.connect(self.names_warning.setVisible)

        form = QFormLayout()
        title = QLabel(_("Overleg van {date}").format(date=long_date(info.held_on,
                                                                     weekday=True)))
        form.addRow(_("Overleg:"), title)
        form.addRow(_("Ontvangers:"), self.recipients)
        folder_label = QLabel(_("&Map:"))
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)

        self.status = _note("")
        self.drafts = QListWidget()
        self.drafts.setAccessibleName(_("Gemaakte concepten"))
        self.drafts.setVisible(False)
        self.drafts.itemActivated.connect(self._open_item)

        buttons = QDialogButtonBox()
        self.make_button = QPushButton(_("Concepten &maken"))
        self.make_button.setDefault(True)
        self.open_all_button = QPushButton(_("Alle &openen in e-mailprogramma"))
        self.open_folder_button = QPushButton(_("Map o&penen"))
        for button in (self.make_button, self.open_all_button, self.open_folder_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_all_button.setVisible(False)
        self.open_folder_button.setVisible(False)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Sluiten"))
        buttons.rejected.connect(self.reject)
        self.make_button.clicked.connect(lambda: self.make_drafts())
        self.open_all_button.clicked.connect(self.open_all)
        self.open_folder_button.clicked.connect(
            lambda: open_in_mail_program(Path(self.folder.text())))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.with_minutes)
        layout.addWidget(self.with_names)
        layout.addWidget(self.names_warning)
        layout.addWidget(self.status)
        layout.addWidget(self.drafts, 1)
        layout.addWidget(buttons)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Map voor de e-mailconcepten"),
                                                  self.folder.text() or str(Path.home()))
        if chosen:
            self.folder.setText(chosen)

    def make_drafts(self) -> None:
        """Make every draft in the background; the list of drafts follows."""
        folder = Path(self.folder.text().strip()).expanduser()
        if not self.folder.text().strip():
            self.status.setText(_("Kies eerst een map voor de concepten."))
            return
        self.settings.setValue(DRAFTS_FOLDER_KEY, str(folder))
        with_names, with_minutes = self.with_names.isChecked(), self.with_minutes.isChecked()

        def work(control: JobControl) -> DraftBatch:
            def progress(done: int, total: int, name: str) -> None:
                control.report(done, total, _("{done} van {total}: {name}").format(
                    done=done, total=total, name=name))
            return mail_drafts.make_all_drafts(
                self.store, self.meeting_id, folder, with_names=with_names,
                with_minutes=with_minutes, progress=progress, cancelled=control.cancelled)

        self.make_button.setEnabled(False)
        self.running = change_in_background(
            self, self.store, work, Change(0), title=self.windowTitle(),
            label=_("E-mailconcepten maken…"), cancellable=True, on_done=self._done)

    def _done(self, result: object) -> None:
        self.make_button.setEnabled(True)
        if not isinstance(result, DraftBatch):
            return
        self.batch = result
        self.status.setText(result.summary() + " " + _(
            "Dubbelklik op een concept om het in uw e-mailprogramma te openen."))
        self.drafts.clear()
        for path in result.written:
            item = QListWidgetItem(path.name)
            item.setData(_PATH_ROLE, str(path))
            self.drafts.addItem(item)
        self.drafts.setVisible(bool(result.written))
        self.open_all_button.setVisible(bool(result.written))
        self.open_folder_button.setVisible(True)
        if result.written:
            self.drafts.setCurrentRow(0)
            self.drafts.setFocus()

    def _open_item(self, item: QListWidgetItem) -> None:
        open_in_mail_program(Path(str(item.data(_PATH_ROLE))))

    def open_all(self) -> int:
        """Open every draft in the mail program; the number opened."""
        if self.batch is None:
            return 0
        return sum(1 for path in self.batch.written if open_in_mail_program(path))


def open_drafts_dialog(parent: QWidget | None, store: Store, meeting_id: int, *,
                       settings: QSettings | None = None) -> DraftsDialog | None:
    """Open the drafts dialog for a meeting (window-modal); None after showing why not."""
    try:
        dialog = DraftsDialog(store, meeting_id, parent, settings=settings)
    except ExpertteamError as error:
        QMessageBox.warning(parent, _("E-mailconcepten maken"), error.message)
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class InvitationDialog(QDialog):
    """A planned meeting's calendar invitation (or cancellation): as .ics, or in a draft."""

    def __init__(self, store: Store, meeting_id: int, parent: QWidget | None = None, *,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.store = store.with_origin("gui:uitnodiging")
        self.meeting_id = meeting_id
        self.settings = settings if settings is not None else QSettings()
        info = meetings.get_meeting(self.store, meeting_id)
        self.setWindowTitle(_("Uitnodiging maken"))
        self.setMinimumWidth(520)
        when = long_date(info.held_on, weekday=True)
        intro = _note(_(
            "Een agenda-uitnodiging (.ics) voor het overleg van {when} aan de contactpersonen "
            "van de genodigde organisaties. De agenda noemt alleen casusnummers. Is de datum, "
            "de tijd of de plaats veranderd, dan vervangt de nieuwe uitnodiging de oude in hun "
            "agenda.").format(when=when))
        self.cancel_box = QCheckBox(_("&Afzegging: het overleg gaat niet door"))
        self.status = _note("")
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(_("Opslaan als .&ics…"))
        self.draft_button = QPushButton(_("&E-mailconcept maken en openen"))
        self.draft_button.setDefault(True)
        for button in (self.draft_button, self.save_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Sluiten"))
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(lambda: self.save_ics())
        self.draft_button.clicked.connect(lambda: self.make_draft())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.cancel_box)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def _failed(self, error: ExpertteamError) -> None:
        self.status.setText(error.message)
        QMessageBox.warning(self, self.windowTitle(), error.message)

    def _said(self, invite: invitations.Invitation) -> str:
        what = _("Afzegging") if invite.method == "CANCEL" else _("Uitnodiging")
        return ngettext("{what} (volgnummer {n}) voor {count} genodigde",
                        "{what} (volgnummer {n}) voor {count} genodigden",
                        len(invite.attendees)).format(what=what, n=invite.sequence,
                                                      count=len(invite.attendees))

    def save_ics(self, path: Path | None = None) -> Path | None:
        try:
            invite = invitations.invitation(self.store, self.meeting_id,
                                            cancel=self.cancel_box.isChecked())
        except ExpertteamError as error:
            self._failed(error)
            return None
        path = write_file(self, self.settings, invite.ics, invite.filename, path,
                          title=_("Uitnodiging opslaan"),
                          file_filter=_("Agenda-uitnodigingen (*.ics)"), suffix=".ics",
                          store=self.store, export=invite.export)
        if path is not None:
            self.status.setText(_("{what} opgeslagen: {path}").format(what=self._said(invite),
                                                                      path=path))
        return path

    def make_draft(self, folder: Path | None = None) -> Path | None:
        """The invitation in an e-mail draft to every invitee, opened in the mail program."""
        try:
            draft, invite = mail_drafts.invitation_draft(self.store, self.meeting_id,
                                                         cancel=self.cancel_box.isChecked())
            target = mail_drafts.write_draft(
                self.store, draft,
                folder or Path(last_folder(self.settings)) / _("e-mailconcepten"))
        except ExpertteamError as error:
            self._failed(error)
            return None
        open_in_mail_program(target)
        self.status.setText(_("{what} als e-mailconcept geopend: {path}").format(
            what=self._said(invite), path=target))
        return target


def open_invitation_dialog(parent: QWidget | None, store: Store, meeting_id: int, *,
                           settings: QSettings | None = None) -> InvitationDialog | None:
    """Open the invitation dialog for a planned meeting (window-modal)."""
    try:
        dialog = InvitationDialog(store, meeting_id, parent, settings=settings)
    except ExpertteamError as error:
        QMessageBox.warning(parent, _("Uitnodiging maken"), error.message)
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
