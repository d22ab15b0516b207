"""Where things live: bundled resources (checkout, installed wheel and frozen build alike) and user
data."""

from __future__ import annotations

import os
from pathlib import Path

from expertteam import APP_NAME

DATABASE_ENV = "EXPERTTEAM_DATABASE"
DATABASE_FILENAME = "expertteam.db"


def resources_dir() -> Path:
    """``expertteam/resources``: package data, so it sits beside this module in a checkout, in an
    installed wheel and in the PyInstaller build (which sets ``__file__`` below ``sys._MEIPASS``
    and collects the folder to the same place)."""
    return Path(__file__).resolve().parent / "resources"


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
