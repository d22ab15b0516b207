from datetime import date

import pytest

from expertteam.domain.due_dates import (
    default_due_date,
    describe_due,
    parse_due_date,
)
from expertteam.domain.errors import ValidationError
from expertteam.formatting import compact_date as format_date_long
from expertteam.formatting import short_date as format_date

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("23-11-2026", date(2026, 11, 23)),
        ("24-12-2026", date(2026, 12, 24)),
        ("23/11/26", date(2026, 11, 23)),
        ("1.12.2026", date(2026, 12, 1)),
        ("2026-12-01", date(2026, 12, 1)),
        ("23-11", date(2026, 11, 23)),        # without a year: today counts
        ("30-11", date(2026, 11, 30)),
        ("5-1", date(2027, 1, 5)),            # already passed this year: next year
        ("in 5 werkdagen", date(2026, 11, 30)),
        ("5 werkdagen", date(2026, 11, 30)),
        ("1 werkdag", date(2026, 11, 24)),
        ("5 wd", date(2026, 11, 30)),
        ("5wd", date(2026, 11, 30)),
        ("+5", date(2026, 11, 30)),
        ("+ 10", date(2026, 12, 7)),
        ("  IN  10  Werkdagen ", date(2026, 12, 7)),
        ("2 weken", date(2026, 12, 7)),
        ("in 1 week", date(2026, 11, 30)),
        ("1 maand", date(2026, 12, 23)),
        ("2 maanden", date(2027, 1, 25)),     # 23 January 2027 is a Saturday
        ("vandaag", date(2026, 11, 23)),
        ("morgen", date(2026, 11, 24)),
        ("overmorgen", date(2026, 11, 25)),
        ("vrijdag", date(2026, 11, 27)),
        ("vr", date(2026, 11, 27)),
        ("maandag", date(2026, 11, 30)),      # a weekday means the next one, not today
        ("", date(2026, 12, 7)),              # empty: the default of 10 working days
    ],
)
def test_parse_due_date_from_a_monday(entry: str, expected: date) -> None:
    assert parse_due_date(entry, MONDAY) == expected


def test_working_days_skip_christmas_and_new_year() -> None:
    friday = date(2026, 12, 18)
    # 21, 22, 23, 24 December, then 25 and 26 are holidays and 27 a Sunday.
    assert parse_due_date("5 werkdagen", friday) == date(2026, 12, 28)
    # 28-31 December, 1 January is a holiday, then the weekend.
    assert parse_due_date("+6", date(2026, 12, 23)) == date(2027, 1, 4)


def test_periods_ending_on_a_holiday_or_weekend_move_to_the_next_working_day() -> None:
    wednesday = date(2026, 11, 25)
    assert parse_due_date("1 maand", wednesday) == date(2026, 12, 28)   # 25 Dec → Monday 28
    assert parse_due_date("3 dagen", date(2026, 11, 26)) == date(2026, 11, 30)  # Sunday → Monday
    assert parse_due_date("1 week", date(2026, 4, 20)) == date(2026, 4, 28)  # Koningsdag
    assert parse_due_date("in 1 week", date(2026, 5, 7)) == date(2026, 5, 15)  # Hemelvaart 14th


def test_default_due_date_is_ten_working_days_across_holidays() -> None:
    assert default_due_date(MONDAY) == date(2026, 12, 7)
    # 22-24 Dec, 28-31 Dec, 4-6 Jan: Christmas days and New Year's day do not count.
    assert default_due_date(date(2026, 12, 21)) == date(2027, 1, 6)


@pytest.mark.parametrize(
    "entry",
    ["blabla", "5 jaar", "in werkdagen", "32-01-2027", "31-02-2027", "29-02", "12-13-2026",
     "++5", "5,5 wd"],
)
def test_unreadable_or_impossible_entries_name_the_field(entry: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_due_date(entry, MONDAY)
    assert caught.value.field == "due_on"
    assert caught.value.message


def test_a_date_in_the_past_is_refused_with_the_date_in_the_message() -> None:
    with pytest.raises(ValidationError, match="20-11-2026 ligt in het verleden"):
        parse_due_date("20-11-2026", MONDAY)


def test_a_date_far_ahead_is_refused() -> None:
    with pytest.raises(ValidationError, match="drie jaar"):
        parse_due_date("1-1-2031", MONDAY)


def test_unknown_entry_message_quotes_the_entry_and_gives_examples() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_due_date("volgende keer", MONDAY)
    assert "volgende keer" in caught.value.message
    assert "in 5 werkdagen" in caught.value.message


def test_formatting_in_dutch() -> None:
    assert format_date(date(2026, 3, 5)) == "05-03-2026"
    assert format_date_long(date(2026, 11, 27)) == "vr 27 nov 2026"
    assert format_date_long(date(2027, 3, 1)) == "ma 1 mrt 2027"


@pytest.mark.parametrize(
    ("due", "today", "text"),
    [
        (MONDAY, MONDAY, "vandaag"),
        (date(2026, 11, 24), MONDAY, "over 1 werkdag"),
        (date(2026, 11, 30), MONDAY, "over 5 werkdagen"),
        (date(2026, 11, 28), date(2026, 11, 27), "over 1 dag"),   # a Saturday just ahead
        (date(2026, 11, 20), MONDAY, "1 werkdag te laat"),        # Friday, seen on Monday
        (date(2026, 11, 16), MONDAY, "5 werkdagen te laat"),
    ],
)
def test_describe_due(due: date, today: date, text: str) -> None:
    assert describe_due(due, today) == text
