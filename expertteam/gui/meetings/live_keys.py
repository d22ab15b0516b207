"""The live screen's keys, written once: what each key does, how the F1 overview shows it and
which few the footer hints at. ``LiveWindow`` binds them by command name."""

from __future__ import annotations

import html
from dataclasses import dataclass

from expertteam.gui.privacy_marks import REPLACE_KEY
from expertteam.i18n import N_, _


@dataclass(frozen=True)
class LiveKey:
    command: str  # the LiveWindow command it runs
    keys: tuple[str, ...]  # the key sequences bound to it (none: a button's own Alt+letter,
    # the table's arrows, or the window's lock action, which the shell adds)
    help: str = ""  # the line in the F1 overview (N_); empty: covered by another line
    shown: str = ""  # the keys as the overview shows them (default: the first key)
    hint: str = ""  # the word in the footer (N_); empty: not in the footer


LIVE_KEYS: tuple[LiveKey, ...] = (
    LiveKey("next_case", ("PgDown", "Alt+Right"), N_("volgende casus"), "PgDn / Alt+→",
            N_("volgende")),
    LiveKey("previous_case", ("PgUp", "Alt+Left"), N_("vorige casus"), "PgUp / Alt+←",
            N_("vorige")),
    LiveKey("first_item", ("Ctrl+Home",), N_("eerste / laatste punt"),
            "Ctrl+Home / Ctrl+End"),
    LiveKey("last_item", ("Ctrl+End",)),
    LiveKey("choose_action", (), N_("actie kiezen"), "↑ / ↓"),  # the table's own keys
    LiveKey("add_decision", ("Ctrl+D",), N_("besluit vastleggen"), hint=N_("besluit")),
    LiveKey("add_action", ("Ctrl+A",), N_("actie toevoegen"), hint=N_("actie")),
    LiveKey("action_done", ("Ctrl+Return", "Ctrl+Enter"), N_("gekozen actie gedaan"),
            "Ctrl+Enter", N_("gedaan")),
    LiveKey("action_not_done", ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
            N_("gekozen actie niet gedaan (met reden)"), "Ctrl+Shift+Enter",
            N_("niet gedaan")),
    LiveKey("change_due", ("Ctrl+T",), N_("termijn van de gekozen actie verzetten"),
            hint=N_("termijn")),
    LiveKey("edit_summary", ("Ctrl+E",), N_("samenvatting")),
    LiveKey("replace_identifying", (),  # the text fields' own key (gui/privacy_marks.py)
            N_("onderstreept gegeven vervangen door pseudoniem (in een tekst)"), REPLACE_KEY),
    LiveKey("toggle_discussed", ("Ctrl+B",), N_("besproken aan/uit"), hint=N_("besproken")),
    LiveKey("undo", ("Ctrl+Z",), N_("ongedaan maken / opnieuw"), "Ctrl+Z / Ctrl+Y",
            N_("ongedaan")),
    LiveKey("redo", ("Ctrl+Y", "Ctrl+Shift+Z")),
    LiveKey("toggle_names", ("Ctrl+H",), N_("namen tonen/verbergen"), hint=N_("namen")),
    LiveKey("edit_attendance", ("Ctrl+Shift+A",), N_("aanwezigheid")),
    LiveKey("toggle_sidebar", ("Ctrl+G",), N_("agendalijst tonen/verbergen")),
    LiveKey("toggle_full_screen", ("F11",), N_("volledig scherm aan / uit"), "F11 / Esc"),
    LiveKey("zoom_in", ("Ctrl++", "Ctrl+="), N_("letters groter / kleiner / standaard"),
            "Ctrl+plus / Ctrl+min / Ctrl+0"),
    LiveKey("zoom_out", ("Ctrl+-",)),
    LiveKey("zoom_reset", ("Ctrl+0",)),
    LiveKey("escape", ("Escape",)),
    LiveKey("close_meeting", (), N_("overleg sluiten; Enter toont het verslag"), "Alt+S"),
    LiveKey("lock", (), N_("scherm vergrendelen (namen eerst verborgen)"), "Ctrl+L"),
    LiveKey("leave", ("Ctrl+W",), N_("live-modus verlaten")),
    LiveKey("show_keys", ("F1",), hint=N_("alle toetsen")),
)


def footer_hints() -> tuple[tuple[str, str], ...]:
    """(keys, word) for the footer, in the order of the table."""
    return tuple((key.shown.split(" / ")[0] if key.shown else key.keys[0], key.hint)
                 for key in LIVE_KEYS if key.hint)


def overview_rows() -> tuple[tuple[str, str], ...]:
    """(keys, text) for the F1 overview."""
    return tuple((key.shown or key.keys[0], key.help) for key in LIVE_KEYS if key.help)


def overview_html() -> str:
    """The F1 overview as a table."""
    rows = "".join(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(_(text))}</td></tr>"
                   for keys, text in overview_rows())
    return f"<table cellspacing='4'>{rows}</table>"
