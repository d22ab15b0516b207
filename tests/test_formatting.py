"""Dutch formatting (``expertteam.formatting``): one module for every layer."""

from __future__ import annotations

from datetime import date, datetime, time

from expertteam import formatting as fmt


def test_dates_in_dutch() -> None:
    assert fmt.short_date(date(2026, 10, 1)) == "01-10-2026"
    assert fmt.short_date(None) == ""
    assert fmt.short_date(None, "–") == "–"
    assert fmt.long_date(date(2026, 10, 1)) == "1 oktober 2026"
    assert fmt.long_date(date(2026, 12, 1), weekday=True) == "dinsdag 1 december 2026"
    assert fmt.compact_date(date(2026, 11, 27)) == "vr 27 nov 2026"
    assert fmt.month_label(date(2026, 3, 9)) == "mrt 2026"
    assert fmt.month_name(5) == "mei"


def test_times_numbers_and_counted_phrases() -> None:
    assert fmt.short_time(time(9, 5)) == "09:05"
    assert fmt.date_time(datetime(2026, 11, 23, 14, 5, 9)) == "23-11-2026 14:05"
    assert fmt.date_time(datetime(2026, 11, 23, 14, 5, 9), seconds=True) == \
        "23-11-2026 14:05:09"
    assert fmt.number(999) == "999"
    assert fmt.number(20000) == "20.000"
    assert fmt.counted(1, "{n} kind wacht", "{n} kinderen wachten") == "1 kind wacht"
    assert fmt.counted(2, "{n} kind wacht", "{n} kinderen wachten") == "2 kinderen wachten"
    assert fmt.counted(0, "{n} kind wacht", "{n} kinderen wachten") == "0 kinderen wachten"
    assert fmt.counted(1234, "{n} casus", "{n} casussen") == "1.234 casussen"


def test_the_written_out_names_are_babels() -> None:
    assert fmt.babel_names() == (fmt.MONTHS, fmt.MONTHS_SHORT, fmt.WEEKDAYS, fmt.WEEKDAYS_SHORT)
