"""In-app help: "Hoe werkt het" (the flow from referral to escalation in six steps) and the
keyboard-shortcut overview (F1), generated from the window's own actions so it never drifts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from expertteam.i18n import N_, _

STEPS: tuple[tuple[str, str], ...] = (
    (N_("Aanmelden"),
     N_("Een gemeente, GI of lokaal team meldt een kind aan als de lokale doorbraak niet lukt. "
        "Leg de casus vast in het <b>Casusregister</b> (Ctrl+N): maatregel, GI en "
        "jeugdbeschermer, waar het kind op wacht en sinds wanneer, en de knelpunten. De app "
        "rekent de wettelijke termijnen uit (eerste contact binnen 5 werkdagen, plan van "
        "aanpak binnen 6 weken).")),
    (N_("Overleg voorbereiden"),
     N_("Plan onder <b>Overleggen</b> het volgende expertteamoverleg en nodig de organisaties "
        "uit. De app stelt de agenda voor: eerst de terugblik op open acties, dan nieuwe "
        "aanmeldingen, casussen met verlopen acties en casussen voor evaluatie. Schuif, voeg "
        "toe of laat vallen.")),
    (N_("Overleg voeren"),
     N_("Start het overleg en open de <b>live-modus</b>: één casus tegelijk, groot genoeg voor "
        "de beamer en standaard gepseudonimiseerd. Leg aanwezigheid, besluiten (Ctrl+D) en "
        "acties (Ctrl+A) vast terwijl er gepraat wordt; elke actie krijgt een actiehouder en "
        "een termijn, bijvoorbeeld ‘in 5 werkdagen’.")),
    (N_("Afronden en versturen"),
     N_("Sluit het overleg: het verslag ligt dan vast en wat niet besproken is schuift door "
        "naar het volgende overleg. Maak via <b>Bestand</b> het verslag, de actielijsten per "
        "deelnemer en het afsprakenoverzicht per kind als PDF — gepseudonimiseerd, tenzij u "
        "bewust ‘met naam’ kiest.")),
    (N_("Bewaken"),
     N_("<b>Acties</b> toont per deelnemer wat nog open staat en wat verlopen is. Het "
        "<b>Overzicht</b> en de <b>Monitor</b> tellen wachtende kinderen per GI en gemeente, "
        "wachttijden en verstreken termijnen. <b>Signalen</b> wijzen op afspraken die niet "
        "worden nagekomen en kinderen die te lang wachten.")),
    (N_("Opschalen"),
     N_("Lukt het niet in de regio, schaal dan op onder <b>Escalaties</b>: voor één kind naar "
        "het bovenregionaal expertisenetwerk of het OZJ, met een brief die laat zien wie welke "
        "afspraak niet nakwam. Raakt het probleem de continuïteit van cruciale jeugdzorg "
        "(opnamestop, geen plek, een GI zonder capaciteit), dan volgt een brief aan de "
        "Jeugdautoriteit met alleen geanonimiseerde aantallen — nooit een naam of BSN.")),
)


def how_it_works_html() -> str:
    parts = [f"<h2>{_('Hoe werkt het')}</h2>",
             f"<p>{_('Van aanmelding tot escalatie in zes stappen.')}</p>", "<ol>"]
    parts += [f"<li><p><b>{_(title)}</b><br>{_(text)}</p></li>" for title, text in STEPS]
    parts.append("</ol>")
    parts.append(f"<p>{_('Druk op F1 voor een overzicht van alle sneltoetsen.')}</p>")
    return "".join(parts)


class HowItWorksDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Hoe werkt het"))
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName(_("Uitleg in zes stappen"))
        self.browser.setHtml(how_it_works_html())
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def _menu_path(action: QAction) -> str:
    for widget in action.associatedObjects():
        if isinstance(widget, QMenu):
            return widget.title().replace("&", "")
    return _("Op de pagina")


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every action of ``window`` that has a shortcut, sorted by menu;
    with the key every text field that warns about identifying data has."""
    from expertteam.gui.privacy_marks import REPLACE_KEY, REPLACE_TEXT

    rows: dict[tuple[str, str], str] = {
        (_("In tekstvelden"), _(REPLACE_TEXT)): QKeySequence(REPLACE_KEY).toString(
            QKeySequence.SequenceFormat.NativeText)}
    for action in window.findChildren(QAction):
        keys = [seq.toString(QKeySequence.SequenceFormat.NativeText)
                for seq in action.shortcuts() if not seq.isEmpty()]
        text = action.text().replace("&", "").rstrip(".…").strip()
        if keys and text:
            rows[(_menu_path(action), text)] = ", ".join(keys)
    return sorted(((menu, text, keys) for (menu, text), keys in rows.items()),
                  key=lambda row: (row[0], row[1]))


class ShortcutsDialog(QDialog):
    """Every shortcut of the window, read from its actions."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setWindowTitle(_("Sneltoetsen"))
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Alles in Expertteam werkt ook met het toetsenbord. In de live-modus "
                         "toont F1 de sneltoetsen van het overleg."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setAccessibleName(_("Sneltoetsen"))
        self.table.setHorizontalHeaderLabels([_("Menu"), _("Opdracht"), _("Toets")])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
