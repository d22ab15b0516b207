"""Escalation screens: the signals page, the escalation register, the letter editor, the case's
escalation trail and the live meeting's signals panel."""
