from __future__ import annotations

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.db import DatabaseError, transaction
from django.test import TransactionTestCase
from django.urls import reverse

from spolu.core import audit
from spolu.core.models import District, Office
from spolu.testing import SpoluTestCase

# Models that are not domain data: search indexes and other derived tables may be listed here.
NOT_AUDITED: set[str] = set()


class AuditEntriesTest(SpoluTestCase):
    def test_every_spolu_model_is_audited(self):
        for model in apps.get_models():
            if model.__module__.startswith("spolu.") and model._meta.label not in NOT_AUDITED:
                with self.subTest(model=model._meta.label):
                    self.assertTrue(auditlog.contains(model), model._meta.label)

    def test_a_change_through_the_app_records_who_what_and_from_where(self):
        self.login(self.adam)
        url = reverse("admin:core_office_change", args=[self.teplice.pk])
        response = self.client.post(
            url,
            {
                "code": "teplice",
                "name": "Teplice – pobočka",
                "address": "Nová 1",
                "district": "CZ0426",
                "active": "on",
                "phone": "",
                "email": "",
            },
            REMOTE_ADDR="10.1.2.3",
        )
        self.assertEqual(response.status_code, 302)
        entry = LogEntry.objects.get_for_object(self.teplice).latest("timestamp")
        self.assertEqual(entry.action, LogEntry.Action.UPDATE)
        self.assertEqual(entry.actor, self.adam)
        self.assertEqual(entry.remote_addr, "10.1.2.3")
        self.assertEqual(entry.changes["name"], ["Teplice", "Teplice – pobočka"])
        self.assertEqual(entry.changes["address"], ["náměstí Svobody 2", "Nová 1"])

    def test_creates_and_deletes_are_recorded(self):
        office = Office.objects.create(
            code="most", name="Most", address="x", district=District.objects.get(pk="CZ0425")
        )
        pk = office.pk
        office.delete()
        actions = list(
            LogEntry.objects.filter(object_pk=str(pk), content_type__model="office")
            .order_by("pk")
            .values_list("action", flat=True)
        )
        self.assertEqual(actions, [LogEntry.Action.CREATE, LogEntry.Action.DELETE])

    def test_a_view_is_recorded(self):
        audit.log_view(self.usti)
        entry = LogEntry.objects.get_for_object(self.usti).latest("timestamp")
        self.assertEqual(entry.action, LogEntry.Action.ACCESS)

    def test_passwords_never_reach_the_log(self):
        self.sam.set_password("another-long-password-42")
        self.sam.save()
        for entry in LogEntry.objects.get_for_object(self.sam):
            self.assertNotIn("password", entry.changes or {})

    def test_the_database_refuses_to_change_an_entry(self):
        entry = LogEntry.objects.log_create(
            self.usti, force_log=True, action=LogEntry.Action.UPDATE
        )
        entry.object_repr = "forged"
        with self.assertRaises(DatabaseError), transaction.atomic():
            entry.save()
        with self.assertRaises(DatabaseError), transaction.atomic():
            LogEntry.objects.filter(pk=entry.pk).update(object_repr="forged")

    def test_redaction_changes_values_only_and_only_inside_its_door(self):
        entry = LogEntry.objects.log_create(
            self.usti,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={"name": ["Ústí", "Ústí n. L."], "code": ["usti", "usti"]},
        )
        with self.assertRaises(DatabaseError), transaction.atomic():
            audit.redact(Office, [self.usti.pk], {"name"})
        with audit.redacting():
            audit.redact(Office, [self.usti.pk], {"name"})
        entry.refresh_from_db()
        self.assertEqual(
            entry.changes, {"name": [audit.REDACTED, audit.REDACTED], "code": ["usti", "usti"]}
        )
        self.assertEqual(entry.object_repr, f"#{self.usti.pk}")
        # Even inside the door, who, when and what stay as written.
        for change in ({"actor": self.adam}, {"action": LogEntry.Action.DELETE}):
            with (
                self.subTest(change=change),
                self.assertRaises(DatabaseError),
                audit.redacting(),
            ):
                LogEntry.objects.filter(pk=entry.pk).update(**change)
        # The door closes with its transaction.
        with self.assertRaises(DatabaseError), transaction.atomic():
            LogEntry.objects.filter(pk=entry.pk).update(object_repr="forged")


