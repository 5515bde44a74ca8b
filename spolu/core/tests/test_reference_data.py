from django.utils import translation

from spolu.core.models import Activity, Country, District, Language, ResidenceCategory
from spolu.testing import SpoluTestCase


class ReferenceDataTest(SpoluTestCase):
    def test_the_nineteen_activities_are_seeded_in_both_languages(self):
        codes = list(Activity.objects.values_list("code", flat=True))
        self.assertEqual(codes, [f"A{n:02d}" for n in range(1, 20)])
        a08 = Activity.objects.get(code="A08")
        with translation.override("cs"):
            self.assertEqual(a08.name, "Výuka českého jazyka")
        with translation.override("en"):
            self.assertEqual(a08.name, "Czech language teaching")

    def test_the_districts_of_ustecky_kraj_are_seeded(self):
        self.assertEqual(
            list(District.objects.values_list("code", flat=True)),
            ["CZ0421", "CZ0422", "CZ0423", "CZ0424", "CZ0425", "CZ0426", "CZ0427"],
        )
        self.assertEqual(District.objects.get(code="CZ0427").name, "Ústí nad Labem")

    def test_countries_know_eu_eea_and_swiss_membership(self):
        self.assertGreaterEqual(Country.objects.count(), 249)
        for code in ("CZ", "DE", "SK", "NO", "CH", "IS", "LI"):
            self.assertTrue(Country.objects.get(code=code).eu_eea_ch, code)
        for code in ("UA", "VN", "MN", "RU", "GB", "XX"):
            self.assertFalse(Country.objects.get(code=code).eu_eea_ch, code)
        with translation.override("cs"):
            self.assertEqual(Country.objects.get(code="UA").name, "Ukrajina")

    def test_the_default_eligible_residence_categories_follow_the_design(self):
        eligible = set(
            ResidenceCategory.objects.filter(eligible=True).values_list("code", flat=True)
        )
        self.assertEqual(
            eligible,
            {
                "visa_long",
                "residence_long",
                "residence_permanent",
                "asylum",
                "subsidiary_protection",
                "temporary_protection",
                "eu_family_member",
            },
        )
        self.assertEqual(ResidenceCategory.objects.count(), 12)

    def test_languages_are_iso_639_1_with_czech_names(self):
        with translation.override("cs"):
            self.assertEqual(Language.objects.get(code="uk").name, "ukrajinština")
        self.assertTrue(Language.objects.get(code="vi").common)
