"""Expertteam: case register and case conferences for regional youth-protection expertteams."""

__version__ = "0.1.0"
APP_NAME = "Expertteam"
APP_ID = "nl.expertteam.Expertteam"
