"""The two views of a past meetmoment on the monitor page, and publishing one.

"Zoals nu bekend" is the default; every publication of the chosen meetmoment adds "Zoals
gerapporteerd op …", the figures frozen as they were published. "Publiceren…" freezes the
figures shown now (``services/monitor_publication.py``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from expertteam.i18n import _
from expertteam.services.monitor_publication import PublicationInfo


class PublicationBar(QWidget):
    """The view chooser and the publish button. ``view_chosen`` when the user picks a view,
    ``publish_requested`` when the user confirmed publishing."""

    view_chosen = Signal()
    publish_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view_combo = QComboBox()
        self.view_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.view_combo.setAccessibleName(_("Stand van de cijfers"))
        self.view_combo.setToolTip(_(
            "Zoals nu bekend: met alles wat sindsdien is vastgelegd, ook later ingevoerde of "
            "gecorrigeerde gegevens. Zoals gerapporteerd: de cijfers zoals ze op dat moment "
            "zijn gepubliceerd; die veranderen nooit meer."))
        self.publish_button = QPushButton(_("P&ubliceren…"))
        self.publish_button.setToolTip(_("Leg deze cijfers vast zoals ze nu gerapporteerd "
                                         "worden, om later te zien wat er is gecorrigeerd"))
        label = QLabel(_("&Stand:"))
        label.setBuddy(self.view_combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.view_combo)
        layout.addWidget(self.publish_button)
        self._publications: tuple[PublicationInfo, ...] = ()
        self.set_publications(())
        self.view_combo.activated.connect(self._chosen)
        self.publish_button.clicked.connect(self._ask_publish)
        # Asked before publishing; tests replace it.
        self.confirm = self._confirm

    def set_publications(self, publications: tuple[PublicationInfo, ...]) -> None:
        """The meetmoment's publications; the chosen one stays chosen while it is listed."""
        chosen = self.chosen_id()
        self._publications = publications
        self.view_combo.blockSignals(True)
        self.view_combo.clear()
        self.view_combo.addItem(_("Zoals nu bekend"), None)
        for info in publications:
            self.view_combo.addItem(_("Zoals gerapporteerd ({label})").format(
                label=info.label), info.id)
        index = self.view_combo.findData(chosen) if chosen is not None else 0
        self.view_combo.setCurrentIndex(max(index, 0))
        self.view_combo.setEnabled(bool(publications))
        self.view_combo.blockSignals(False)
        self.publish_button.setEnabled(self.chosen_id() is None)  # not the frozen figures
        self.view_combo.adjustSize()

    def _chosen(self, _index: int) -> None:
        self.publish_button.setEnabled(self.chosen_id() is None)
        self.view_chosen.emit()

    def chosen_id(self) -> int | None:
        value = self.view_combo.currentData()
        return int(value) if value is not None else None

    def choose(self, publication_id: int | None) -> None:
        index = self.view_combo.findData(publication_id) if publication_id is not None else 0
        self.view_combo.setCurrentIndex(max(index, 0))

    def _confirm(self) -> bool:
        latest = self._publications[0] if self._publications else None
        text = _("De cijfers van dit meetmoment worden vastgelegd zoals ze nu zijn. Wat later "
                 "wordt ingevoerd of gecorrigeerd, verandert de publicatie niet; de monitor "
                 "laat dan zien wat er sindsdien anders is.")
        if latest is not None:
            text += "\n\n" + _("Dit meetmoment is al gepubliceerd ({label}); er komt een "
                               "nieuwe publicatie bij.").format(label=latest.label)
        answer = QMessageBox.question(self, _("Monitor publiceren"), text,
                                      QMessageBox.StandardButton.Yes |
                                      QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_publish(self) -> None:
        if self.confirm():
            self.publish_requested.emit()

