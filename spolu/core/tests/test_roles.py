from django.contrib.auth.models import Group

from spolu.core import roles
from spolu.core.roles import roles_sync
from spolu.testing import SpoluTestCase


class RolesTest(SpoluTestCase):
    def test_every_role_of_the_design_is_a_group(self):
        self.assertEqual(
            set(Group.objects.values_list("name", flat=True)),
            {
                "receptionist",
                "social_worker",
                "lawyer",
                "teacher",
                "field_worker",
                "coordinator",
                "auditor",
                "administrator",
            },
        )

    def test_every_permission_given_to_a_role_exists(self):
        self.assertEqual(roles_sync(), [])

    def test_sync_makes_groups_match_exactly(self):
        group = Group.objects.get(name=roles.RECEPTIONIST)
        extra = Group.objects.get(name=roles.ADMINISTRATOR).permissions.first()
        group.permissions.add(extra)
        roles_sync()
        self.assertNotIn(extra, group.permissions.all())

    def test_only_central_roles_see_every_office(self):
        allowed = {u.username for u in (self.alice, self.audrey, self.adam)}
        for user in (
            self.alice,
            self.rita,
            self.sam,
            self.lara,
            self.tom,
            self.filip,
            self.audrey,
            self.adam,
            self.nora,
        ):
            with self.subTest(user=user.username):
                self.assertEqual(user.has_perm("core.view_all_offices"), user.username in allowed)

    def test_a_user_may_have_several_roles(self):
        self.sam.groups.add(Group.objects.get(name=roles.LAWYER))
        self.sam.refresh_from_db()
        self.assertTrue(self.sam.has_role(roles.LAWYER))
        self.assertTrue(self.sam.has_role(roles.SOCIAL_WORKER))
