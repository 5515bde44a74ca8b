"""Event pages: who may see and change what, registering clients in seconds, attendance,
professionals, the headcount, and a constant number of queries however many take part."""

from __future__ import annotations

from django.urls import reverse

from spolu.events import services
from spolu.events.models import Event, EventParticipant
from spolu.events.testing import local, make_event
from spolu.network.testing import office_bound_user
from spolu.testing import SpoluTestCase, make_client


class EventPageAccessTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.event = make_event(cls.usti, title="Beseda o bydlení")
        cls.teplice_event = make_event(cls.teplice, title="Etnický večer Vietnam", activity="A15")

    def test_every_event_role_opens_the_event(self):
        for user in (self.alice, self.rita, self.sam, self.lara, self.tom, self.audrey):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertContains(
                    self.client.get(reverse("events:event_detail", args=[self.event.pk])),
                    "Beseda o bydlení",
                )

    def test_users_without_the_role_get_403(self):
        for user in (self.nora, self.filip, self.adam):
            with self.subTest(user=user.username):
                self.login(user)
                url = reverse("events:event_detail", args=[self.event.pk])
                self.assertEqual(self.client.get(url).status_code, 403)
                self.assertEqual(self.client.get(reverse("events:event_list")).status_code, 403)
                self.assertEqual(self.client.get(reverse("events:calendar")).status_code, 403)

    def test_another_offices_event_is_not_found(self):
        self.login(self.tereza)
        url = reverse("events:event_detail", args=[self.event.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("events:event_update", args=[self.event.pk])).status_code,
            403,
        )

    def test_the_list_shows_only_the_users_offices(self):
        self.login(self.sam)
        response = self.client.get(reverse("events:event_list"))
        self.assertContains(response, "Beseda o bydlení")
        self.assertNotContains(response, "Etnický večer Vietnam")
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("events:event_list")), "Etnický večer Vietnam")

    def test_the_list_filters_by_activity_and_text(self):
        self.login(self.alice)
        response = self.client.get(reverse("events:event_list"), {"activity": "A15"})
        self.assertContains(response, "Etnický večer Vietnam")
        self.assertNotContains(response, "Beseda o bydlení")
        response = self.client.get(reverse("events:event_list"), {"q": "bydlen"})
        self.assertContains(response, "Beseda o bydlení")

    def test_a_teacher_sees_the_event_but_not_its_participants(self):
        services.participant_register(
            actor=None, event=self.event, client=make_client(self.usti, first_name_latin="Olena")
        )
        self.login(self.tom)
        response = self.client.get(reverse("events:event_detail", args=[self.event.pk]))
        self.assertNotContains(response, "Olena")
        self.login(self.audrey)
        response = self.client.get(reverse("events:event_detail", args=[self.event.pk]))
        self.assertContains(response, "Olena")

    def test_only_a_coordinator_creates_and_edits_events(self):
        for user in (self.rita, self.sam, self.tom, self.audrey):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(reverse("events:event_create")).status_code, 403)
                url = reverse("events:event_update", args=[self.event.pk])
                self.assertEqual(self.client.post(url, {}).status_code, 403)


