"""End-to-end tests run with the application's own style rules, as the GUI tests do."""

from tests.gui.conftest import _app_style  # noqa: F401 - a fixture, used by name
