"""rawabit.text.dates: the date forms of Arabic news sites -> ISO 8601."""

from __future__ import annotations

import pytest

from rawabit.data import load_yaml
from rawabit.text.dates import parse_date, parse_date_with_span
from rawabit.text.normalise import normalise


@pytest.mark.parametrize(
    ("s", "iso"),
    [
        # the scraped-page date line, 12-hour clock
        ("الإثنين 13/سبتمبر/2021 - 03:45 م", "2021-09-13T15:45"),
        ("الإثنين 13/سبتمبر/2021 - 03:45 ص", "2021-09-13T03:45"),
        ("2020/12/25 - 1:59 صباحًا", "2020-12-25T01:59"),
        ("2020/12/25 - 1:59 مساءً", "2020-12-25T13:59"),
        ("12:15 ص 13/09/2021", "2021-09-13T00:15"),
        ("13/09/2021 12:30 م", "2021-09-13T12:30"),
        ("12:30 ظهرا 13/09/2021", "2021-09-13T12:30"),
        ("السبت 3 تموز 2021 10:05 ليلا", "2021-07-03T22:05"),
        ("13 Sep 2021 10:00 PM", "2021-09-13T22:00"),
        # Levantine / Iraqi months
        ("13 أيلول 2021", "2021-09-13"),
        ("15 كانون الثاني 2020", "2020-01-15"),
        ("15 كانون الثانى 2020", "2020-01-15"),
        ("3 تشرين الأول 2019", "2019-10-03"),
        ("3 تشرين أول 2019", "2019-10-03"),
        ("1 شباط 2018", "2018-02-01"),
        # Arabic-Indic and Persian digits
        ("١٣ سبتمبر ٢٠٢١", "2021-09-13"),
        ("٢٠٢٠/١٢/٢٥ - ١:٥٩ مساءً", "2020-12-25T13:59"),
        ("۱۳ سبتمبر ۲۰۲۱", "2021-09-13"),
        # Moroccan
        ("13 شتنبر 2021", "2021-09-13"),
        ("5 غشت 2019", "2019-08-05"),
        ("20 يوليوز 2020", "2020-07-20"),
        # Algerian / Tunisian
        ("12 جانفي 2020", "2020-01-12"),
        ("3 فيفري 2020", "2020-02-03"),
        ("4 أفريل 2020", "2020-04-04"),
        ("1 جوان 2020", "2020-06-01"),
        ("7 جويلية 2020", "2020-07-07"),
        ("9 أوت 2020", "2020-08-09"),
        # hamza / alef / taa-marbuta spellings
        ("5 إبريل 2017", "2017-04-05"),
        ("5 ابريل 2017", "2017-04-05"),
        ("1 يونية 2017", "2017-06-01"),
        ("2 اغسطس 2017", "2017-08-02"),
        # double month names
        ("28 آب/اغسطس 2013", "2013-08-28"),
        ("11 آب (أغسطس) 2013", "2013-08-11"),
        ("الجمعة 2 أبريل/نيسان 2021", "2021-04-02"),
        # the label between date and time, GMT offset
        ("الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)", "2013-08-28T14:00+04:00"),
        ("2013-08-28 14:00 GMT+3", "2013-08-28T14:00+03:00"),
        # numeric and ISO forms
        ("2015-07-21 02:51:32", "2015-07-21T02:51"),
        ("2020-06-03T03:01+0400", "2020-06-03T03:01+04:00"),
        ("2020-12-24T23:59:50+00:00", "2020-12-24T23:59+00:00"),
        ("2020-12-24T23:59:50Z", "2020-12-24T23:59+00:00"),
        ("2021-09-13T15:45:00.000-05:00", "2021-09-13T15:45-05:00"),
        ("2021-09-13", "2021-09-13"),
        ("13/09/2021", "2021-09-13"),
        ("13-9-2021", "2021-09-13"),
        ("13.09.2021", "2021-09-13"),
        ("09/13/2021", "2021-09-13"),
        # English and other orders
        ("September 13, 2021", "2021-09-13"),
        ("Sep. 13, 2021", "2021-09-13"),
        ("13 September 2021", "2021-09-13"),
        ("سبتمبر 13، 2021", "2021-09-13"),
        ("الثلاثاء 5 من أكتوبر عام 2021", "2021-10-05"),
        ("2021 سبتمبر 13", "2021-09-13"),  # dateparser fallback
        # inside a longer line, Hijri date first
        ("نشر في 13 أيلول 2021 - 03:45 م بتوقيت مكة", "2021-09-13T15:45"),
        ("الأربعاء 11 شوال 1441هـ - 03 يونيو 2020م", "2020-06-03"),
        ("آخر تحديث: الاثنين 12 يوليو 2021 - 10:11 مساء", "2021-07-12T22:11"),
        ("الإثنين 13/سبتمبر/2021 - 03:45 م | عدد القراءات 1200", "2021-09-13T15:45"),
    ],
)
def test_parse_date(s: str, iso: str) -> None:
    assert parse_date(s) == iso


@pytest.mark.parametrize(
    "s",
    [
        "",
        "   ",
        "hello",
        "طباعة",
        "منذ 3 ساعات",
        "13 سبتمبر",  # no year
        "سبتمبر 2021",  # no day
        "45 سبتمبر 2021",  # day 45
        "13 سبتمبر 1200",  # year 1200
        "30 فبراير 2021",
        "2021-02-30",
        "2021-13-01",
        "1441/10/11 هـ",  # Hijri only
        "11 شوال 1441 هـ",
        "13/09/2021 هـ",
        "قتل 13 شخصا في 2021",
        "رقم الهاتف 0123456789",
        "1.3874341",
    ],
)
def test_rejects_non_dates(s: str) -> None:
    assert parse_date(s) is None


def test_invalid_time_keeps_the_date() -> None:
    assert parse_date("13/09/2021 25:70") == "2021-09-13"


def test_span_points_into_the_original_string() -> None:
    s = "نشر في 13 أيلول 2021 - 03:45 م بتوقيت مكة"
    hit = parse_date_with_span(s)
    assert hit is not None
    iso, start, end = hit
    assert iso == "2021-09-13T15:45"
    assert s[start:end] == "13 أيلول 2021 - 03:45 م"


def test_span_with_diacritics_and_indic_digits() -> None:
    s = "تاريخ النشر: ٢٠٢٠/١٢/٢٥ - ١:٥٩ صباحًا."
    hit = parse_date_with_span(s)
    assert hit is not None
    assert s[hit[1] : hit[2]] == "٢٠٢٠/١٢/٢٥ - ١:٥٩ صباحًا"


def test_span_none_for_non_date() -> None:
    assert parse_date_with_span("لا يوجد تاريخ هنا") is None


def test_months_file_is_consistent() -> None:
    data = load_yaml("months.yaml")
    assert sorted(int(k) for k in data["months"]) == list(range(1, 13))
    owner: dict[str, int] = {}
    for month, names in data["months"].items():
        assert names, f"month {month} has no names"
        for name in names:
            key = normalise(str(name))
            assert owner.setdefault(key, int(month)) == int(month), f"{name!r} names two months"
    for key in ("am", "pm", "noon", "night"):
        assert data[key]
