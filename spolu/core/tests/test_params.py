"""Ids typed into query strings and forms: a Unicode digit or a 25-digit number is no id."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.urls import reverse

from spolu.core.params import LARGEST_ID, parse_id
from spolu.events.testing import make_event
from spolu.testing import SpoluTestCase, make_client

NOT_IDS = ["²", "١٢", "9" * 25, str(LARGEST_ID + 1), "-1", "1.5", "", " 7"]


class ParseIdTest(SimpleTestCase):
    def test_only_ascii_digits_that_fit_a_database_id_are_ids(self) -> None:
        for raw in [*NOT_IDS, None, 7]:
            with self.subTest(raw=raw):
                self.assertIsNone(parse_id(raw))
        self.assertEqual(parse_id("42"), 42)
        self.assertEqual(parse_id(str(LARGEST_ID)), LARGEST_ID)


class TypedIdsNeverCrashTest(SpoluTestCase):
    def test_pages_that_read_an_id_from_the_address_or_a_form_answer_without_a_500(self) -> None:
        person = make_client(self.usti)
        event = make_event(self.usti)
        self.login(self.alice)
        for raw in ("²", "9" * 25):
            requests = [
                ("get", reverse("counselling:list"), {"client": raw}),
                ("get", reverse("counselling:anonymous_create"), {"field_visit": raw}),
                ("get", reverse("counselling:appointment_create"), {"client": raw}),
                ("get", reverse("clients:picker"), {"exclude": raw, "q": person.last_name_latin}),
                ("get", reverse("reporting:records", args=["persons"]), {"indicator": raw}),
                ("post", reverse("events:participant_add", args=[event.pk]), {"client": raw}),
                (
                    "post",
                    reverse("events:attendance_save", args=[event.pk]),
                    {"present_client": raw},
                ),
            ]
            for method, url, data in requests:
                with self.subTest(url=url, raw=raw):
                    response = getattr(self.client, method)(url, data)
                    self.assertLess(response.status_code, 500)
