"""Alt+letter must press a button (or reach a field), never move focus between two controls
that share a letter: ``duplicate_mnemonics`` lists the letters used twice in one window."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMainWindow,
    QTabBar,
    QWidget,
)

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def _letter(text: str) -> str | None:
    match = _MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).casefold() if match else None


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Letter → the visible texts in ``window`` (its own widgets, menu bar included) that use
    it as Alt+letter."""
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str) -> None:
        letter = _letter(text)
        if letter is not None:
            found[letter].append(text)

    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton):
            add(widget.text())
        elif isinstance(widget, QLabel):
            if widget.buddy() is not None:  # a label's letter reaches the field it names
                add(widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget.title())
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabVisible(index) and widget.isTabEnabled(index):
                    add(widget.tabText(index))
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.isVisible():
                add(action.text())
    return dict(found)


def duplicate_mnemonics(window: QWidget) -> dict[str, list[str]]:
    return {letter: texts for letter, texts in mnemonics(window).items() if len(texts) > 1}
