from datetime import date

from django import forms
from django.test import SimpleTestCase

from hygie.lib.fields import DayField
from hygie.lib.parse import MAX_INT, parse_day, parse_id, parse_int


class ParseIntTestCase(SimpleTestCase):
    def test_it_reads_ascii_digits(self):
        self.assertEqual(parse_int("0"), 0)
        self.assertEqual(parse_int("0042"), 42)
        self.assertEqual(parse_int(str(MAX_INT)), MAX_INT)
        self.assertEqual(parse_int("-1", low=-5), -1)

    def test_it_refuses_what_isdigit_and_int_would_accept(self):
        for text in ("²", "٣", "１", "1²", " 1", "1 ", "1\n", "+1", "1_000", "1.0", "1e3", ""):
            with self.subTest(text=text):
                self.assertIsNone(parse_int(text))

    def test_it_refuses_what_is_not_text(self):
        for value in (None, 1, ["1"], b"1"):
            with self.subTest(value=value):
                self.assertIsNone(parse_int(value))

    def test_it_refuses_a_number_out_of_range(self):
        self.assertIsNone(parse_int(str(MAX_INT + 1)))
        self.assertIsNone(parse_int("9" * 40))
        self.assertIsNone(parse_int("-1"))
        self.assertIsNone(parse_int("11", high=10))

    def test_an_id_starts_at_one(self):
        self.assertIsNone(parse_id("0"))
        self.assertEqual(parse_id("1"), 1)


class ParseDayTestCase(SimpleTestCase):
    def test_it_reads_a_day_as_a_date_field_sends_it(self):
        self.assertEqual(parse_day("2026-03-01"), date(2026, 3, 1))

    def test_it_refuses_other_spellings_and_days_that_do_not_exist(self):
        for text in ("20260301", "2026-3-1", "2026-02-30", "2026-W09", "²026-03-01", "", None):
            with self.subTest(text=text):
                self.assertIsNone(parse_day(text))

    def test_it_refuses_a_year_out_of_range(self):
        for text in ("9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"):
            with self.subTest(text=text):
                self.assertIsNone(parse_day(text))
        self.assertEqual(parse_day("1900-01-01"), date(1900, 1, 1))
        self.assertEqual(parse_day("2200-12-31"), date(2200, 12, 31))


class DayFieldTestCase(SimpleTestCase):
    def test_it_refuses_a_year_out_of_range_in_french(self):
        with self.assertRaisesMessage(forms.ValidationError, "entre 1900 et 2200"):
            DayField().clean("9999-12-31")
        self.assertEqual(DayField().clean("2026-03-01"), date(2026, 3, 1))
