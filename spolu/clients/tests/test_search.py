"""One search box finds a client by any spelling (runs on SQLite and on PostgreSQL)."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test import SimpleTestCase

from spolu.clients import services
from spolu.clients.models import Client
from spolu.clients.search import (
    likely_duplicates,
    normalise,
    parse_query,
    search_clients,
    search_text_for,
    spelling_key,
)
from spolu.core.models import ResidenceCategory
from spolu.testing import SpoluTestCase, make_client


class SpellingKeyTest(SimpleTestCase):
    def assertSameKey(self, *spellings: str) -> None:
        keys = {spelling_key(normalise(s)) for s in spellings}
        self.assertEqual(len(keys), 1, f"{spellings} give {keys}")

    def test_normalise_drops_diacritics_case_and_soft_signs(self):
        self.assertEqual(normalise("Nguyễn Thị Hương"), "nguyen thi huong")
        self.assertEqual(normalise("Хмельницький"), "khmelnitskii")
        self.assertEqual(normalise("Мар'яна O’Brien"), "mariana obrien")

    def test_ukrainian_russian_and_english_romanisations_meet(self):
        self.assertSameKey("Олександр", "Oleksandr", "Aleksandr", "Alexander", "Alexandr")
        self.assertSameKey("Григорій", "Hryhorii", "Grigoriy", "Hryhoriy", "Grigorij")
        self.assertSameKey("Юлія", "Yuliia", "Yulia", "Julija", "Iuliia")
        self.assertSameKey("Наталія", "Nataliia", "Natalya", "Nataliya", "Natalija")
        self.assertSameKey("Шевченко", "Shevchenko", "Ševčenko", "Schewtschenko", "Szewczenko")
        self.assertSameKey("Хмельницький", "Khmelnytskyi", "Khmelnitsky", "Chmelnyckyj")
        self.assertSameKey("Євген", "Yevhen", "Ievhen", "Evhen")
        self.assertSameKey("Цой", "Tsoi", "Tsoy", "Coj")
        self.assertSameKey("Ольга", "Olga", "Olha")
        self.assertSameKey("Баярмаа", "Bayarmaa", "Bajarmaa")

    def test_different_names_keep_different_keys(self):
        pairs = [("Huong", "Hoang"), ("Olena", "Oleksandr"), ("Lan", "Linh"), ("Ivan", "Ivana")]
        for a, b in pairs:
            with self.subTest(a=a, b=b):
                self.assertNotEqual(spelling_key(normalise(a)), spelling_key(normalise(b)))


class QueryParsingTest(SimpleTestCase):
    def terms(self, query: str) -> list[str]:
        return [t.text for t in parse_query(query)[0]]

    def test_dates_in_iso_and_czech_form_become_one_number(self):
        for query in ["1985-03-14", "14.3.1985", "14. 3. 1985", "14.03.1985", "14/3/1985"]:
            with self.subTest(query=query):
                self.assertEqual(self.terms(query), ["19850314"])

    def test_an_impossible_date_is_not_a_date(self):
        self.assertNotIn("19853114", self.terms("31.14.1985"))

    def test_phone_numbers_lose_spaces_and_the_czech_prefix(self):
        for query in ["777 123 456", "+420 777 123 456", "00420777123456", "777-123-456"]:
            with self.subTest(query=query):
                self.assertEqual(self.terms(query), ["777123456"])

    def test_a_permit_number_with_spaces_is_also_read_as_one_code(self):
        readings = [[t.text for t in alt] for alt in parse_query("ZOV 1234567")]
        self.assertIn(["zov1234567"], readings)


class SearchTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.oleksandr = make_client(
            cls.usti, phone="+420 777 123 456", residence=None, birth_date=date(1985, 3, 14)
        )
        services.residence_status_add(
            client=cls.oleksandr,
            category=ResidenceCategory.objects.get(code="temporary_protection"),
            valid_from=date(2022, 3, 1),
            permit_number="ZOV 1234567",
        )
        cls.olena = make_client(
            cls.usti,
            first_name="Олена",
            first_name_latin="Olena",
            sex="F",
            birth_date=date(1987, 6, 2),
        )
        cls.huong = make_client(
            cls.usti,
            first_name="Thị Hương",
            last_name="Nguyễn",
            first_name_latin="Thi Huong",
            last_name_latin="Nguyen",
            sex="F",
            birth_date=date(1990, 7, 2),
            citizenship="VN",
            phone="608 555 111",
            residence="residence_permanent",
        )
        cls.hoang = make_client(
            cls.usti,
            first_name="Văn Hoàng",
            last_name="Nguyễn",
            first_name_latin="Van Hoang",
            last_name_latin="Nguyen",
            birth_date=date(1979, 1, 20),
            citizenship="VN",
            residence="residence_permanent",
        )
        cls.lan = make_client(
            cls.usti,
            first_name="Thị Lan",
            last_name="Trần",
            first_name_latin="Thi Lan",
            last_name_latin="Tran",
            sex="F",
            birth_date=date(1992, 11, 5),
            citizenship="VN",
            residence="residence_permanent",
        )
        cls.hryhorii = make_client(
            cls.usti,
            first_name="Григорій",
            last_name="Коваленко",
            first_name_latin="Hryhorii",
            last_name_latin="Kovalenko",
            birth_date=date(1961, 9, 30),
        )
        cls.yuliia = make_client(
            cls.usti,
            first_name="Юлія",
            last_name="Бондаренко",
            first_name_latin="Yuliia",
            last_name_latin="Bondarenko",
            sex="F",
            birth_date=date(2001, 2, 17),
        )
        cls.bayarmaa = make_client(
            cls.usti,
            first_name="Баярмаа",
            last_name="Ганболд",
            first_name_latin="Bayarmaa",
            last_name_latin="Ganbold",
            sex="F",
            birth_date=date(1994, 4, 4),
            citizenship="MN",
            residence="residence_long",
        )
        # The same name in another office: never found through Ústí's clients.
        cls.teplice_oleksandr = make_client(cls.teplice, birth_date=date(1985, 3, 14))

    def search(self, query: str) -> list[Client]:
        return search_clients(Client.objects.filter(office=self.usti), query)

    def assertFinds(self, query: str, *expected: Client, only: bool = False) -> None:
        found = self.search(query)
        self.assertTrue(found, f"{query!r} found nobody")
        self.assertEqual(found[0], expected[0], f"{query!r} found {found}")
        for client in expected:
            self.assertIn(client, found, query)
        if only:
            self.assertEqual(set(found), set(expected), f"{query!r} found {found}")

    def test_it_finds_a_ukrainian_client_by_cyrillic_and_every_latin_spelling(self):
        for query in [
            "Олександр Шевченко",
            "Oleksandr Shevchenko",
            "Alexander Shevchenko",
            "Aleksandr Shevchenko",
            "Alexandr Ševčenko",
            "Oleksandr Schewtschenko",
            "Александр Шевченко",
        ]:
            with self.subTest(query=query):
                self.assertFinds(query, self.oleksandr, only=True)

    def test_it_finds_first_and_last_name_in_either_order(self):
        self.assertFinds("Shevchenko Oleksandr", self.oleksandr, only=True)
        self.assertFinds("Шевченко Олександр", self.oleksandr, only=True)
        self.assertFinds("Huong Nguyen", self.huong, only=True)

    def test_a_surname_finds_the_whole_family_with_an_exact_first_name_first(self):
        self.assertFinds("Shevchenko", self.oleksandr, self.olena, only=True)
        self.assertFinds("Olena Shevchenko", self.olena, only=True)

    def test_it_finds_vietnamese_names_with_or_without_diacritics(self):
        for query in ["Nguyễn Thị Hương", "Nguyen Thi Huong", "nguyen thi huong", "Hương"]:
            with self.subTest(query=query):
                self.assertFinds(query, self.huong, only=True)
        self.assertFinds("Nguyen", self.huong, self.hoang, only=True)

    def test_it_tells_similar_vietnamese_names_apart(self):
        self.assertFinds("Nguyen Hoang", self.hoang, only=True)
        self.assertFinds("Thi Lan", self.lan, only=True)

    def test_it_finds_ukrainian_names_in_russian_romanisation(self):
        self.assertFinds("Grigoriy Kovalenko", self.hryhorii, only=True)
        self.assertFinds("Григорий Коваленко", self.hryhorii, only=True)
        for query in ["Julija Bondarenko", "Iuliia Bondarenko", "Yulia Bondarenko", "Юлия"]:
            with self.subTest(query=query):
                self.assertFinds(query, self.yuliia, only=True)

    def test_it_finds_mongolian_names_in_both_scripts(self):
        self.assertFinds("Баярмаа Ганболд", self.bayarmaa, only=True)
        self.assertFinds("Bayarmaa Ganbold", self.bayarmaa, only=True)
        self.assertFinds("Bajarmaa", self.bayarmaa, only=True)

    def test_it_tolerates_small_typos(self):
        for query, client in [
            ("Shevchneko Oleksandr", self.oleksandr),
            ("Oleksnadr Shevchenko", self.oleksandr),
            ("Olekandr Shevcenko", self.oleksandr),
            ("Nguyen Thi Houng", self.huong),
            ("Nguyn Thi Huong", self.huong),
            ("Ngyuen Thi Huong", self.huong),
            ("Olena Shevhcenko", self.olena),
            ("Bondarneko", self.yuliia),
            ("Kovalenco Hryhori", self.hryhorii),
        ]:
            with self.subTest(query=query):
                self.assertFinds(query, client, only=True)

    def test_a_new_name_is_found_with_a_typo_at_once(self):
        polish = make_client(
            self.usti,
            first_name="Grzegorz",
            last_name="Brzęczyszczykiewicz",
            first_name_latin="",
            last_name_latin="",
            citizenship="PL",
            residence="eu_citizen",
        )
        self.assertFinds("Brzeczyszczykewicz Grzegorz", polish, only=True)
        self.assertFinds("Grzegrz", polish, only=True)

    def test_the_exact_spelling_ranks_above_a_near_one(self):
        ivan = make_client(self.usti, first_name="Іван", first_name_latin="Ivan")
        ivana = make_client(self.usti, first_name="Івана", first_name_latin="Ivana", sex="F")
        self.assertEqual(self.search("Ivan Shevchenko")[0], ivan)
        self.assertEqual(self.search("Ivana Shevchenko")[0], ivana)

    def test_it_finds_a_name_while_it_is_typed(self):
        self.assertFinds("Shev", self.oleksandr, self.olena, only=True)
        self.assertFinds("Олек", self.oleksandr, only=True)
        self.assertFinds("Nguyen Th", self.huong, only=True)

    def test_it_finds_a_client_by_date_of_birth_in_iso_and_czech_form(self):
        for query in ["1985-03-14", "14.3.1985", "14. 3. 1985", "14.03.1985"]:
            with self.subTest(query=query):
                self.assertFinds(query, self.oleksandr, only=True)
        self.assertFinds("Shevchenko 2. 6. 1987", self.olena, only=True)

    def test_it_finds_a_client_by_phone_with_or_without_the_country_code(self):
        for query in ["777123456", "+420 777 123 456", "00420 777 123 456", "777 123"]:
            with self.subTest(query=query):
                self.assertFinds(query, self.oleksandr, only=True)
        self.assertFinds("+420608555111", self.huong, only=True)

    def test_it_finds_a_client_by_permit_number(self):
        for query in ["ZOV1234567", "zov 1234567", "ZOV 1234567"]:
            with self.subTest(query=query):
                self.assertFinds(query, self.oleksandr, only=True)

    def test_it_finds_a_client_by_an_alias(self):
        services.alias_add(client=self.olena, name="Alona Petrenko")
        self.assertFinds("Petrenko", self.olena, only=True)
        self.assertFinds("Alona Shevchenko", self.olena, only=True)

    def test_it_finds_nobody_for_an_unknown_name_or_a_single_letter(self):
        self.assertEqual(self.search("Smith"), [])
        self.assertEqual(self.search("Novak Jan"), [])
        self.assertEqual(self.search("s"), [])
        self.assertEqual(self.search("   "), [])
        self.assertEqual(self.search("31.12.1999"), [])

    def test_it_searches_only_the_given_clients(self):
        found = search_clients(Client.objects.all(), "Oleksandr Shevchenko")
        self.assertEqual(set(found), {self.oleksandr, self.teplice_oleksandr})
        self.assertNotIn(self.teplice_oleksandr, self.search("Oleksandr Shevchenko"))
        self.assertEqual(search_clients(Client.objects.none(), "Shevchenko"), [])

    def test_it_returns_at_most_the_limit(self):
        found = search_clients(Client.objects.all(), "Shevchenko", limit=2)
        self.assertEqual(len(found), 2)

    def test_a_long_or_strange_query_does_not_break_it(self):
        self.assertEqual(self.search("%_' OR 1=1 --"), [])
        self.assertEqual(self.search("x" * 500), [])
        self.assertIsInstance(self.search("ш " * 40), list)

    def test_the_search_text_holds_names_keys_and_numbers(self):
        text = search_text_for(self.oleksandr, ["Sasha"], ["ZOV 1234567"])
        names, keys, numbers = text.split(" | ")
        self.assertEqual(names, "oleksandr shevchenko sasha")
        self.assertEqual(keys, "aleksandr sevcenka sasa")
        self.assertEqual(numbers, "19850314 14031985 777123456 420777123456 zov1234567")

    def test_search_uses_the_trigram_index_on_postgresql(self):
        if connection.vendor != "postgresql":
            self.assertEqual(connection.vendor, "sqlite")
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'clients_client_search_trgm'"
            )
            self.assertIn("gin_trgm_ops", cursor.fetchone()[0])


class LikelyDuplicatesTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.oleksandr = make_client(cls.usti, phone="777 123 456")
        cls.son = make_client(
            cls.usti, birth_date=date(2010, 5, 1), first_contact_date=date(2024, 1, 10)
        )
        cls.olena = make_client(
            cls.usti,
            first_name="Олена",
            first_name_latin="Olena",
            last_name="Петренко",
            last_name_latin="Petrenko",
            sex="F",
            birth_date=date(1987, 6, 2),
        )

    def duplicates(self, **fields) -> list[Client]:
        return likely_duplicates(Client.objects.filter(office=self.usti), **fields)

    def test_the_same_name_in_another_spelling_is_a_likely_duplicate(self):
        found = self.duplicates(
            first_name="Александр", last_name="Шевченко", birth_date=date(1985, 3, 14)
        )
        self.assertEqual(found, [self.oleksandr])

    def test_the_same_name_without_a_birth_date_lists_both_namesakes(self):
        found = self.duplicates(first_name_latin="Alexander", last_name_latin="Shevchenko")
        self.assertEqual(set(found), {self.oleksandr, self.son})

    def test_a_namesake_born_on_another_day_is_not_a_duplicate(self):
        found = self.duplicates(
            first_name_latin="Oleksandr", last_name_latin="Shevchenko", birth_date="2010-05-01"
        )
        self.assertEqual(found, [self.son])

    def test_the_same_phone_is_a_likely_duplicate_whatever_the_name(self):
        found = self.duplicates(first_name="Sasha", last_name="Novak", phone="+420777123456")
        self.assertEqual(found, [self.oleksandr])

    def test_the_same_birth_date_and_first_name_after_a_change_of_surname(self):
        found = self.duplicates(
            first_name_latin="Olena", last_name_latin="Shevchenko", birth_date="2. 6. 1987"
        )
        self.assertEqual(found, [self.olena])

    def test_a_different_person_is_not_a_duplicate(self):
        self.assertEqual(self.duplicates(first_name="Jana", last_name="Nováková"), [])
        self.assertEqual(self.duplicates(last_name="Shevchenko", first_name="Petro"), [])
        self.assertEqual(self.duplicates(), [])

    def test_a_garbled_birth_date_is_ignored(self):
        found = self.duplicates(
            first_name_latin="Olena", last_name_latin="Petrenko", birth_date="not a date"
        )
        self.assertEqual(found, [self.olena])
