"""The main window's keyboard shortcuts, declared once. The shell gives them to its actions and
the F1 overview (``gui/help.py``) lists those actions, so the overview cannot drift."""

from __future__ import annotations

# The pages, in the order of the navigation.
OVERVIEW = "Ctrl+0"
REGISTER = "Ctrl+1"
MEETINGS = "Ctrl+2"
ACTIONS = "Ctrl+3"
SIGNALS = "Ctrl+4"
ESCALATIONS = "Ctrl+5"
MONITOR = "Ctrl+6"

# Commands.
QUIT = "Ctrl+Q"
NEW_CASE = "Ctrl+N"
OPEN_CASE = "Ctrl+O"
FIND = "Ctrl+F"
ORGANISATIONS = "Ctrl+Shift+O"
SETTINGS = "Ctrl+,"
HIDE_NAMES = "Ctrl+H"
CLEAR_FILTERS = "Ctrl+Shift+F"
RELOAD = "F5"
SHORTCUTS = "F1"
LOCK = "Ctrl+L"
NEW_MEETING = "Ctrl+Shift+N"
LIVE_MODE = "Ctrl+Shift+L"
CASE_SHEET = "Ctrl+Shift+P"