class AuditBrowserTest(SpoluTestCase):
    def test_an_administrator_browses_and_filters_the_log(self):
        audit.log_view(self.usti)
        audit.log_view(self.teplice)
        self.login(self.adam)
        response = self.client.get(reverse("audit_list"))
        self.assertEqual(response.status_code, 200)
        response = self.client.get(
            reverse("audit_list"), {"action": LogEntry.Action.ACCESS, "object_pk": self.teplice.pk}
        )
        self.assertEqual([e.object_pk for e in response.context["page"]], [str(self.teplice.pk)])

    def test_an_entry_shows_its_changes(self):
        entry = LogEntry.objects.get_for_object(self.usti).latest("timestamp")
        self.login(self.adam)
        response = self.client.get(reverse("audit_detail", args=[entry.pk]))
        self.assertContains(response, "Ústí nad Labem")

    def test_bad_filters_are_explained_not_crashed(self):
        self.login(self.adam)
        response = self.client.get(
            reverse("audit_list"),
            {"date_from": "2026-05-01", "date_to": "2026-01-01", "remote_addr": "not-an-ip"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertEqual(response.context["page"].paginator.count, 0)

    def test_a_date_outside_1900_to_2100_is_a_message_not_a_500(self):
        self.login(self.adam)
        for name in ("date_from", "date_to"):
            for day in ("0001-01-01", "9999-12-31"):
                with self.subTest(name=name, day=day):
                    response = self.client.get(reverse("audit_list"), {name: day})
                    self.assertEqual(response.status_code, 200)
                    self.assertIn(
                        "Zadejte datum mezi 1. 1. 1900 a 31. 12. 2100.",
                        response.context["form"].errors[name],
                    )

    def test_actions_record_types_and_fields_are_shown_in_czech(self):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=self.sam, name="telefon", confirmed=False)
        device.confirmed = True
        device.save()
        audit.log_view(self.usti)
        self.login(self.adam)
        response = self.client.get(reverse("audit_list"))
        content = response.content.decode()
        for label in ("Vytvořeno", "Změněno", "Zobrazeno", "Dvoufázové zařízení TOTP"):
            self.assertIn(label, content)
        options = dict(response.context["form"].fields["action"].choices)
        self.assertEqual(
            [str(options[a]) for a in range(4)], ["Vytvořeno", "Změněno", "Smazáno", "Zobrazeno"]
        )
        models = dict(response.context["form"].fields["model"].choices)
        self.assertIn("Dvoufázové zařízení TOTP", models.values())
        for raw in (">create<", ">update<", ">access<", "TOTP device"):
            self.assertNotIn(raw, content)

        entry = LogEntry.objects.get_for_object(device).filter(action=LogEntry.Action.UPDATE).get()
        response = self.client.get(reverse("audit_detail", args=[entry.pk]))
        self.assertContains(response, '<dd class="col-sm-9">Změněno</dd>', html=False)
        self.assertEqual([row[0] for row in response.context["changes"]], ["Potvrzeno"])

        office = Office.objects.create(
            code="most", name="Most", address="Radniční 1", district=self.usti.district
        )
        office.name = "Most – pobočka"
        office.save()
        entry = LogEntry.objects.get_for_object(office).filter(action=LogEntry.Action.UPDATE).get()
        response = self.client.get(reverse("audit_detail", args=[entry.pk]))
        self.assertEqual([row[0] for row in response.context["changes"]], ["Název"])
        self.assertNotContains(response, '<th scope="row">name</th>', html=False)

    def test_other_roles_are_refused(self):
        entry = LogEntry.objects.first()
        for user in (self.alice, self.sam, self.audrey, self.nora):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(reverse("audit_list")).status_code, 403)
                self.assertEqual(
                    self.client.get(reverse("audit_detail", args=[entry.pk])).status_code, 403
                )

    def test_no_url_changes_or_deletes_an_entry(self):
        entry = LogEntry.objects.first()
        self.login(self.adam)
        url = reverse("audit_detail", args=[entry.pk])
        self.assertEqual(self.client.post(url, {"object_repr": "forged"}).status_code, 405)
        self.assertEqual(self.client.delete(url).status_code, 405)
        self.assertEqual(self.client.post(reverse("audit_list")).status_code, 405)
        self.assertEqual(self.client.get("/admin/auditlog/logentry/").status_code, 404)
        self.assertEqual(
            self.client.post(f"/admin/auditlog/logentry/{entry.pk}/delete/").status_code, 404
        )
        entry.refresh_from_db()
        self.assertNotEqual(entry.object_repr, "forged")


class AuditDeleteTest(TransactionTestCase):
    def test_postgres_refuses_deletes_too(self):
        from django.db import connection

        district, _ = District.objects.get_or_create(
            code="CZ0425", defaults={"name_cs": "Most", "name_en": "Most"}
        )
        office = Office.objects.create(code="x", name="X", address="x", district=district)
        entry = LogEntry.objects.get_for_object(office).first()
        if connection.vendor == "postgresql":
            with self.assertRaises(DatabaseError), transaction.atomic():
                LogEntry.objects.filter(pk=entry.pk).delete()
            self.assertTrue(LogEntry.objects.filter(pk=entry.pk).exists())
        else:
            with self.assertRaises(DatabaseError), transaction.atomic():
                LogEntry.objects.filter(pk=entry.pk).update(action=LogEntry.Action.DELETE)


class AuditContextTest(SpoluTestCase):
    def test_a_request_leaves_no_actor_behind_for_later_work(self):
        from auditlog.context import auditlog_value

        self.login(self.adam)
        self.client.get(reverse("dashboard"))
        self.assertIsNone(auditlog_value.get({}).get("actor"))
        office = Office.objects.create(
            code="most2", name="Most", address="x", district=District.objects.get(pk="CZ0425")
        )
        self.assertIsNone(LogEntry.objects.get_for_object(office).get().actor)


class ActingAsTest(SpoluTestCase):
    def test_nested_attribution_credits_each_block_and_leaves_no_receiver_behind(self):
        from django.db.models.signals import pre_save

        from spolu.core.audit import acting_as

        receivers = len(pre_save.receivers)
        district = District.objects.get(pk="CZ0425")
        with acting_as(self.adam, remote_addr="10.0.0.7"):
            with acting_as(None):
                quiet = Office.objects.create(code="q1", name="Q", address="x", district=district)
            loud = Office.objects.create(code="l1", name="L", address="x", district=district)
        self.assertEqual(len(pre_save.receivers), receivers)
        self.assertIsNone(LogEntry.objects.get_for_object(quiet).get().actor)
        entry = LogEntry.objects.get_for_object(loud).get()
        self.assertEqual((entry.actor, entry.remote_addr), (self.adam, "10.0.0.7"))
