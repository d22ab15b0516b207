"""The one route for user-visible text.

Source strings are Dutch. ``_()`` marks a string shown to the user and looks it up in the active
gettext catalogue, so another language can be added by installing a catalogue; ``N_()`` marks a
string where it is defined (an enum label, a constant) and is translated where it is shown.
This module is a leaf: every layer may import it.
"""

from __future__ import annotations

import gettext

_translation: gettext.NullTranslations = gettext.NullTranslations()


def install(translation: gettext.NullTranslations) -> None:
    """Make ``translation`` the active catalogue (the GUI does this at start-up)."""
    global _translation
    _translation = translation


def _(text: str) -> str:
    return _translation.gettext(text)


def N_(text: str) -> str:  # noqa: N802 - gettext convention
    return text


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
