"""Implausible dates on legal cases and deadlines are translated messages, never saved."""

from django.urls import reverse

from spolu.legal.models import Deadline, LegalCase
from spolu.legal.testing import make_case
from spolu.legal.tests.test_views import case_form
from spolu.testing import SpoluTestCase, make_client


class ImplausibleDatesTest(SpoluTestCase):
    def setUp(self):
        self.olena = make_client(self.usti)
        self.login(self.lara)

    def test_a_case_opened_in_year_one_is_refused(self):
        data = case_form(
            office=self.usti.pk, lawyer=self.lara.pk, client=self.olena.pk, opened_on="0001-01-01"
        )
        response = self.client.post(reverse("legal:new"), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("1900", str(response.context["form"].errors["opened_on"]))
        self.assertFalse(LegalCase.objects.exists())

    def test_a_deadline_in_year_9999_is_refused(self):
        case = make_case(self.olena, self.lara)
        response = self.client.post(
            reverse("legal:deadline_add", args=[case.pk]),
            {"due_date": "9999-12-31", "description": "Odvolání"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "1900", status_code=400)
        self.assertFalse(Deadline.objects.exists())

    def test_every_constraint_has_a_message_for_people(self):
        for constraint in LegalCase._meta.constraints:
            with self.subTest(constraint=constraint.name):
                message = str(constraint.get_violation_error_message())
                self.assertNotIn(constraint.name, message)

    def test_breadcrumbs_are_labelled_in_czech(self):
        case = make_case(self.olena, self.lara)
        response = self.client.get(reverse("legal:detail", args=[case.pk]))
        self.assertContains(response, 'aria-label="Drobečková navigace"')
