"""Volunteers and interns (A17): agreements with scans, assignments, hours only under a valid
agreement, totals per volunteer and period."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from spolu.core.errors import SpoluError
from spolu.core.models import Activity
from spolu.network import services
from spolu.network.models import Organisation, Volunteer, VolunteerHours
from spolu.network.queries import volunteer_totals
from spolu.network.testing import office_bound_user
from spolu.testing import SpoluTestCase

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n%%EOF\n"


def make_volunteer(office, **fields) -> Volunteer:
    defaults = {"kind": "intern", "first_name": "Tereza", "last_name": "Horáková"}
    defaults.update(fields)
    return services.volunteer_create(actor=None, office=office, **defaults)


class HoursRulesTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.a17 = Activity.objects.get(code="A17")
        cls.a09 = Activity.objects.get(code="A09")
        cls.volunteer = make_volunteer(cls.usti)
        services.agreement_add(
            volunteer=cls.volunteer,
            kind="internship",
            valid_from=TODAY - timedelta(days=60),
            valid_to=TODAY + timedelta(days=30),
        )

    def test_hours_are_logged_under_a_valid_agreement(self):
        entry = services.hours_log(
            actor=self.alice,
            volunteer=self.volunteer,
            date=TODAY,
            hours=Decimal("3.5"),
            activity=self.a17,
        )
        self.assertEqual(entry.hours, Decimal("3.5"))

    def test_hours_outside_every_agreement_are_refused(self):
        with self.assertRaises(SpoluError) as caught:
            services.hours_log(
                actor=None,
                volunteer=self.volunteer,
                date=TODAY - timedelta(days=90),
                hours=Decimal(2),
                activity=self.a17,
            )
        self.assertEqual(caught.exception.code, "no_agreement")

    def test_the_assignment_gives_the_activity(self):
        assignment = services.assignment_add(
            volunteer=self.volunteer,
            title="Doučování dětí",
            activity=self.a09,
            starts_on=TODAY - timedelta(days=10),
        )
        entry = services.hours_log(
            actor=None,
            volunteer=self.volunteer,
            date=TODAY,
            hours=Decimal(2),
            assignment=assignment,
        )
        self.assertEqual(entry.activity, self.a09)

    def test_another_volunteers_assignment_is_refused(self):
        other = make_volunteer(self.usti, first_name="Jakub")
        assignment = services.assignment_add(
            volunteer=other, title="Akce", activity=self.a17, starts_on=TODAY
        )
        with self.assertRaises(SpoluError):
            services.hours_log(
                actor=None,
                volunteer=self.volunteer,
                date=TODAY,
                hours=Decimal(1),
                assignment=assignment,
            )

    def test_more_than_a_day_or_nothing_is_refused(self):
        from django.core.exceptions import ValidationError

        for hours in (Decimal(25), Decimal(0)):
            with self.subTest(hours=hours), self.assertRaises(ValidationError):
                services.hours_log(
                    actor=None, volunteer=self.volunteer, date=TODAY, hours=hours, activity=self.a17
                )

    def test_totals_per_volunteer_and_activity_in_the_period(self):
        other = make_volunteer(self.usti, first_name="Jakub", kind="volunteer")
        services.agreement_add(
            volunteer=other, kind="volunteering", valid_from=TODAY - timedelta(days=5)
        )
        log = services.hours_log
        log(actor=None, volunteer=self.volunteer, date=TODAY, hours=Decimal(3), activity=self.a17)
        log(actor=None, volunteer=self.volunteer, date=TODAY, hours=Decimal(1), activity=self.a09)
        log(
            actor=None,
            volunteer=self.volunteer,
            date=TODAY - timedelta(days=1),
            hours=Decimal(2),
            activity=self.a17,
        )
        log(actor=None, volunteer=other, date=TODAY, hours=Decimal("1.5"), activity=self.a09)
        log(
            actor=None,
            volunteer=self.volunteer,
            date=TODAY - timedelta(days=50),
            hours=Decimal(8),
            activity=self.a17,
        )
        with self.assertNumQueries(3):
            totals = volunteer_totals(Volunteer.objects.all(), TODAY - timedelta(days=7), TODAY)
        rows = {r.volunteer.first_name: r for r in totals.rows}
        self.assertEqual(rows["Tereza"].hours, Decimal(6))
        self.assertEqual(rows["Tereza"].days, 2)
        self.assertEqual(rows["Tereza"].by_activity, {"A17": Decimal(5), "A09": Decimal(1)})
        self.assertEqual(totals.hours, Decimal("7.5"))
        self.assertEqual(totals.by_activity, {"A17": Decimal(5), "A09": Decimal("2.5")})


class VolunteerPagesTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.school = Organisation.objects.create(name="UJEP – Pedagogická fakulta", kind="school")
        cls.volunteer = make_volunteer(cls.usti, school=cls.school)
        cls.teplice_volunteer = make_volunteer(cls.teplice, first_name="Petr", last_name="Teplický")

    def test_a_coordinator_records_an_agreement_with_a_scan_and_logs_hours(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("network:agreement_add", args=[self.volunteer.pk]),
            {
                "kind": "internship",
                "valid_from": (TODAY - timedelta(days=5)).isoformat(),
                "valid_to": "",
                "scan": SimpleUploadedFile("smlouva.pdf", PDF),
                "note": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        agreement = self.volunteer.agreements.get()
        self.assertEqual(agreement.scan_content_type, "application/pdf")
        response = self.client.post(
            reverse("network:hours_add", args=[self.volunteer.pk]),
            {"date": TODAY.isoformat(), "hours": "2,5", "activity": "A17", "description": "Akce"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(VolunteerHours.objects.get().hours, Decimal("2.5"))
        response = self.client.get(
            reverse("network:agreement_scan", args=[self.volunteer.pk, agreement.pk])
        )
        self.assertEqual(b"".join(response.streaming_content), PDF)

    def test_a_scan_that_is_no_scan_is_refused(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("network:agreement_add", args=[self.volunteer.pk]),
            {
                "kind": "internship",
                "valid_from": TODAY.isoformat(),
                "scan": SimpleUploadedFile("smlouva.pdf", b"MZ\x90\x00 not a pdf"),
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.volunteer.agreements.exists())

    def test_hours_without_an_agreement_show_a_clear_error(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("network:hours_add", args=[self.volunteer.pk]),
            {"date": TODAY.isoformat(), "hours": "2", "activity": "A17"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "alert-danger", status_code=400)

    def test_the_list_shows_totals_of_the_period(self):
        services.agreement_add(
            volunteer=self.volunteer, kind="internship", valid_from=date(2020, 1, 1)
        )
        services.hours_log(
            actor=None,
            volunteer=self.volunteer,
            date=TODAY,
            hours=Decimal(4),
            activity=Activity.objects.get(code="A17"),
        )
        self.login(self.audrey)
        response = self.client.get(reverse("network:volunteer_list"))
        self.assertContains(response, "Tereza Horáková")
        self.assertEqual(response.context["totals"].hours, Decimal(4))
        self.assertContains(response, "Petr Teplický")  # the auditor sees every office

    def test_other_roles_get_403_and_other_offices_404(self):
        for user in (self.sam, self.rita, self.tom, self.filip, self.nora):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(
                    self.client.get(reverse("network:volunteer_list")).status_code, 403
                )
        self.login(self.audrey)
        self.assertEqual(self.client.get(reverse("network:volunteer_create")).status_code, 403)

    def test_a_user_of_one_office_does_not_find_another_offices_volunteer(self):
        # No role today sees volunteers of only some offices; a centre may give the permission
        # to a supervisor in one office, and the scope must still hold.
        vera = office_bound_user("vera", self.usti, "network.view_volunteer")
        self.login(vera)
        self.assertEqual(
            self.client.get(
                reverse("network:volunteer_detail", args=[self.volunteer.pk])
            ).status_code,
            200,
        )
        url = reverse("network:volunteer_detail", args=[self.teplice_volunteer.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertNotContains(self.client.get(reverse("network:volunteer_list")), "Teplický")

    def test_the_school_page_lists_its_students(self):
        self.login(self.alice)
        response = self.client.get(reverse("network:organisation_detail", args=[self.school.pk]))
        self.assertContains(response, "Tereza Horáková")


class InactiveVolunteersInTotalsTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        a17 = Activity.objects.get(code="A17")
        cls.staying = make_volunteer(cls.usti, first_name="Jakub", last_name="Stálý")
        cls.leaving = make_volunteer(cls.usti, first_name="Eva", last_name="Odešlá")
        for volunteer, hours in ((cls.staying, 3), (cls.leaving, 5)):
            services.agreement_add(
                volunteer=volunteer, kind="volunteering", valid_from=TODAY - timedelta(days=30)
            )
            services.hours_log(
                actor=None, volunteer=volunteer, date=TODAY, hours=Decimal(hours), activity=a17
            )

    def period(self, **extra):
        self.login(self.alice)
        params = {"date_from": (TODAY - timedelta(days=7)).isoformat(), "date_to": TODAY}
        return self.client.get(reverse("network:volunteer_list"), {**params, **extra})

    def test_the_totals_of_a_period_do_not_change_when_a_volunteer_leaves(self):
        before = self.period().context["totals"]
        Volunteer.objects.filter(pk=self.leaving.pk).update(active=False)
        response = self.period()
        after = response.context["totals"]
        self.assertEqual((before.hours, after.hours), (Decimal(8), Decimal(8)))
        self.assertEqual(after.by_activity, {"A17": Decimal(8)})
        self.assertEqual([r.volunteer for r in after.rows], [self.staying])
        self.assertEqual(after.unlisted_hours, Decimal(5))
        self.assertNotContains(response, "Eva Odešlá")

    def test_including_inactive_people_lists_them_with_the_same_totals(self):
        Volunteer.objects.filter(pk=self.leaving.pk).update(active=False)
        totals = self.period(inactive="1").context["totals"]
        self.assertEqual(totals.hours, Decimal(8))
        self.assertEqual({r.volunteer for r in totals.rows}, {self.staying, self.leaving})
        self.assertEqual(totals.unlisted_hours, Decimal(0))


class VolunteerChangeRefusalsTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        a17 = Activity.objects.get(code="A17")
        cls.volunteer = make_volunteer(cls.usti)
        cls.teplice_volunteer = make_volunteer(cls.teplice, first_name="Petr", last_name="Teplický")
        cls.entries, cls.agreements = {}, {}
        for volunteer in (cls.volunteer, cls.teplice_volunteer):
            cls.agreements[volunteer.pk] = services.agreement_add(
                volunteer=volunteer,
                kind="internship",
                valid_from=TODAY - timedelta(days=30),
                scan=SimpleUploadedFile("smlouva.pdf", PDF),
            )
            cls.entries[volunteer.pk] = services.hours_log(
                actor=None, volunteer=volunteer, date=TODAY, hours=Decimal(2), activity=a17
            )

    def urls(self, volunteer):
        entry, agreement = self.entries[volunteer.pk], self.agreements[volunteer.pk]
        return {
            "update": reverse("network:volunteer_update", args=[volunteer.pk]),
            "hours_remove": reverse("network:hours_remove", args=[volunteer.pk, entry.pk]),
            "assignment_add": reverse("network:assignment_add", args=[volunteer.pk]),
            "scan": reverse("network:agreement_scan", args=[volunteer.pk, agreement.pk]),
        }

    def test_roles_without_volunteers_get_403_everywhere(self):
        urls = self.urls(self.volunteer)
        for user in (self.sam, self.rita, self.tom, self.filip, self.lara, self.nora):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(urls["update"]).status_code, 403)
                self.assertEqual(self.client.post(urls["update"], {}).status_code, 403)
                self.assertEqual(self.client.post(urls["hours_remove"]).status_code, 403)
                self.assertEqual(self.client.post(urls["assignment_add"], {}).status_code, 403)
                self.assertEqual(self.client.get(urls["scan"]).status_code, 403)
        self.assertTrue(VolunteerHours.objects.filter(volunteer=self.volunteer).exists())

    def test_the_auditor_reads_the_scan_but_changes_nothing(self):
        urls = self.urls(self.volunteer)
        self.login(self.audrey)
        self.assertEqual(b"".join(self.client.get(urls["scan"]).streaming_content), PDF)
        self.assertEqual(self.client.get(urls["update"]).status_code, 403)
        self.assertEqual(self.client.post(urls["hours_remove"]).status_code, 403)
        self.assertEqual(self.client.post(urls["assignment_add"], {}).status_code, 403)

    def test_another_offices_volunteer_is_not_found(self):
        vera = office_bound_user(
            "vera",
            self.usti,
            "network.view_volunteer",
            "network.change_volunteer",
            "network.delete_volunteerhours",
            "network.add_volunteerassignment",
            "network.view_volunteeragreement",
        )
        self.login(vera)
        urls = self.urls(self.teplice_volunteer)
        self.assertEqual(self.client.get(urls["update"]).status_code, 404)
        self.assertEqual(self.client.post(urls["hours_remove"]).status_code, 404)
        self.assertEqual(self.client.post(urls["assignment_add"], {}).status_code, 404)
        self.assertEqual(self.client.get(urls["scan"]).status_code, 404)
        # nor another office's entry or scan through an address of their own volunteer
        theirs = self.entries[self.teplice_volunteer.pk]
        url = reverse("network:hours_remove", args=[self.volunteer.pk, theirs.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertTrue(VolunteerHours.objects.filter(pk=theirs.pk).exists())

    def test_a_coordinator_removes_hours_and_adds_an_assignment(self):
        urls = self.urls(self.volunteer)
        self.login(self.alice)
        self.assertEqual(self.client.post(urls["hours_remove"]).status_code, 302)
        self.assertFalse(VolunteerHours.objects.filter(volunteer=self.volunteer).exists())
        response = self.client.post(
            urls["assignment_add"],
            {"title": "Doučování", "activity": "A17", "starts_on": TODAY.isoformat()},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.volunteer.assignments.exists())

    def test_an_edit_without_the_version_is_refused(self):
        self.login(self.alice)
        data = {"kind": "intern", "first_name": "Tereza", "last_name": "Nová"}
        data["office"] = self.usti.pk
        data["active"] = "on"
        response = self.client.post(self.urls(self.volunteer)["update"], data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.volunteer.refresh_from_db()
        self.assertEqual(self.volunteer.last_name, "Horáková")
        response = self.client.post(
            self.urls(self.volunteer)["update"], {**data, "version": self.volunteer.version}
        )
        self.assertEqual(response.status_code, 302)

    def test_dates_in_year_one_are_form_errors(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("network:agreement_add", args=[self.volunteer.pk]),
            {"kind": "internship", "valid_from": "0001-01-01"},
        )
        self.assertEqual(response.status_code, 400)
        response = self.client.post(
            reverse("network:hours_add", args=[self.volunteer.pk]),
            {"date": "0001-01-01", "hours": "2", "activity": "A17"},
        )
        self.assertEqual(response.status_code, 400)
        response = self.client.post(
            self.urls(self.volunteer)["assignment_add"],
            {"title": "Doučování", "activity": "A17", "starts_on": "0001-01-01"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.volunteer.assignments.exists())
