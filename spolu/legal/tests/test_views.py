from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from spolu.counselling.models import ServiceRecord
from spolu.legal import services
from spolu.legal.models import Deadline, LegalCase, LegalNote
from spolu.legal.testing import make_case
from spolu.testing import SpoluTestCase, make_client


def case_form(case=None, **values):
    data = {
        "matter_type": "permanent_residence",
        "office": case.office_id if case else "",
        "lawyer": case.lawyer_id if case else "",
        "authority": "OAMP Ústí",
        "reference_number": "OAM-1/2025",
        "opened_on": "2025-02-01",
        "status": "open",
        "closed_on": "",
        "outcome": "",
        "summary": "Strategy.",
        "version": case.version if case else "",
    }
    data.update(values)
    return data


class EnglishTestCase(SpoluTestCase):
    def setUp(self):
        self.client.cookies.load({"django_language": "en"})


class CaseFormTest(EnglishTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.olena = make_client(cls.usti)
        cls.teplice_client = make_client(cls.teplice)

    def test_a_lawyer_finds_the_client_and_opens_a_case(self):
        self.login(self.lara)
        response = self.client.get(reverse("legal:new"), {"q": "Shevchenko"})
        self.assertContains(response, f"?client={self.olena.pk}")
        self.assertNotContains(response, f"?client={self.teplice_client.pk}")
        response = self.client.get(reverse("legal:new"), {"client": self.olena.pk})
        self.assertContains(response, "Shevchenko")
        data = case_form(office=self.usti.pk, lawyer=self.lara.pk, client=self.olena.pk)
        response = self.client.post(reverse("legal:new"), data)
        case = LegalCase.objects.get()
        self.assertRedirects(response, reverse("legal:detail", args=[case.pk]))
        self.assertEqual(
            (case.client, case.lawyer, case.created_by, case.summary),
            (self.olena, self.lara, self.lara, "Strategy."),
        )

    def test_a_case_cannot_be_opened_for_a_client_of_another_office(self):
        self.login(self.lara)
        response = self.client.post(
            reverse("legal:new"),
            case_form(office=self.usti.pk, lawyer=self.lara.pk, client=self.teplice_client.pk),
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(LegalCase.objects.exists())

    def test_bad_input_shows_translated_errors_and_saves_nothing(self):
        self.login(self.lara)
        future = (timezone.localdate() + timedelta(days=2)).isoformat()
        for values in (
            {"opened_on": future},
            {"status": "closed"},
            {"status": "closed", "closed_on": "2025-01-01"},
            {"outcome": "granted"},
            {"lawyer": self.sam.pk},
            {"office": self.teplice.pk},
            {"opened_on": "not a date"},
        ):
            with self.subTest(values=values):
                fields = {"office": self.usti.pk, "lawyer": self.lara.pk, "client": self.olena.pk}
                data = case_form(**{**fields, **values})
                response = self.client.post(reverse("legal:new"), data)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "invalid-feedback")
        self.assertFalse(LegalCase.objects.exists())

    def test_only_the_legal_team_opens_and_edits_cases(self):
        case = make_case(self.olena, self.lara)
        for user in (self.alice, self.sam, self.nora):
            self.login(user)
            self.assertEqual(self.client.get(reverse("legal:new")).status_code, 403)
            self.assertEqual(
                self.client.post(
                    reverse("legal:edit", args=[case.pk]), case_form(case)
                ).status_code,
                403,
            )

    def test_an_edit_saves_and_a_stale_edit_is_refused(self):
        case = make_case(self.olena, self.lara)
        self.login(self.lara)
        first = case_form(case, authority="Krajský soud")
        response = self.client.post(reverse("legal:edit", args=[case.pk]), first)
        self.assertRedirects(response, reverse("legal:detail", args=[case.pk]))
        case.refresh_from_db()
        self.assertEqual((case.authority, case.version), ("Krajský soud", 2))
        stale = case_form(case, authority="Lost update", version=1)
        response = self.client.post(reverse("legal:edit", args=[case.pk]), stale)
        self.assertContains(response, "Someone else changed this record")
        case.refresh_from_db()
        self.assertEqual(case.authority, "Krajský soud")

    def test_closing_a_case_needs_a_date_and_keeps_the_outcome(self):
        case = make_case(self.olena, self.lara)
        self.login(self.lara)
        self.client.post(
            reverse("legal:edit", args=[case.pk]),
            case_form(case, status="closed", closed_on="2025-04-01", outcome="granted"),
        )
        case.refresh_from_db()
        self.assertEqual(
            (case.status, case.closed_on, case.outcome), ("closed", date(2025, 4, 1), "granted")
        )

    def test_another_offices_case_cannot_be_edited(self):
        hidden = LegalCase.objects.create(
            client=self.teplice_client,
            office=self.teplice,
            matter_type="other",
            opened_on=date(2025, 1, 1),
            lawyer=self.adam,
        )
        self.login(self.lara)
        self.assertEqual(self.client.get(reverse("legal:edit", args=[hidden.pk])).status_code, 404)
        self.assertEqual(
            self.client.post(
                reverse("legal:edit", args=[hidden.pk]), case_form(hidden)
            ).status_code,
            404,
        )


class DeadlinesNotesAndServicesTest(EnglishTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.olena = make_client(cls.usti)
        cls.case = make_case(cls.olena, cls.lara)
        cls.teplice_case = LegalCase.objects.create(
            client=make_client(cls.teplice),
            office=cls.teplice,
            matter_type="other",
            opened_on=date(2025, 1, 1),
            lawyer=cls.adam,
        )

    def test_a_lawyer_adds_a_deadline_and_marks_it_done_and_undone(self):
        self.login(self.lara)
        response = self.client.post(
            reverse("legal:deadline_add", args=[self.case.pk]),
            {"due_date": "2030-05-01", "description": "Appeal"},
        )
        self.assertRedirects(response, reverse("legal:detail", args=[self.case.pk]))
        deadline = Deadline.objects.get()
        self.client.post(reverse("legal:deadline_toggle", args=[deadline.pk]))
        deadline.refresh_from_db()
        self.assertEqual(deadline.done_by, self.lara)
        self.assertIsNotNone(deadline.done_at)
        self.client.post(reverse("legal:deadline_toggle", args=[deadline.pk]))
        deadline.refresh_from_db()
        self.assertIsNone(deadline.done_at)

    def test_a_bad_deadline_is_reported(self):
        self.login(self.lara)
        response = self.client.post(
            reverse("legal:deadline_add", args=[self.case.pk]), {"due_date": "", "description": ""}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Deadline.objects.exists())

    def test_deadlines_and_notes_are_refused_to_others_and_on_other_offices(self):
        deadline = services.deadline_add(case=self.case, due_date=date(2030, 1, 1), description="x")
        self.login(self.alice)  # may see, not change
        self.assertEqual(
            self.client.post(
                reverse("legal:deadline_add", args=[self.case.pk]),
                {"due_date": "2030-05-01", "description": "x"},
            ).status_code,
            403,
        )
        self.assertEqual(
            self.client.post(reverse("legal:deadline_toggle", args=[deadline.pk])).status_code, 403
        )
        self.assertEqual(
            self.client.post(
                reverse("legal:note_add", args=[self.case.pk]), {"text": "x"}
            ).status_code,
            403,
        )
        self.login(self.lara)
        self.assertEqual(
            self.client.post(
                reverse("legal:note_add", args=[self.teplice_case.pk]), {"text": "x"}
            ).status_code,
            404,
        )
        other = services.deadline_add(
            case=self.teplice_case, due_date=date(2030, 1, 1), description="y"
        )
        self.assertEqual(
            self.client.post(reverse("legal:deadline_toggle", args=[other.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("legal:deadline_toggle", args=[deadline.pk])).status_code, 405
        )
        for name in ("services_link", "deadline_add", "note_add"):
            url = reverse(f"legal:{name}", args=[self.teplice_case.pk])
            self.assertEqual(self.client.post(url, {}).status_code, 404, name)
        self.login(self.alice)
        url = reverse("legal:services_link", args=[self.case.pk])
        self.assertEqual(self.client.post(url, {}).status_code, 403)
        self.login(self.nora)
        url = reverse("legal:deadline_toggle", args=[deadline.pk])
        self.assertEqual(self.client.post(url).status_code, 403)

    def test_a_lawyer_writes_a_note(self):
        self.login(self.lara)
        self.client.post(
            reverse("legal:note_add", args=[self.case.pk]), {"text": "  Called the authority.  "}
        )
        note = LegalNote.objects.get()
        self.assertEqual((note.author, note.text), (self.lara, "Called the authority."))
        response = self.client.post(reverse("legal:note_add", args=[self.case.pk]), {"text": ""})
        self.assertEqual(response.status_code, 400)

    def test_a_lawyer_links_the_clients_legal_services_only(self):
        def service(activity, client=self.olena):
            return ServiceRecord.objects.create(
                office=self.usti,
                activity_id=activity,
                date=date(2025, 3, 3),
                channel="phone",
                client=client,
                staff=self.lara,
            )

        legal = service("A05")
        social = service("A04")
        other_client = service("A05", make_client(self.usti, last_name_latin="Other"))
        self.login(self.lara)
        page = self.client.get(reverse("legal:detail", args=[self.case.pk]))
        self.assertContains(page, f'value="{legal.pk}"')
        self.assertNotContains(page, f'value="{social.pk}"')
        self.client.post(
            reverse("legal:services_link", args=[self.case.pk]), {"services": [legal.pk]}
        )
        self.assertEqual(list(self.case.services.all()), [legal])
        response = self.client.post(
            reverse("legal:services_link", args=[self.case.pk]), {"services": [other_client.pk]}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(self.case.services.all()), [legal])
        self.client.post(reverse("legal:services_link", args=[self.case.pk]), {})
        self.assertFalse(self.case.services.exists())

    def test_a_closed_case_takes_no_new_deadline(self):
        LegalCase.objects.filter(pk=self.case.pk).update(
            status="closed", closed_on=date(2025, 5, 1)
        )
        self.login(self.lara)
        response = self.client.post(
            reverse("legal:deadline_add", args=[self.case.pk]),
            {"due_date": "2030-05-01", "description": "x"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Deadline.objects.exists())


class ListAndDashboardTest(EnglishTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.olena = make_client(cls.usti)

    def test_the_list_filters_and_uses_a_fixed_number_of_queries(self):
        closed = make_case(self.olena, self.lara, matter_type="citizenship")
        LegalCase.objects.filter(pk=closed.pk).update(status="closed", closed_on=date(2025, 6, 1))
        make_case(self.olena, self.lara, reference_number="ZZZ-9")
        self.login(self.lara)
        response = self.client.get(reverse("legal:list"))
        self.assertContains(response, "ZZZ-9")
        self.assertNotContains(response, f"#{closed.pk} ")
        response = self.client.get(
            reverse("legal:list"), {"status": "all", "matter_type": "citizenship"}
        )
        self.assertContains(response, f"#{closed.pk} ")
        self.assertNotContains(response, "ZZZ-9")
        response = self.client.get(reverse("legal:list"), {"q": "zzz", "mine": "on"})
        self.assertContains(response, "ZZZ-9")

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as before:
            self.client.get(reverse("legal:list"))
        for i in range(8):
            case = make_case(make_client(self.usti), self.lara, reference_number=f"R-{i}")
            services.deadline_add(case=case, due_date=date(2030, 1, i + 1), description="x")
        with CaptureQueriesContext(connection) as after:
            self.client.get(reverse("legal:list"))
        self.assertEqual(len(before), len(after))

    def test_the_dashboard_shows_the_lawyers_overdue_and_this_weeks_deadlines(self):
        today = timezone.localdate()
        case = make_case(self.olena, self.lara)
        services.deadline_add(
            case=case, due_date=today - timedelta(days=2), description="Overdue appeal"
        )
        services.deadline_add(
            case=case, due_date=today + timedelta(days=3), description="Submit documents"
        )
        services.deadline_add(
            case=case, due_date=today + timedelta(days=30), description="Far away"
        )
        done = services.deadline_add(case=case, due_date=today, description="Already done")
        services.deadline_toggle(deadline=done, actor=self.lara)
        self.login(self.lara)
        response = self.client.get(reverse("dashboard"))
        self.assertContains(response, "Overdue appeal")
        self.assertContains(response, "Submit documents")
        self.assertNotContains(response, "Far away")
        self.assertNotContains(response, "Already done")
        self.login(self.sam)
        self.assertNotContains(self.client.get(reverse("dashboard")), "Overdue appeal")

    def test_a_deadline_is_marked_done_from_the_dashboard(self):
        case = make_case(self.olena, self.lara)
        deadline = services.deadline_add(
            case=case, due_date=timezone.localdate(), description="Today"
        )
        self.login(self.lara)
        response = self.client.post(
            reverse("legal:deadline_toggle", args=[deadline.pk]), {"next": "dashboard"}
        )
        self.assertRedirects(response, reverse("dashboard"))
