from django.urls import reverse

from spolu.counselling.models import Topic
from spolu.testing import SpoluTestCase


class TopicAdminTest(SpoluTestCase):
    def test_an_administrator_adds_a_topic(self):
        self.login(self.adam)
        response = self.client.post(
            reverse("admin:counselling_topic_add"),
            {
                "code": "tax_returns",
                "name_cs": "Daňové přiznání",
                "name_en": "Tax returns",
                "order": "95",
                "active": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        topic = Topic.objects.get(code="tax_returns")
        self.assertEqual((topic.name_cs, topic.order, topic.active), ("Daňové přiznání", 95, True))

    def test_an_administrator_retires_a_topic_but_keeps_its_code(self):
        self.login(self.adam)
        response = self.client.post(
            reverse("admin:counselling_topic_change", args=["housing"]),
            {"code": "renamed", "name_cs": "Bydlení", "name_en": "Housing", "order": "3"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Topic.objects.get(code="housing").active)
        self.assertFalse(Topic.objects.filter(code="renamed").exists())

    def test_other_roles_cannot_reach_the_topics(self):
        for user in (self.alice, self.sam, self.lara, self.nora):
            self.login(user)
            with self.subTest(user=user.username):
                response = self.client.get(reverse("admin:counselling_topic_add"), follow=True)
                self.assertEqual(response.status_code, 403)
                response = self.client.get(
                    reverse("admin:counselling_topic_changelist"), follow=True
                )
                self.assertEqual(response.status_code, 403)
