"""Meeting mode: the meetings page (plan, agenda, attendance, record), the chair's live screen
and the action overview (``MeetingsPage``, ``LiveWindow``, ``ActionOverviewPage``)."""
