"""The change notice: after every change of data the GUI announces which kinds of data changed.

Pages do not call each other to refresh. An operation (``gui/operations.py``) runs the service
call and then announces ``Change`` flags on the store's ``ChangeNotice``. Every page follows the
notice with ``follow_changes(page, store, watches)``: when a change it watches is announced the
page refreshes at once if it is showing (or not inside a shown window at all), and the next
time it is shown if it is hidden behind another page. Like Anki's ``OpChanges`` and
``operation_did_execute``, where each screen decides what to refresh.
"""

from __future__ import annotations

import enum
import weakref
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from expertteam.services.store import Store


class Change(enum.Flag):
    """The kinds of data a change can touch; a page watches those it shows."""

    CASES = enum.auto()  # the register, the case's fields, blockers, measures
    MEETINGS = enum.auto()  # meetings, agendas, attendance, decisions, minutes
    ACTIONS = enum.auto()  # actions and their events
    ESCALATIONS = enum.auto()  # escalations, letters sent, signals dismissed
    ORGANISATIONS = enum.auto()  # organisations and contact persons
    SETTINGS = enum.auto()  # terms, criteria, letterhead, auto-lock, backup folder
    REGION = enum.auto()  # the region and team name (the window title)
    USERS = enum.auto()  # user profiles
    MONITOR = enum.auto()  # GI figures, published monitors
    EVERYTHING = (CASES | MEETINGS | ACTIONS | ESCALATIONS | ORGANISATIONS | SETTINGS | REGION
                  | USERS | MONITOR)


class ChangeNotice(QObject):
    """``changed(changes, source)`` after each change of data in one open database; ``source``
    is the page that made the change and already shows it (or None)."""

    changed = Signal(object, object)

    def announce(self, changes: Change, source: QObject | None = None) -> None:
        if changes:
            self.changed.emit(changes, source)


_notices: weakref.WeakKeyDictionary[object, ChangeNotice] = weakref.WeakKeyDictionary()


def notice_for(store: Store) -> ChangeNotice:
    """The one notice of the database behind ``store`` (also for a store ``with_origin``)."""
    # Keyed by the opened database, which every ``with_origin`` copy of the store shares.
    notice = _notices.get(store.database)
    if notice is None:
        notice = _notices[store.database] = ChangeNotice()
    return notice


class ChangeFollower(QObject):
    """Refreshes one page from the change notice (see the module docstring)."""

    def __init__(self, page: QWidget, store: Store, watches: Change,
                 refresh: Callable[[], object], *, when_hidden: bool = False) -> None:
        super().__init__(page)
        self.page, self.watches, self._refresh = page, watches, refresh
        self.when_hidden = when_hidden
        self.stale = False
        notice_for(store).changed.connect(self._changed)
        page.installEventFilter(self)

    def _changed(self, changes: Change, source: QObject | None) -> None:
        if not (changes & self.watches) or source is self.page:
            return
        hidden_behind = not self.page.isVisible() and self.page.window().isVisible()
        if hidden_behind and not self.when_hidden:
            self.stale = True
        else:
            self.stale = False
            self._refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.page and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self._refresh()
        return False


def follow_changes(page: QWidget, store: Store, watches: Change,
                   refresh: Callable[[], object] | None = None, *,
                   when_hidden: bool = False) -> ChangeFollower:
    """Refresh ``page`` (its ``refresh()`` unless ``refresh`` is given) after each change it
    ``watches``; ``when_hidden`` refreshes a hidden page at once too (the signals page, whose
    count the navigation shows)."""
    call = refresh if refresh is not None else getattr(page, "refresh")  # noqa: B009
    return ChangeFollower(page, store, watches, call, when_hidden=when_hidden)
