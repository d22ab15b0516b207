"""Where things live: bundled resources (development and frozen build alike) and user data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from expertteam import APP_NAME

DATABASE_ENV = "EXPERTTEAM_DATABASE"
DATABASE_FILENAME = "expertteam.db"


def _root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return _root() / "resources"


def ui_dir() -> Path:
    return _root() / "ui"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    """The database to open: ``$EXPERTTEAM_DATABASE`` if set, else the user's data folder."""
    from_env = os.environ.get(DATABASE_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return user_data_dir() / DATABASE_FILENAME
