import datetime as dt

from django import forms
from django.test import SimpleTestCase
from django.utils import translation

from spolu.core.dates import PlausibleDates, parse_date_param


class DayForm(PlausibleDates, forms.Form):
    day = forms.DateField()
    at = forms.DateTimeField(required=False)


class PlausibleDatesTest(SimpleTestCase):
    def test_a_date_far_outside_the_range_is_refused_with_a_translated_message(self) -> None:
        with translation.override("cs"):
            form = DayForm(data={"day": "0001-01-01"})
            self.assertFalse(form.is_valid())
            self.assertEqual(form.errors["day"], ["Zadejte datum mezi 1. 1. 1900 a 31. 12. 2100."])

    def test_dates_and_times_inside_the_range_pass(self) -> None:
        form = DayForm(data={"day": "2026-11-24", "at": "2100-12-31 23:00"})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertFalse(DayForm(data={"day": "2026-11-24", "at": "9999-12-31 10:00"}).is_valid())

    def test_a_second_form_does_not_stack_validators(self) -> None:
        DayForm()
        self.assertEqual(len(DayForm().fields["day"].validators), 1)


class ParseDateParamTest(SimpleTestCase):
    def test_malformed_impossible_and_implausible_dates_are_absent(self) -> None:
        for raw in ["", None, "garbage", "2024-02-30", "2024-13-01", "0001-01-01", "9999-12-31"]:
            with self.subTest(raw=raw):
                self.assertIsNone(parse_date_param(raw))

    def test_a_good_date_is_parsed(self) -> None:
        self.assertEqual(parse_date_param(" 2026-11-24 "), dt.date(2026, 11, 24))
