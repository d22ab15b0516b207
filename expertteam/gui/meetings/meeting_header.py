"""The head of the meetings page: the chosen meeting's title, what its status means, and the
steps it allows (edit, start, live mode, close, invitation, e-mail drafts)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from expertteam.domain.enums import MeetingStatus
from expertteam.gui.meetings.style import LOCKED_BANNER, meeting_title, scaled_font
from expertteam.i18n import _, ngettext
from expertteam.services.meeting_data import MeetingInfo


class MeetingHeader(QWidget):
    """Title, status banner and step buttons; the page connects the buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setFont(scaled_font(self, 1.3, bold=True))
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(LOCKED_BANNER)
        self.edit_button = QPushButton(_("&Gegevens wijzigen…"), self)
        self.start_button = QPushButton(_("Overleg &starten"), self)
        self.start_button.setToolTip(_("Start het overleg en open de live-modus voor de "
                                       "voorzitter"))
        self.live_button = QPushButton(_("&Live-modus"), self)
        self.live_button.setToolTip(_("Het overleg casus voor casus leiden, in grote letters "
                                      "voor de beamer (Ctrl+Shift+L)"))
        self.close_button = QPushButton(_("Overleg sl&uiten…"), self)
        self.invite_button = QPushButton(_("U&itnodiging maken…"), self)
        self.invite_button.setToolTip(_("Een agenda-uitnodiging (.ics) voor de genodigden, of "
                                        "de afzegging"))
        self.drafts_button = QPushButton(_("E-mail&concepten maken…"), self)
        self.drafts_button.setToolTip(_("Per deelnemer een concept-e-mail met de eigen "
                                        "actielijst (en het verslag); de app verstuurt niets"))
        steps = QHBoxLayout()
        for button in self.buttons():
            steps.addWidget(button)
        steps.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addLayout(steps)

    def buttons(self) -> tuple[QPushButton, ...]:
        return (self.edit_button, self.start_button, self.live_button, self.close_button,
                self.invite_button, self.drafts_button)

    def show_meeting(self, info: MeetingInfo | None) -> None:
        """The title, the banner and the steps ``info``'s status allows (none without one)."""
        self.title.setVisible(info is not None)
        for button in self.buttons():
            button.setVisible(info is not None)
        if info is None:
            self.banner.hide()
            return
        status = info.status
        present = len(info.present)
        self.title.setText(f"{meeting_title(info.held_on, info.starts_at, info.place)} · "
                           f"{status.label}")
        if status is MeetingStatus.CLOSED:
            self.banner.setText(_("Gesloten: het verslag ligt vast. Een correctie legt u vast "
                                  "als addendum (tabblad Verslag). Niet besproken punten en open "
                                  "acties schuiven door naar het volgende overleg."))
        elif status is MeetingStatus.IN_PROGRESS:
            self.banner.setText(ngettext("Het overleg is bezig ({n} organisatie aanwezig). Leid "
                                         "het vanuit de live-modus.",
                                         "Het overleg is bezig ({n} organisaties aanwezig). Leid "
                                         "het vanuit de live-modus.", present).format(n=present))
        else:
            self.banner.setText(_("Gepland. Stel de agenda samen (de app doet een voorstel), "
                                  "noteer wie zich heeft afgemeld en start het overleg als het "
                                  "begint."))
        self.banner.show()
        self.edit_button.setEnabled(status is not MeetingStatus.CLOSED)
        self.start_button.setVisible(status is MeetingStatus.PLANNED)
        self.live_button.setVisible(status is not MeetingStatus.PLANNED)
        self.live_button.setText(_("&Live-modus") if status is MeetingStatus.IN_PROGRESS
                                 else _("Terugkijken in &live-modus"))
        self.close_button.setVisible(status is MeetingStatus.IN_PROGRESS)
        self.invite_button.setVisible(status is MeetingStatus.PLANNED)
        self.drafts_button.setVisible(status is not MeetingStatus.IN_PROGRESS)

    def add_note(self, text: str) -> None:
        """A line under the banner's text (what closing left for the next meeting)."""
        self.banner.setText(self.banner.text() + "\n" + text)