class EventFormTest(SpoluTestCase):
    def form_data(self, **overrides):
        data = {
            "activity": "A14",
            "title": "Den národů",
            "description": "",
            "starts_at": "2026-12-05T14:00",
            "ends_at": "2026-12-05T18:00",
            "minutes": "",
            "office": self.usti.pk,
            "place": "Mírové náměstí",
            "district": "CZ0427",
            "organisers": [self.alice.pk],
            "language": "cs",
            "interpretation_languages": ["uk", "vi"],
            "capacity": "",
            "featured_country": "",
            "featured_community": "",
            "headcount_adults": "0",
            "headcount_children": "0",
            "headcount_unspecified": "0",
        }
        data.update(overrides)
        return data

    def test_a_coordinator_creates_an_event(self):
        self.login(self.alice)
        response = self.client.post(reverse("events:event_create"), self.form_data())
        event = Event.objects.get(title="Den národů")
        self.assertRedirects(response, reverse("events:event_detail", args=[event.pk]))
        self.assertEqual(event.minutes, 240)
        self.assertEqual(list(event.organisers.all()), [self.alice])
        self.assertEqual(
            sorted(event.interpretation_languages.values_list("code", flat=True)), ["uk", "vi"]
        )

    def test_an_end_before_the_start_is_a_form_error(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("events:event_create"), self.form_data(ends_at="2026-12-05T13:00")
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "invalid-feedback")
        self.assertFalse(Event.objects.exists())

    def test_a_negative_headcount_is_a_form_error(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("events:event_create"), self.form_data(headcount_adults="-3")
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Event.objects.exists())

    def test_a_stale_edit_shows_a_message_and_keeps_the_other_change(self):
        event = make_event(self.usti, title="Původní")
        services.event_update(actor=None, event=event, expected_version=1, title="Změna kolegy")
        self.login(self.alice)
        response = self.client.post(
            reverse("events:event_update", args=[event.pk]),
            self.form_data(title="Moje změna", version="1"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "alert-danger")
        event.refresh_from_db()
        self.assertEqual(event.title, "Změna kolegy")


class RegisteringClientsTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.event = make_event(cls.usti)
        cls.olena = make_client(
            cls.usti,
            first_name="Олена",
            last_name="Коваленко",
            first_name_latin="Olena",
            last_name_latin="Kovalenko",
            sex="F",
        )
        cls.teplice_client = make_client(
            cls.teplice, first_name_latin="Olga", last_name_latin="Kovalenko"
        )

    def test_search_as_you_type_finds_clients_of_the_users_offices(self):
        self.login(self.rita)
        url = reverse("events:participant_search", args=[self.event.pk])
        response = self.client.get(url, {"q": "koval"}, HTTP_HX_REQUEST="true")
        self.assertContains(response, "Kovalenko Olena")
        self.assertNotContains(response, "Olga")

    def test_a_receptionist_registers_a_client_with_htmx(self):
        self.login(self.rita)
        response = self.client.post(
            reverse("events:participant_add", args=[self.event.pk]),
            {"client": self.olena.pk, "q": "koval"},
            HTTP_HX_REQUEST="true",
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="roster"')
        self.assertContains(response, 'hx-swap-oob="true"')
        self.assertContains(response, "Kovalenko Olena")
        self.assertTrue(
            EventParticipant.objects.filter(event=self.event, client=self.olena).exists()
        )

    def test_registering_twice_shows_a_clear_error(self):
        services.participant_register(actor=None, event=self.event, client=self.olena)
        self.login(self.rita)
        response = self.client.post(
            reverse("events:participant_add", args=[self.event.pk]),
            {"client": self.olena.pk},
            HTTP_HX_REQUEST="true",
        )
        self.assertContains(response, "alert-danger")
        self.assertContains(response, "už je na tuto akci přihlášen")  # Czech by default
        self.assertEqual(self.event.participants.count(), 1)

    def test_registration_works_without_javascript(self):
        self.login(self.sam)
        response = self.client.post(
            reverse("events:participant_add", args=[self.event.pk]),
            {"client": self.olena.pk, "q": "olena"},
        )
        self.assertRedirects(
            response,
            reverse("events:event_detail", args=[self.event.pk]) + "?q=olena#roster",
            fetch_redirect_response=False,
        )
        response = self.client.get(
            reverse("events:event_detail", args=[self.event.pk]), {"q": "olena"}
        )
        self.assertContains(response, "badge text-bg-success")  # shown as registered

    def test_a_client_of_another_office_cannot_be_registered_by_id(self):
        self.login(self.rita)
        response = self.client.post(
            reverse("events:participant_add", args=[self.event.pk]),
            {"client": self.teplice_client.pk},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.event.participants.exists())

    def test_bad_input_is_a_404_not_a_500(self):
        self.login(self.rita)
        url = reverse("events:participant_add", args=[self.event.pk])
        self.assertEqual(self.client.post(url, {"client": "abc"}).status_code, 404)
        url = reverse("events:participant_remove", args=[self.event.pk])
        self.assertEqual(self.client.post(url, {"participant": "x"}).status_code, 404)

    def test_teachers_and_auditors_cannot_register(self):
        for user in (self.tom, self.audrey):
            with self.subTest(user=user.username):
                self.login(user)
                response = self.client.post(
                    reverse("events:participant_add", args=[self.event.pk]),
                    {"client": self.olena.pk},
                )
                self.assertEqual(response.status_code, 403)
                search = reverse("events:participant_search", args=[self.event.pk])
                self.assertEqual(self.client.get(search, {"q": "ol"}).status_code, 403)

    def test_another_office_cannot_register_for_the_event(self):
        self.login(self.tereza)
        response = self.client.post(
            reverse("events:participant_add", args=[self.event.pk]),
            {"client": self.teplice_client.pk},
        )
        self.assertEqual(response.status_code, 404)

    def test_a_registration_is_cancelled(self):
        participant = services.participant_register(actor=None, event=self.event, client=self.olena)
        self.login(self.sam)
        response = self.client.post(
            reverse("events:participant_remove", args=[self.event.pk]),
            {"participant": participant.pk},
            HTTP_HX_REQUEST="true",
        )
        self.assertContains(response, 'id="roster"')
        self.assertFalse(self.event.participants.exists())

    def test_attendance_is_saved_from_the_checkboxes(self):
        participant = services.participant_register(actor=None, event=self.event, client=self.olena)
        self.login(self.rita)
        response = self.client.post(reverse("events:attendance_save", args=[self.event.pk]), {})
        self.assertEqual(response.status_code, 302)
        participant.refresh_from_db()
        self.assertIs(participant.attended, False)
        self.client.post(
            reverse("events:attendance_save", args=[self.event.pk]),
            {"present_client": [participant.pk]},
        )
        participant.refresh_from_db()
        self.assertIs(participant.attended, True)


class ProfessionalsAndHeadcountTest(SpoluTestCase):
    def test_a_coordinator_adds_a_professional_to_a_training(self):
        event = make_event(self.usti, activity="A12", title="Čeština jako cizí jazyk pro učitele")
        self.login(self.alice)
        response = self.client.post(
            reverse("events:professional_add", args=[event.pk]),
            {"name": "Mgr. Jana Malá", "institution": "ZŠ Pod Vodojemem", "role": "učitelka"},
        )
        self.assertEqual(response.status_code, 302)
        professional = event.professionals.get()
        self.assertEqual(professional.institution_label, "ZŠ Pod Vodojemem")
        response = self.client.post(
            reverse("events:professional_remove", args=[event.pk]),
            {"professional": professional.pk},
        )
        self.assertFalse(event.professionals.exists())

    def test_a_professional_without_a_name_is_a_form_error(self):
        event = make_event(self.usti, activity="A12")
        self.login(self.alice)
        response = self.client.post(
            reverse("events:professional_add", args=[event.pk]), {"name": ""}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "invalid-feedback", status_code=400)

    def test_receptionists_cannot_add_professionals(self):
        event = make_event(self.usti, activity="A12")
        self.login(self.rita)
        response = self.client.post(
            reverse("events:professional_add", args=[event.pk]), {"name": "X"}
        )
        self.assertEqual(response.status_code, 403)

    def test_the_headcount_is_saved_and_a_negative_one_refused(self):
        event = make_event(self.usti, activity="A14")
        self.login(self.alice)
        url = reverse("events:headcount_save", args=[event.pk])
        response = self.client.post(
            url, {"version": 1, "adults": 40, "children": 15, "unspecified": ""}
        )
        self.assertEqual(response.status_code, 302)
        event.refresh_from_db()
        self.assertEqual(event.public_headcount, 55)
        response = self.client.post(url, {"version": 2, "adults": -1, "children": 0})
        self.assertEqual(response.status_code, 400)
        event.refresh_from_db()
        self.assertEqual(event.headcount_adults, 40)

    def test_only_a_coordinator_records_the_headcount(self):
        event = make_event(self.usti, activity="A14")
        self.login(self.sam)
        url = reverse("events:headcount_save", args=[event.pk])
        self.assertEqual(
            self.client.post(url, {"version": 1, "adults": 1, "children": 1}).status_code, 403
        )


class EventPageQueriesTest(SpoluTestCase):
    def page_queries(self, participants: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        event = make_event(
            self.usti,
            title=f"Event {participants}",
            activity="A12",
            capacity=None,
            starts_at=local(2026, 12, participants % 28 + 1, 10),
        )
        for i in range(participants):
            client = make_client(
                self.usti, first_name_latin=f"Name{i}", last_name_latin=f"Surname{i}"
            )
            services.participant_register(actor=None, event=event, client=client)
        services.professional_add(event=event, name="Mgr. Jana Malá")
        self.login(self.alice)
        url = reverse("events:event_detail", args=[event.pk])
        self.client.get(url)  # warm caches (content types, permissions)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Surname0")
        return len(queries)

    def test_the_event_page_needs_the_same_queries_for_3_and_30_participants(self):
        few = self.page_queries(3)
        self.assertEqual(self.page_queries(30), few)

    def test_the_event_page_runs_a_fixed_number_of_queries(self):
        event = make_event(self.usti)
        for i in range(5):
            client = make_client(self.usti, first_name_latin=f"N{i}", last_name_latin=f"S{i}")
            services.participant_register(actor=None, event=event, client=client)
        self.login(self.alice)
        url = reverse("events:event_detail", args=[event.pk])
        self.client.get(url)
        with self.assertNumQueries(FIXED_EVENT_PAGE_QUERIES):
            self.client.get(url)


# session, user, 2FA device, permissions ×2, event, organisers, partners, interpretation,
# participants, professionals, evidence, audit entry, roles (menu), and the session save (3
# with its savepoint); a training (A12) adds the organisations of the professional form
FIXED_EVENT_PAGE_QUERIES = 17


class RosterEscapingTest(SpoluTestCase):
    def test_participant_names_are_escaped(self):
        event = make_event(self.usti)
        client = make_client(
            self.usti, first_name="<img src=x onerror=alert(1)>", first_name_latin=""
        )
        services.participant_register(actor=None, event=event, client=client)
        self.login(self.alice)
        response = self.client.get(reverse("events:event_detail", args=[event.pk]))
        self.assertNotContains(response, "<img src=x")
        self.assertContains(response, "&lt;img src=x onerror=alert(1)&gt;")


class ImplausibleInputTest(EventFormTest):
    def test_a_start_in_year_one_is_a_form_error_not_a_500(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("events:event_create"),
            self.form_data(starts_at="0001-01-01T00:00", ends_at="0001-01-01T02:00"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("starts_at", response.context["form"].errors)
        self.assertFalse(Event.objects.exists())

    def test_a_duration_longer_than_the_event_is_a_form_error(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("events:event_create"),
            self.form_data(
                starts_at="2026-12-05T10:00", ends_at="2026-12-05T12:00", minutes="1099511627776"
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Event.objects.exists())

    def test_an_edit_without_the_version_is_refused(self):
        event = make_event(self.usti, title="Původní")
        self.login(self.alice)
        response = self.client.post(
            reverse("events:event_update", args=[event.pk]),
            self.form_data(title="Bez verze", version=""),
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        event.refresh_from_db()
        self.assertEqual(event.title, "Původní")


class AnonymisedClientsTest(SpoluTestCase):
    def test_the_search_does_not_offer_anonymised_clients(self):
        from spolu.clients.models import Client

        event = make_event(self.usti)
        client = make_client(self.usti, first_name_latin="Olena", last_name_latin="Kovalenko")
        Client.objects.filter(pk=client.pk).update(anonymised_at=local(2026, 1, 1))
        self.login(self.rita)
        url = reverse("events:participant_search", args=[event.pk])
        response = self.client.get(url, {"q": "koval"}, HTTP_HX_REQUEST="true")
        self.assertEqual(response.context["search_results"], [])


class RosterRefusalsTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.training = make_event(cls.usti, activity="A12")
        cls.professional = services.professional_add(event=cls.training, name="Mgr. Jana Malá")
        cls.teplice_training = make_event(cls.teplice, activity="A12")
        cls.teplice_professional = services.professional_add(
            event=cls.teplice_training, name="Bc. Petr Dvořák"
        )

    def test_teachers_and_auditors_cannot_save_attendance_or_remove_professionals(self):
        for user in (self.tom, self.audrey):
            with self.subTest(user=user.username):
                self.login(user)
                url = reverse("events:attendance_save", args=[self.training.pk])
                self.assertEqual(self.client.post(url, {}).status_code, 403)
                url = reverse("events:professional_remove", args=[self.training.pk])
                response = self.client.post(url, {"professional": self.professional.pk})
                self.assertEqual(response.status_code, 403)
        self.assertTrue(self.training.professionals.exists())

    def test_another_offices_event_is_not_found(self):
        vera = office_bound_user(
            "vera",
            self.usti,
            "events.view_event",
            "events.change_eventparticipant",
            "events.delete_eventprofessional",
        )
        self.login(vera)
        url = reverse("events:attendance_save", args=[self.teplice_training.pk])
        self.assertEqual(self.client.post(url, {}).status_code, 404)
        url = reverse("events:professional_remove", args=[self.teplice_training.pk])
        response = self.client.post(url, {"professional": self.teplice_professional.pk})
        self.assertEqual(response.status_code, 404)
        self.assertTrue(self.teplice_training.professionals.exists())

    def test_a_professional_is_not_added_to_an_event_that_is_no_training(self):
        event = make_event(self.usti, activity="A14")
        self.login(self.alice)
        response = self.client.post(
            reverse("events:professional_add", args=[event.pk]), {"name": "Mgr. Jana Malá"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(event.professionals.exists())


class OrganisationEventsListTest(SpoluTestCase):
    def test_the_list_shows_the_events_of_one_organisation(self):
        from spolu.network.testing import make_org

        school = make_org()
        with_school = make_event(self.usti, title="Beseda ve škole")
        with_school.partner_organisations.set([school])
        make_event(self.usti, title="Jiná akce")
        self.login(self.alice)
        response = self.client.get(reverse("events:event_list"), {"organisation": school.pk})
        self.assertEqual(list(response.context["page"]), [with_school])
        self.assertContains(response, "ZŠ Vojnovičova")
