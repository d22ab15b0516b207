"""Screens for encryption, unlocking, auto-lock, backups, the audit log, retention and inzage."""
