"""Who sees legal cases, their summary and notes: per role, per office."""

from __future__ import annotations

from datetime import date

from auditlog.models import LogEntry
from django.urls import reverse

from spolu.core import roles
from spolu.counselling.models import ServiceRecord
from spolu.legal import services
from spolu.legal.models import LegalCase, LegalNote
from spolu.legal.testing import make_case
from spolu.testing import SpoluTestCase, make_client, make_user

SUMMARY = "Secret strategy of the appeal."
NOTE = "The client admitted working without a permit."


class LegalAccessTestCase(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.olena = make_client(cls.usti)
        cls.teplice_client = make_client(cls.teplice)
        cls.case = make_case(cls.olena, cls.lara, summary=SUMMARY)
        services.note_add(case=cls.case, author=cls.lara, text=NOTE)
        services.deadline_add(
            case=cls.case, due_date=date(2030, 1, 15), description="File the appeal"
        )
        cls.petr = make_user("petr", roles.LAWYER, [cls.teplice])
        cls.teplice_case = make_case(cls.teplice_client, cls.petr, summary="Teplice summary.")


class CaseVisibilityTest(LegalAccessTestCase):
    def test_lawyers_see_the_cases_of_their_offices_and_those_they_are_responsible_for(self):
        self.assertEqual(list(LegalCase.objects.visible_to(self.lara)), [self.case])
        self.assertEqual(list(LegalCase.objects.visible_to(self.petr)), [self.teplice_case])
        usti_case_of_petr = make_case(self.olena, self.petr)
        self.assertIn(usti_case_of_petr, LegalCase.objects.visible_to(self.petr))

    def test_the_coordinator_sees_every_office(self):
        self.assertEqual(
            set(LegalCase.objects.visible_to(self.alice)), {self.case, self.teplice_case}
        )

    def test_other_roles_see_no_legal_case(self):
        for user in (
            self.rita,
            self.sam,
            self.tereza,
            self.tom,
            self.filip,
            self.audrey,
            self.adam,
            self.nora,
        ):
            with self.subTest(user=user.username):
                self.assertFalse(LegalCase.objects.visible_to(user).exists())

    def test_notes_are_readable_by_the_legal_team_and_their_author_only(self):
        self.assertEqual(LegalNote.objects.readable_by(self.lara).count(), 1)
        self.assertEqual(LegalNote.objects.readable_by(self.petr).count(), 1)
        for user in (self.alice, self.sam, self.audrey, self.adam, self.nora):
            self.assertFalse(LegalNote.objects.readable_by(user).exists(), user.username)
        # A former lawyer who wrote a note still reads their own note.
        self.lara.groups.clear()
        self.lara = type(self.lara).objects.get(pk=self.lara.pk)
        self.assertEqual(LegalNote.objects.readable_by(self.lara).count(), 1)

    def test_confidential_texts_never_reach_the_audit_log(self):
        texts = " ".join(str(e.changes) + e.object_repr for e in LogEntry.objects.all())
        self.assertNotIn(SUMMARY, texts)
        self.assertNotIn(NOTE, texts)
        self.assertTrue(LogEntry.objects.get_for_object(self.case).exists())


class CaseDetailAccessTest(LegalAccessTestCase):
    def detail(self, case=None):
        return self.client.get(reverse("legal:detail", args=[(case or self.case).pk]))

    def test_the_lawyer_reads_the_summary_and_the_notes(self):
        self.login(self.lara)
        response = self.detail()
        self.assertContains(response, SUMMARY)
        self.assertContains(response, NOTE)
        self.assertContains(response, "File the appeal")

    def test_the_coordinator_sees_the_case_and_deadlines_but_no_confidential_text(self):
        self.login(self.alice)
        response = self.detail()
        self.assertContains(response, "File the appeal")
        self.assertContains(response, "OAM-12345/2025")
        self.assertNotContains(response, SUMMARY)
        self.assertNotContains(response, NOTE)
        self.assertNotContains(response, reverse("legal:note_add", args=[self.case.pk]))

    def test_other_roles_are_refused(self):
        for user in (self.rita, self.sam, self.tom, self.filip, self.audrey, self.adam, self.nora):
            with self.subTest(user=user.username):
                self.login(user)
                response = self.detail()
                self.assertEqual(response.status_code, 403)
                self.assertNotContains(response, SUMMARY, status_code=403)

    def test_a_case_of_another_office_is_not_found(self):
        self.login(self.lara)
        self.assertEqual(self.detail(self.teplice_case).status_code, 404)
        self.assertEqual(self.client.get(reverse("legal:detail", args=[999999])).status_code, 404)

    def test_opening_a_case_is_audited(self):
        self.login(self.lara)
        self.detail()
        entry = (
            LogEntry.objects.get_for_object(self.case).filter(action=LogEntry.Action.ACCESS).get()
        )
        self.assertEqual(entry.actor, self.lara)

    def test_the_list_shows_only_visible_cases(self):
        self.login(self.lara)
        response = self.client.get(reverse("legal:list"))
        self.assertContains(response, f"#{self.case.pk} ")
        self.assertNotContains(response, f"#{self.teplice_case.pk} ")
        self.assertNotContains(response, SUMMARY)
        self.login(self.alice)
        response = self.client.get(reverse("legal:list"))
        self.assertContains(response, f"#{self.teplice_case.pk} ")
        for user in (self.sam, self.audrey, self.nora):
            self.login(user)
            self.assertEqual(self.client.get(reverse("legal:list")).status_code, 403)

    def test_the_menu_entry_is_for_the_legal_team_and_the_coordinator(self):
        self.login(self.lara)
        self.assertContains(self.client.get(reverse("dashboard")), reverse("legal:list"))
        self.login(self.sam)
        self.assertNotContains(self.client.get(reverse("dashboard")), reverse("legal:list"))


class ClientPanelTest(LegalAccessTestCase):
    def page(self):
        return self.client.get(reverse("clients:detail", args=[self.olena.pk]))

    def test_the_client_page_lists_legal_cases_for_the_legal_team_and_coordinator(self):
        for user in (self.lara, self.alice):
            self.login(user)
            response = self.page()
            self.assertContains(response, reverse("legal:detail", args=[self.case.pk]))
            self.assertNotContains(response, SUMMARY)
            self.assertNotContains(response, NOTE)

    def test_other_roles_do_not_learn_that_a_legal_case_exists(self):
        for user in (self.rita, self.sam):
            self.login(user)
            response = self.page()
            self.assertEqual(response.status_code, 200)
            self.assertNotContains(response, reverse("legal:detail", args=[self.case.pk]))

    def test_the_panel_uses_a_fixed_number_of_queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from spolu.legal.panels import client_cases_panel

        request = type("R", (), {"user": self.lara})()
        client_cases_panel(request, self.olena)
        with CaptureQueriesContext(connection) as before:
            client_cases_panel(request, self.olena)
        for _ in range(5):
            case = make_case(self.olena, self.lara)
            services.deadline_add(case=case, due_date=date(2030, 2, 1), description="x")
        with CaptureQueriesContext(connection) as after:
            context = client_cases_panel(request, self.olena)
        self.assertEqual(len(context["cases"]), 6)
        self.assertEqual(len(before), len(after))


class ServiceExportConfidentialityTest(LegalAccessTestCase):
    """The notes of linked A05 services stay out of other roles' exports."""

    def test_legal_service_notes_are_exported_only_for_the_legal_team(self):
        service = ServiceRecord.objects.create(
            office=self.usti,
            activity_id="A05",
            date=date(2025, 3, 2),
            channel="in_person",
            client=self.olena,
            staff=self.lara,
            note="Legal advice details.",
        )
        services.case_link_services(case=self.case, services=[service])
        for user, visible in ((self.lara, True), (self.alice, False), (self.sam, False)):
            self.login(user)
            response = self.client.get(
                reverse("interchange:export", args=["services"]), {"file_format": "csv"}
            )
            content = b"".join(response.streaming_content).decode()
            self.assertEqual("Legal advice details." in content, visible, user.username)
