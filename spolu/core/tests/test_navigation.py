from django.urls import reverse

from spolu.testing import SpoluTestCase


class NavigationTest(SpoluTestCase):
    def test_the_menu_shows_only_what_the_role_may_open(self):
        self.login(self.adam)
        response = self.client.get(reverse("dashboard"))
        self.assertContains(response, f'href="{reverse("audit_list")}"')
        self.assertContains(response, f'href="{reverse("admin:index")}"')
        self.login(self.sam)
        response = self.client.get(reverse("dashboard"))
        self.assertNotContains(response, f'href="{reverse("audit_list")}"')
        self.assertNotContains(response, f'href="{reverse("admin:index")}"')

    def test_the_current_page_is_marked_for_screen_readers(self):
        self.login(self.adam)
        response = self.client.get(reverse("audit_list"))
        self.assertContains(response, 'aria-current="page"', count=1)
        response = self.client.get(reverse("dashboard"))
        self.assertContains(response, 'aria-current="page"', count=1)

    def test_related_entries_share_a_dropdown_and_a_lone_entry_stands_alone(self):
        self.login(self.alice)
        menu = self.client.get(reverse("dashboard")).context["main_menu"]
        groups = {
            e["group"]: [c["item"].key for c in e["children"]] for e in menu if "children" in e
        }
        self.assertIn("services", groups["work"])
        self.assertIn("reports", groups["reporting"])
        self.login(self.tom)
        menu = self.client.get(reverse("dashboard")).context["main_menu"]
        self.assertNotIn("work", [e.get("group") for e in menu])

    def test_the_dashboard_shows_the_users_offices(self):
        self.login(self.tereza)
        self.assertContains(self.client.get(reverse("dashboard")), "Teplice")
