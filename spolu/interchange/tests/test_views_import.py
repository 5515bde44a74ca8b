from __future__ import annotations

import io
import time

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from spolu.clients.models import Client
from spolu.interchange import pending
from spolu.interchange.testing import CLIENT_HEADER, client_row, csv_bytes
from spolu.testing import SpoluTestCase


def upload(data, name="clients.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


class ImportPageTest(SpoluTestCase):
    def setUp(self):
        self.client.cookies.load({"django_language": "en"})

    def post_file(self, data, name="clients.csv", kind="clients", **extra):
        return self.client.post(
            reverse("interchange:upload"), {"kind": kind, "file": upload(data, name), **extra}
        )

    def test_a_user_without_any_import_or_export_permission_is_refused(self):
        self.login(self.nora)
        self.assertEqual(self.client.get(reverse("interchange:index")).status_code, 403)
        self.login(self.tom)
        self.assertEqual(self.client.get(reverse("interchange:index")).status_code, 403)

    def test_the_import_steps_are_refused_without_an_import_permission(self):
        for user in (self.nora, self.rita, self.sam):
            self.login(user)
            self.assertEqual(self.client.get(reverse("interchange:preview")).status_code, 403)
            self.assertEqual(self.client.post(reverse("interchange:confirm")).status_code, 403)
            self.assertEqual(self.client.post(reverse("interchange:cancel")).status_code, 403)

    def test_the_confirmation_is_refused_to_a_user_who_lost_the_permission(self):
        from django.contrib.auth.models import Group

        self.login(self.alice)
        self.post_file(csv_bytes([CLIENT_HEADER, client_row()]))
        self.alice.groups.set([Group.objects.get(name="receptionist")])
        self.assertEqual(self.client.post(reverse("interchange:confirm")).status_code, 403)
        self.assertFalse(Client.objects.exists())

    def test_a_receptionist_sees_only_the_service_export(self):
        self.login(self.rita)
        response = self.client.get(reverse("interchange:index"))
        self.assertContains(response, "Export services")
        self.assertNotContains(response, "Export clients")
        self.assertNotContains(response, "Import a file")
        self.assertEqual(self.post_file(csv_bytes([CLIENT_HEADER, client_row()])).status_code, 403)

    def test_the_menu_shows_the_page_to_those_who_may_use_it(self):
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("dashboard")), reverse("interchange:index"))
        self.login(self.tom)
        self.assertNotContains(self.client.get(reverse("dashboard")), reverse("interchange:index"))

    def test_upload_preview_and_confirm_import_the_file_once(self):
        self.login(self.alice)
        response = self.post_file(
            csv_bytes([CLIENT_HEADER, client_row(), client_row(external_id="C-2")])
        )
        self.assertRedirects(response, reverse("interchange:preview"))
        path = self.client.session[pending.SESSION_KEY]["path"]
        self.assertTrue(default_storage.exists(path))
        preview = self.client.get(reverse("interchange:preview"))
        self.assertContains(preview, "The file is valid")
        self.assertContains(preview, "Import 2 rows")
        self.assertContains(preview, "Коваленко")
        self.assertFalse(Client.objects.exists())
        response = self.client.post(reverse("interchange:confirm"))
        self.assertRedirects(response, reverse("interchange:index"))
        self.assertEqual(Client.objects.count(), 2)
        self.assertEqual(Client.objects.first().created_by, self.alice)
        self.assertFalse(default_storage.exists(path))
        self.assertNotIn(pending.SESSION_KEY, self.client.session)
        page = self.client.get(reverse("interchange:index"))
        self.assertContains(page, "2 created, 0 updated, 0 unchanged")
        # Confirming again finds nothing to import.
        self.client.post(reverse("interchange:confirm"))
        self.assertEqual(Client.objects.count(), 2)

    def test_an_invalid_file_shows_every_error_with_its_line_and_cannot_be_confirmed(self):
        self.login(self.alice)
        self.post_file(
            csv_bytes(
                [
                    CLIENT_HEADER,
                    client_row(),
                    client_row(external_id="C-2", sex="?"),
                    client_row(external_id="C-3", citizenship="QQ"),
                ]
            )
        )
        preview = self.client.get(reverse("interchange:preview"))
        self.assertContains(preview, "The file has 2 errors")
        self.assertContains(preview, "line 3")
        self.assertContains(preview, "line 4")
        self.assertNotContains(preview, reverse("interchange:confirm"))
        response = self.client.post(reverse("interchange:confirm"))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Client.objects.exists())

    def test_the_default_office_applies_to_rows_without_one(self):
        self.login(self.alice)
        self.post_file(csv_bytes([CLIENT_HEADER, client_row(office="")]), office=self.teplice.pk)
        self.client.post(reverse("interchange:confirm"))
        self.assertEqual(Client.objects.get().office, self.teplice)

    @override_settings(SPOLU_UPLOAD_MAX_BYTES=200)
    def test_an_oversized_file_is_refused(self):
        self.login(self.alice)
        response = self.post_file(csv_bytes([CLIENT_HEADER, client_row()]))
        self.assertContains(response, "too large", status_code=400)
        self.assertNotIn(pending.SESSION_KEY, self.client.session)

    def test_a_file_of_the_wrong_type_is_refused(self):
        self.login(self.alice)
        response = self.post_file(b"%PDF-1.4 ...", name="clients.pdf")
        self.assertContains(response, ".csv or .xlsx", status_code=400)
        response = self.post_file(b"PK\x03\x04garbage", name="clients.csv")
        self.assertContains(response, "not a CSV", status_code=400)
        response = self.post_file(b"", name="clients.csv")
        self.assertEqual(response.status_code, 400)

    def test_an_expired_upload_must_be_uploaded_again(self):
        self.login(self.alice)
        self.post_file(csv_bytes([CLIENT_HEADER, client_row()]))
        session = self.client.session
        session[pending.SESSION_KEY]["uploaded_at"] = (
            time.time() - (pending.PENDING_MINUTES + 1) * 60
        )
        session.save()
        response = self.client.post(reverse("interchange:confirm"))
        self.assertRedirects(response, reverse("interchange:index"))
        self.assertFalse(Client.objects.exists())

    def test_another_users_pending_file_cannot_be_confirmed(self):
        self.login(self.alice)
        self.post_file(csv_bytes([CLIENT_HEADER, client_row()]))
        stolen = self.client.session[pending.SESSION_KEY]
        self.login(self.adam)
        session = self.client.session
        session[pending.SESSION_KEY] = stolen
        session.save()
        response = self.client.post(reverse("interchange:confirm"))
        self.assertRedirects(response, reverse("interchange:index"))
        self.assertFalse(Client.objects.exists())

    def test_cancel_deletes_the_pending_file(self):
        self.login(self.alice)
        self.post_file(csv_bytes([CLIENT_HEADER, client_row()]))
        path = self.client.session[pending.SESSION_KEY]["path"]
        self.client.post(reverse("interchange:cancel"))
        self.assertFalse(default_storage.exists(path))
        self.assertFalse(Client.objects.exists())

    def test_an_administrator_may_import_into_any_office(self):
        self.login(self.adam)  # administrator of Ústí, who sees every office
        self.post_file(csv_bytes([CLIENT_HEADER, client_row(office="teplice")]))
        self.assertContains(self.client.get(reverse("interchange:preview")), "The file is valid")


class TemplateDownloadTest(SpoluTestCase):
    def test_templates_have_the_header_row_in_csv_and_xlsx(self):
        self.login(self.alice)
        response = self.client.get(reverse("interchange:template", args=["services", "csv"]))
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertTrue(
            response.content.decode("utf-8-sig").startswith("external_id,client_external_id,date,")
        )
        response = self.client.get(reverse("interchange:template", args=["clients", "xlsx"]))
        sheet = load_workbook(io.BytesIO(response.content)).active
        self.assertEqual([c.value for c in sheet[1]], CLIENT_HEADER)

    def test_templates_are_refused_without_the_import_permission(self):
        self.login(self.sam)
        self.assertEqual(
            self.client.get(reverse("interchange:template", args=["clients", "csv"])).status_code,
            403,
        )

    def test_an_unknown_template_is_not_found(self):
        self.login(self.alice)
        self.assertEqual(
            self.client.get(reverse("interchange:template", args=["pets", "csv"])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("interchange:template", args=["clients", "ods"])).status_code,
            404,
        )
