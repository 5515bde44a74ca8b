"""Merging a duplicate client: nothing is lost, everything points at the survivor, it is audited."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from unittest import mock

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from spolu.clients import merge, services
from spolu.clients.merge import client_links, client_merge, merge_preview, register_merge_handler
from spolu.clients.models import Client, ClientRelation, Consent, ResidenceStatus
from spolu.clients.search import search_clients
from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.models import Activity, Language
from spolu.counselling.models import Appointment, ServiceRecord
from spolu.testing import SpoluTestCase, make_client


def rows_pointing_at(client: Client) -> dict[str, set[object]]:
    """Primary keys of every row in any app that points at `client`, per foreign key."""
    result = {}
    for link in client_links():
        rows = link.model._base_manager.filter(**{link.field.name: client})
        if link.model is Client:
            rows = rows.exclude(pk=client.pk)
        pks = set(rows.values_list("pk", flat=True))
        if pks:
            result[link.name] = pks
    return result


class MergeTestCase(SpoluTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.survivor = make_client(cls.usti, phone="", first_contact_date=date(2024, 5, 1))
        cls.duplicate = make_client(
            cls.usti,
            first_name="Александр",
            first_name_latin="Aleksandr",
            phone="+420 777 123 456",
            email="sasha@example.org",
            vulnerable=True,
            first_contact_date=date(2023, 2, 1),
        )

    def service(self, client: Client, activity: str = "A04", **fields) -> ServiceRecord:
        return ServiceRecord.objects.create(
            office=self.usti,
            activity=Activity.objects.get(pk=activity),
            date=fields.pop("date", date(2024, 6, 1)),
            minutes=30,
            channel="in_person",
            client=client,
            staff=self.sam,
            **fields,
        )

    def appointment(self, client: Client) -> Appointment:
        return Appointment.objects.create(
            office=self.usti,
            client=client,
            staff=self.sam,
            starts_at=timezone.make_aware(datetime(2024, 7, 1, 9, 0)),
        )


class ClientMergeTest(MergeTestCase):
    def merge(self) -> Client:
        return client_merge(survivor=self.survivor, duplicate=self.duplicate, actor=self.alice)

    def test_every_row_pointing_at_the_duplicate_moves_to_the_survivor(self):
        dup, keep = self.duplicate, self.survivor
        wife = make_client(self.usti, first_name="Олена", first_name_latin="Olena", sex="F")
        child = make_client(self.usti, first_name="Марко", first_name_latin="Marko")
        ward = make_client(self.usti, first_name="Ілля", first_name_latin="Illia")
        services.client_update(actor=None, client=ward, expected_version=1, guardian=dup)
        services.alias_add(client=dup, name="Sasha Shevchenko")
        services.relation_add(client=dup, relative=wife, kind="spouse")
        services.relation_add(client=child, relative=dup, kind="parent")
        services.consent_record(
            actor=self.sam, client=dup, purpose="case_work", given_on=date(2024, 1, 2)
        )
        for day in range(5):
            self.service(dup, date=date(2024, 3, 1) + timedelta(days=day))
        self.service(dup, "A05", note="Appeal against the decision", note_confidential=True)
        self.appointment(dup)
        self.appointment(dup)
        dup.languages.add(Language.objects.get(pk="uk"), Language.objects.get(pk="ru"))
        before = rows_pointing_at(dup)
        tables = {link.model for link in client_links()}
        counts_before = {m._meta.label: m._base_manager.count() for m in tables}

        self.merge()

        self.assertEqual(rows_pointing_at(dup), {})
        after = rows_pointing_at(keep)
        for name, pks in before.items():
            with self.subTest(link=name):
                self.assertLessEqual(pks, after.get(name, set()))
        self.assertEqual(ServiceRecord.objects.filter(client=keep).count(), 6)
        self.assertEqual(Appointment.objects.filter(client=keep).count(), 2)
        self.assertEqual(ResidenceStatus.objects.filter(client=keep).count(), 2)
        self.assertEqual(Consent.objects.filter(client=keep).count(), 1)
        self.assertEqual(Client.objects.get(pk=ward.pk).guardian, keep)
        self.assertTrue(ClientRelation.objects.filter(client=keep, relative=wife).exists())
        self.assertTrue(ClientRelation.objects.filter(client=child, relative=keep).exists())
        self.assertEqual(set(keep.languages.values_list("pk", flat=True)), {"uk", "ru"})
        self.assertIn("Sasha Shevchenko", keep.aliases.values_list("name", flat=True))
        # No row of any table was deleted; only the duplicate's names were added as aliases.
        counts_after = {m._meta.label: m._base_manager.count() for m in tables}
        counts_before["clients.ClientAlias"] += 2
        self.assertEqual(counts_after, counts_before)

    def test_the_duplicate_is_kept_as_a_hidden_tombstone(self):
        version = self.duplicate.version
        self.merge()
        tombstone = Client.objects.get(pk=self.duplicate.pk)
        self.assertEqual(tombstone.merged_into, self.survivor)
        self.assertIsNotNone(tombstone.merged_at)
        self.assertEqual(tombstone.version, version + 1)
        self.assertNotIn(tombstone, Client.objects.active())
        self.assertIn(self.survivor, Client.objects.active())

    def test_empty_fields_of_the_survivor_are_filled_and_its_own_values_kept(self):
        survivor = self.merge()
        self.assertEqual(survivor.phone, "+420 777 123 456")
        self.assertEqual(survivor.email, "sasha@example.org")
        self.assertEqual(survivor.first_name, "Олександр")
        self.assertEqual(survivor.first_name_latin, "Oleksandr")
        self.assertEqual(survivor.first_contact_date, date(2023, 2, 1))
        self.assertTrue(survivor.vulnerable)

    def test_the_duplicates_other_spelling_becomes_an_alias_and_is_found(self):
        survivor = self.merge()
        aliases = set(survivor.aliases.values_list("name", flat=True))
        self.assertEqual(aliases, {"Шевченко Александр", "Shevchenko Aleksandr"})
        found = search_clients(Client.objects.active(), "+420777123456")
        self.assertEqual(found, [survivor])

    def test_no_alias_is_added_for_a_name_the_survivor_has(self):
        same = make_client(self.usti)
        survivor = client_merge(survivor=self.survivor, duplicate=same, actor=None)
        self.assertFalse(survivor.aliases.exists())

    def test_household_links_never_link_the_survivor_to_itself_or_twice(self):
        child = make_client(self.usti, first_name="Марко", first_name_latin="Marko")
        services.relation_add(client=self.survivor, relative=self.duplicate, kind="sibling")
        services.relation_add(client=self.survivor, relative=child, kind="child")
        services.relation_add(client=child, relative=self.duplicate, kind="parent")
        self.merge()
        links = ClientRelation.objects.filter(client=self.survivor) | ClientRelation.objects.filter(
            relative=self.survivor
        )
        self.assertEqual(
            sorted(links.values_list("client_id", "relative_id", "kind")),
            [(self.survivor.pk, child.pk, "child")],
        )

    def test_nobody_becomes_their_own_guardian(self):
        services.client_update(
            actor=None, client=self.survivor, expected_version=1, guardian=self.duplicate
        )
        survivor = self.merge()
        self.assertIsNone(survivor.guardian)

    def test_the_survivor_takes_the_duplicates_guardian_when_it_has_none(self):
        mother = make_client(self.usti, first_name="Олена", first_name_latin="Olena", sex="F")
        services.client_update(
            actor=None, client=self.duplicate, expected_version=1, guardian=mother
        )
        self.assertEqual(self.merge().guardian, mother)

    def test_languages_are_combined_without_duplicates(self):
        uk, ru, cs = (Language.objects.get(pk=code) for code in ("uk", "ru", "cs"))
        self.survivor.languages.add(uk, cs)
        self.duplicate.languages.add(uk, ru)
        survivor = self.merge()
        self.assertEqual(
            sorted(survivor.languages.values_list("pk", flat=True)), ["cs", "ru", "uk"]
        )

    def test_earlier_tombstones_point_at_the_new_survivor(self):
        older = make_client(self.usti)
        client_merge(survivor=self.duplicate, duplicate=older, actor=None)
        self.merge()
        self.assertEqual(Client.objects.get(pk=older.pk).merged_into, self.survivor)

    def test_the_external_id_moves_when_the_survivor_has_none(self):
        Client.objects.filter(pk=self.duplicate.pk).update(external_id="CRM-77")
        self.duplicate.refresh_from_db()
        survivor = self.merge()
        self.assertEqual(survivor.external_id, "CRM-77")
        self.assertIsNone(Client.objects.get(pk=self.duplicate.pk).external_id)

    def test_the_merge_is_audited_on_both_records_with_what_moved(self):
        services_ = [self.service(self.duplicate), self.service(self.duplicate)]
        self.merge()
        entry = LogEntry.objects.get_for_object(self.survivor).latest("pk")
        self.assertEqual(entry.additional_data["event"], "merge")
        self.assertEqual(entry.additional_data["merged_client"], self.duplicate.pk)
        self.assertEqual(entry.additional_data["moved"]["counselling.ServiceRecord"], 2)
        self.assertEqual(
            sorted(entry.additional_data["rows"]["counselling.ServiceRecord.client"]),
            sorted(str(s.pk) for s in services_),
        )
        self.assertEqual(entry.actor, self.alice)
        other = LogEntry.objects.get_for_object(self.duplicate).latest("pk")
        self.assertEqual(other.additional_data["event"], "merged_into")
        self.assertEqual(other.additional_data["survivor"], self.survivor.pk)

    def test_an_edit_of_the_survivor_opened_before_the_merge_is_refused(self):
        version = self.survivor.version
        self.merge()
        with self.assertRaises(StaleObjectError):
            services.client_update(
                actor=None, client=self.survivor, expected_version=version, phone="1"
            )

    def test_a_client_cannot_be_merged_with_itself(self):
        with self.assertRaises(SpoluError) as raised:
            client_merge(survivor=self.survivor, duplicate=self.survivor, actor=None)
        self.assertEqual(raised.exception.code, "merge_self")

    def test_a_merged_record_cannot_be_merged_again(self):
        self.merge()
        third = make_client(self.usti)
        with self.assertRaises(SpoluError) as raised:
            client_merge(survivor=third, duplicate=self.duplicate, actor=None)
        self.assertEqual(raised.exception.code, "merged")
        with self.assertRaises(SpoluError):
            client_merge(survivor=self.duplicate, duplicate=third, actor=None)

    def test_an_anonymised_record_cannot_be_merged(self):
        Client.objects.filter(pk=self.duplicate.pk).update(anonymised_at=timezone.now())
        with self.assertRaises(SpoluError) as raised:
            self.merge()
        self.assertEqual(raised.exception.code, "anonymised")

    def test_rows_that_would_break_a_unique_constraint_stop_the_merge_and_change_nothing(self):
        # As if residence statuses were unique per client and category, with no merge handler.
        unique_sets = merge._unique_sets

        def with_status_rule(model):
            extra = [("client", "category")] if model is ResidenceStatus else []
            return unique_sets(model) + extra

        self.service(self.duplicate)
        with (
            mock.patch.object(merge, "_unique_sets", with_status_rule),
            self.assertRaises(SpoluError) as raised,
        ):
            self.merge()
        self.assertEqual(raised.exception.code, "merge_conflict")
        self.assertIn(str(ResidenceStatus._meta.verbose_name_plural), raised.exception.message)
        self.assertEqual(ServiceRecord.objects.get().client, self.duplicate)
        self.assertIsNone(Client.objects.get(pk=self.duplicate.pk).merged_into)

    def test_a_registered_handler_runs_first_and_its_rows_are_counted(self):
        calls = []

        def merge_consents(*, survivor, duplicate):
            calls.append((survivor.pk, duplicate.pk, ServiceRecord.objects.get().client_id))
            Consent.objects.filter(client=duplicate).update(client=survivor)

        services.consent_record(
            actor=None, client=self.duplicate, purpose="photos", given_on=date(2024, 1, 1)
        )
        self.service(self.duplicate)
        register_merge_handler(Consent, merge_consents)
        self.addCleanup(merge._handlers.pop, Consent)
        self.merge()
        self.assertEqual(calls, [(self.survivor.pk, self.duplicate.pk, self.duplicate.pk)])
        entry = LogEntry.objects.get_for_object(self.survivor).latest("pk")
        self.assertEqual(entry.additional_data["moved"]["clients.Consent"], 1)

    def test_a_handler_that_leaves_rows_behind_stops_the_merge(self):
        services.consent_record(
            actor=None, client=self.duplicate, purpose="photos", given_on=date(2024, 1, 1)
        )
        register_merge_handler(Consent, lambda **kwargs: None)
        self.addCleanup(merge._handlers.pop, Consent)
        with self.assertRaises(SpoluError) as raised:
            self.merge()
        self.assertEqual(raised.exception.code, "merge_incomplete")
        self.assertEqual(Consent.objects.get().client, self.duplicate)

    def test_the_preview_counts_what_would_move_and_what_would_be_filled(self):
        self.service(self.duplicate)
        self.service(self.duplicate)
        self.appointment(self.duplicate)
        preview = merge_preview(survivor=self.survivor, duplicate=self.duplicate)
        self.assertEqual(preview.count("counselling.ServiceRecord"), 2)
        self.assertEqual(preview.count("counselling.Appointment"), 1)
        self.assertEqual(preview.count("clients.ResidenceStatus"), 1)
        self.assertEqual(preview.total, 4)
        filled = {fill.name: fill.value for fill in preview.filled}
        self.assertEqual(filled["phone"], "+420 777 123 456")
        self.assertEqual(filled["first_contact_date"], date(2023, 2, 1))
        self.assertNotIn("first_name_latin", filled)
        self.assertEqual(preview.new_aliases, ["Шевченко Александр", "Shevchenko Aleksandr"])
        self.assertEqual(preview.problems, [])
        self.assertEqual(ServiceRecord.objects.filter(client=self.survivor).count(), 0)


class MergeViewsTest(MergeTestCase):
    def choose_url(self, client: Client) -> str:
        return reverse("clients:merge", args=[client.pk])

    def confirm_url(self, survivor: Client, duplicate: Client) -> str:
        return reverse("clients:merge_confirm", args=[survivor.pk, duplicate.pk])

    def test_the_choice_suggests_likely_duplicates(self):
        self.login(self.sam)
        response = self.client.get(self.choose_url(self.survivor))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.confirm_url(self.survivor, self.duplicate))
        self.assertContains(response, "Možná stejná osoba")

    def test_the_search_lists_visible_clients_but_not_the_survivor(self):
        teplice = make_client(self.teplice)
        self.login(self.sam)
        response = self.client.get(self.choose_url(self.survivor), {"q": "Shevchenko"})
        self.assertContains(response, self.confirm_url(self.survivor, self.duplicate))
        self.assertNotContains(response, self.confirm_url(self.survivor, self.survivor))
        self.assertNotContains(response, self.confirm_url(self.survivor, teplice))

    def test_the_search_answers_htmx_with_the_results_only(self):
        self.login(self.sam)
        response = self.client.get(
            self.choose_url(self.survivor), {"q": "Aleksandr"}, HTTP_HX_REQUEST="true"
        )
        self.assertTemplateUsed(response, "clients/merge_results.html")
        self.assertTemplateNotUsed(response, "clients/merge_choose.html")
        self.assertContains(response, self.confirm_url(self.survivor, self.duplicate))

    def test_the_confirmation_compares_both_records_and_says_what_moves(self):
        self.service(self.duplicate)
        self.login(self.sam)
        response = self.client.get(self.confirm_url(self.survivor, self.duplicate))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Александр")
        self.assertContains(response, "+420 777 123 456")
        self.assertEqual(response.context["preview"].count("counselling.ServiceRecord"), 1)
        self.assertContains(response, "Sloučit záznamy")

    def test_confirming_merges_and_opens_the_survivor(self):
        self.service(self.duplicate)
        self.login(self.sam)
        response = self.client.post(self.confirm_url(self.survivor, self.duplicate))
        self.assertRedirects(
            response,
            reverse("clients:detail", args=[self.survivor.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(ServiceRecord.objects.get().client, self.survivor)
        self.assertEqual(Client.objects.get(pk=self.duplicate.pk).merged_into, self.survivor)
        entry = LogEntry.objects.get_for_object(self.survivor).latest("pk")
        self.assertEqual(entry.actor, self.sam)

    def test_a_refused_merge_shows_the_reason(self):
        Client.objects.filter(pk=self.duplicate.pk).update(anonymised_at=timezone.now())
        self.login(self.sam)
        response = self.client.post(self.confirm_url(self.survivor, self.duplicate), follow=True)
        self.assertContains(response, "Anonymizovaný záznam nelze sloučit.")
        self.assertIsNone(Client.objects.get(pk=self.duplicate.pk).merged_into)

    def test_roles_without_the_merge_permission_are_refused(self):
        for user in (self.rita, self.tom, self.filip, self.audrey, self.nora):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.choose_url(self.survivor)).status_code, 403)
                url = self.confirm_url(self.survivor, self.duplicate)
                self.assertEqual(self.client.post(url).status_code, 403)
        self.assertIsNone(Client.objects.get(pk=self.duplicate.pk).merged_into)

    def test_another_offices_client_is_not_found(self):
        teplice = make_client(self.teplice)
        self.login(self.tereza)
        self.assertEqual(self.client.get(self.choose_url(self.survivor)).status_code, 404)
        self.assertEqual(
            self.client.post(self.confirm_url(teplice, self.duplicate)).status_code, 404
        )
        self.login(self.sam)
        self.assertEqual(self.client.get(self.confirm_url(self.survivor, teplice)).status_code, 404)
        self.assertEqual(
            self.client.post(self.confirm_url(teplice, self.duplicate)).status_code, 404
        )
        self.assertIsNone(Client.objects.get(pk=self.duplicate.pk).merged_into)
        self.assertIsNone(Client.objects.get(pk=teplice.pk).merged_into)

    def test_a_record_cannot_be_merged_with_itself_or_a_tombstone(self):
        self.login(self.alice)
        self.assertEqual(
            self.client.get(self.confirm_url(self.survivor, self.survivor)).status_code, 404
        )
        client_merge(survivor=self.survivor, duplicate=self.duplicate, actor=None)
        third = make_client(self.usti)
        self.assertEqual(self.client.get(self.confirm_url(third, self.duplicate)).status_code, 404)
        self.assertEqual(self.client.get(self.choose_url(self.duplicate)).status_code, 404)

    def test_the_coordinator_merges_across_offices(self):
        teplice = make_client(self.teplice)
        self.login(self.alice)
        response = self.client.post(self.confirm_url(self.survivor, teplice))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Client.objects.get(pk=teplice.pk).merged_into, self.survivor)
