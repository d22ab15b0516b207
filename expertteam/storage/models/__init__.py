"""The schema, one module per area; Alembic migrations (``storage/migrations``) are the only
thing that changes it. Importing this package registers every table on ``Base.metadata``;
callers import each model from the module that defines it."""

from __future__ import annotations

from typing import Any

from expertteam.storage import numbers
from expertteam.storage.models import (
    actions,
    cases,
    escalations,
    meetings,
    monitor,
    organisations,
    system,
)

ALL_MODELS: tuple[type[Any], ...] = (
    system.Region, system.Setting, organisations.Organisation, organisations.Contact,
    cases.Case, cases.CaseHiddenName, cases.Measure, cases.CaseBlocker, cases.CaseChange,
    system.UserProfile, system.AuditEntry, meetings.Meeting, meetings.MeetingInvitee,
    meetings.AgendaItem, meetings.Decision, actions.Action, actions.ActionEvent,
    meetings.MeetingAddendum, numbers.NumberCounter,
    escalations.Escalation, escalations.EscalationCase, escalations.EscalationAction,
    escalations.EscalationEvent, escalations.SignalDismissal, escalations.Letter,
    monitor.GiFigure, monitor.MonitorPublication,
)
