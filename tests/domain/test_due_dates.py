from datetime import date

import pytest

from expertteam.domain.due_dates import (
    day_warning,
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
        ("over 5 werkdagen", date(2026, 11, 30)),  # the preview's own wording
        ("over 2 weken", date(2026, 12, 7)),
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


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 11, 23), date(2028, 2, 29)),  # the year before a leap year
        (date(2028, 1, 10), date(2028, 2, 29)),   # in the leap year, before the day
        (date(2028, 2, 29), date(2028, 2, 29)),
    ],
)
def test_29_february_without_a_year_in_a_leap_year(today: date, expected: date) -> None:
    """Issue 17, stumble 9: "29-2" was refused in a leap year."""
    assert parse_due_date("29-2", today) == expected


def test_29_february_far_off_asks_for_the_year() -> None:
    with pytest.raises(ValidationError, match="typ het jaar erbij, bijvoorbeeld 29-2-2032"):
        parse_due_date("29-2", date(2028, 3, 10))


def test_periods_can_count_from_the_current_due_date() -> None:
    """Issue 17, stumble 5: "+3" when moving a due date counts from that date."""
    current = date(2026, 12, 7)
    assert parse_due_date("+3", MONDAY, counted_from=current) == date(2026, 12, 10)
    assert parse_due_date("2 weken", MONDAY, counted_from=current) == date(2026, 12, 21)
    assert parse_due_date("morgen", MONDAY, counted_from=current) == date(2026, 11, 24)
    assert parse_due_date("15-12", MONDAY, counted_from=current) == date(2026, 12, 15)


@pytest.mark.parametrize(
    ("due", "warning"),
    [
        (date(2026, 11, 28), "let op: dat is een zaterdag"),
        (date(2026, 11, 29), "let op: dat is een zondag"),
        (date(2027, 4, 27), "let op: dat is Koningsdag, een feestdag"),
        (date(2026, 12, 25), "let op: dat is eerste kerstdag, een feestdag"),
        (date(2026, 5, 5), "let op: dat is Bevrijdingsdag, een feestdag"),
        (date(2026, 11, 30), ""),
    ],
)
def test_a_due_date_on_a_weekend_or_holiday_gets_a_hint(due: date, warning: str) -> None:
    """Issue 17, stumble 9: "morgen" or a weekday name that lands on a holiday or weekend."""
    assert day_warning(due) == warning


def test_words_land_where_they_say_and_the_hint_tells() -> None:
    friday = date(2026, 11, 27)
    assert day_warning(parse_due_date("morgen", friday)) == "let op: dat is een zaterdag"
    assert day_warning(parse_due_date("dinsdag", date(2027, 4, 22))) == \
        "let op: dat is Koningsdag, een feestdag"
