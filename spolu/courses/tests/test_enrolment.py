import threading
import time
from datetime import date, timedelta

from django.db import OperationalError, close_old_connections, connection
from django.test import TransactionTestCase
from django.utils import timezone

from spolu.core.errors import SpoluError
from spolu.core.models import District, Office
from spolu.courses import services
from spolu.courses.models import CourseKind, Enrolment, EnrolmentStatus
from spolu.courses.testing import LateInTheDay, enrol, make_course
from spolu.testing import SpoluTestCase, make_client


class EnrolmentTest(LateInTheDay, SpoluTestCase):
    def setUp(self):
        self.course = make_course(self.usti, capacity=2)
        self.clients = [
            make_client(self.usti, first_name_latin=f"Client{i}", last_name_latin=f"Test{i}")
            for i in range(4)
        ]

    def test_participants_take_free_places_and_then_wait(self):
        first, second, third = (enrol(self.course, c) for c in self.clients[:3])
        self.assertEqual(first.status, EnrolmentStatus.ENROLLED)
        self.assertEqual(second.status, EnrolmentStatus.ENROLLED)
        self.assertEqual(third.status, EnrolmentStatus.WAITING)
        self.assertIsNone(third.enrolled_on)

    def test_a_drop_out_moves_the_longest_waiting_up(self):
        first, _second, third, fourth = (enrol(self.course, c) for c in self.clients)
        _dropped, promoted = services.enrolment_drop(
            actor=None, enrolment=first, reason="moved away"
        )
        self.assertEqual(promoted, [third])
        third.refresh_from_db()
        fourth.refresh_from_db()
        self.assertEqual(third.status, EnrolmentStatus.ENROLLED)
        self.assertEqual(third.enrolled_on, timezone.localdate())
        self.assertEqual(fourth.status, EnrolmentStatus.WAITING)

    def test_a_larger_capacity_moves_the_waiting_list_up(self):
        for client in self.clients:
            enrol(self.course, client)
        _course, _change, promoted = services.course_update(
            actor=None, course=self.course, expected_version=self.course.version, capacity=4
        )
        self.assertEqual(len(promoted), 2)
        self.assertEqual(self.course.enrolments.holding_places().count(), 4)

    def test_the_capacity_cannot_drop_below_the_enrolled(self):
        enrol(self.course, self.clients[0])
        enrol(self.course, self.clients[1])
        with self.assertRaises(SpoluError) as caught:
            services.course_update(
                actor=None, course=self.course, expected_version=self.course.version, capacity=1
            )
        self.assertEqual(caught.exception.code, "capacity_below_enrolled")

    def test_an_application_takes_no_place_until_confirmed(self):
        applicant = enrol(self.course, self.clients[0], application_only=True)
        self.assertEqual(applicant.status, EnrolmentStatus.APPLIED)
        self.assertEqual(services.free_places(self.course), 2)
        confirmed = services.enrolment_confirm(actor=None, enrolment=applicant)
        self.assertEqual(confirmed.status, EnrolmentStatus.ENROLLED)

    def test_a_confirmed_application_waits_when_the_course_filled_up(self):
        applicant = enrol(self.course, self.clients[0], application_only=True)
        enrol(self.course, self.clients[1])
        enrol(self.course, self.clients[2])
        confirmed = services.enrolment_confirm(actor=None, enrolment=applicant)
        self.assertEqual(confirmed.status, EnrolmentStatus.WAITING)

    def test_a_client_is_enrolled_only_once(self):
        enrol(self.course, self.clients[0])
        with self.assertRaises(SpoluError) as caught:
            enrol(self.course, self.clients[0])
        self.assertEqual(caught.exception.code, "already_enrolled")

    def test_an_ended_or_cancelled_course_takes_nobody(self):
        ended = make_course(self.usti, start=date(2024, 1, 8), weeks=4)
        with self.assertRaises(SpoluError) as caught:
            enrol(ended, self.clients[0])
        self.assertEqual(caught.exception.code, "course_ended")
        services.course_cancel(actor=None, course=self.course, expected_version=self.course.version)
        with self.assertRaises(SpoluError) as caught:
            enrol(self.course, self.clients[0])
        self.assertEqual(caught.exception.code, "course_cancelled")

    def test_an_ineligible_client_is_enrolled_all_the_same(self):
        applicant = make_client(self.usti, residence="asylum_applicant")
        enrolment = enrol(self.course, applicant)
        self.assertEqual(enrolment.status, EnrolmentStatus.ENROLLED)
        self.assertFalse(applicant.eligible_on(timezone.localdate()))

    def test_a_merged_client_record_cannot_be_enrolled(self):
        duplicate = self.clients[3]
        duplicate.merged_into = self.clients[0]
        duplicate.save()
        with self.assertRaises(SpoluError) as caught:
            enrol(self.course, duplicate)
        self.assertEqual(caught.exception.code, "merged_client")

    def test_a_drop_out_cannot_be_in_the_future_or_before_enrolment(self):
        enrolment = enrol(self.course, self.clients[0])
        with self.assertRaises(SpoluError):
            services.enrolment_drop(
                actor=None, enrolment=enrolment, dropped_on=timezone.localdate() + timedelta(days=1)
            )
        with self.assertRaises(SpoluError):
            services.enrolment_drop(
                actor=None, enrolment=enrolment, dropped_on=timezone.localdate() - timedelta(days=1)
            )

    def test_a_stale_edit_of_a_participant_is_refused(self):
        from spolu.core.errors import StaleObjectError

        enrolment = enrol(self.course, self.clients[0])
        services.enrolment_update(
            actor=None, enrolment=enrolment, expected_version=enrolment.version, entry_level=1
        )
        with self.assertRaises(StaleObjectError):
            services.enrolment_update(
                actor=None, enrolment=enrolment, expected_version=enrolment.version, exit_level=2
            )

    def test_levels_are_recorded_for_progress(self):
        enrolment = enrol(self.course, self.clients[0], entry_level=1)
        updated = services.enrolment_update(
            actor=None, enrolment=enrolment, expected_version=enrolment.version, exit_level=2
        )
        self.assertTrue(updated.improved)


class ChildrenAndProfessionalsTest(LateInTheDay, SpoluTestCase):
    def test_a_child_needs_a_guardian_in_a_tutoring_group(self):
        course = make_course(self.usti, kind=CourseKind.TUTORING, title="Doučování", level=None)
        child = make_client(self.usti, birth_date=timezone.localdate() - timedelta(days=365 * 10))
        with self.assertRaises(SpoluError) as caught:
            enrol(course, child)
        self.assertEqual(caught.exception.code, "guardian_missing")
        enrolment = enrol(course, child, guardian_name="Olena Shevchenko (mother)")
        self.assertEqual(enrolment.guardian_name, "Olena Shevchenko (mother)")

    def test_the_guardian_of_the_client_file_is_used(self):
        course = make_course(self.usti, kind=CourseKind.TUTORING, title="Doučování", level=None)
        mother = make_client(self.usti, first_name="Олена", first_name_latin="Olena", sex="F")
        child = make_client(self.usti, birth_date=timezone.localdate() - timedelta(days=365 * 9))
        child.guardian = mother
        child.save()
        enrolment = enrol(course, child)
        self.assertEqual(enrolment.guardian, mother)

    def test_professionals_are_enrolled_by_name_not_as_clients(self):
        course = make_course(
            self.usti,
            kind=CourseKind.PROFESSIONALS,
            title="Čeština jako cizí jazyk pro učitele",
            level=None,
        )
        enrolment = services.enrolment_create(
            actor=None,
            course=course,
            professional=services.Professional("Mgr. Jana Malá", "ZŠ Vojnovičova", "teacher"),
        )
        self.assertIsNone(enrolment.client)
        self.assertEqual(enrolment.participant_name, "Mgr. Jana Malá")
        self.assertEqual(course.activity_id, "A12")
        with self.assertRaises(SpoluError) as caught:
            enrol(course, make_client(self.usti))
        self.assertEqual(caught.exception.code, "professional_expected")

    def test_a_client_course_refuses_a_professional(self):
        course = make_course(self.usti)
        with self.assertRaises(SpoluError) as caught:
            services.enrolment_create(
                actor=None, course=course, professional=services.Professional("Someone")
            )
        self.assertEqual(caught.exception.code, "client_expected")


class LastPlaceRaceTest(TransactionTestCase):
    """Two staff enrol the last place at the same moment: exactly one gets it."""

    def test_two_simultaneous_enrolments_never_exceed_the_capacity(self):
        from django.apps import apps

        from spolu.core import reference_data

        reference_data.load(apps)
        office = Office.objects.create(
            code="usti", name="Ústí", address="x", district=District.objects.get(code="CZ0427")
        )
        course = make_course(office, capacity=1)
        clients = [make_client(office, first_name_latin=f"Racer{i}") for i in range(2)]
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def enrol_one(client):
            try:
                barrier.wait(timeout=10)
                for _attempt in range(100):
                    try:
                        services.enrolment_create(actor=None, course=course, client=client)
                        break
                    except OperationalError as exc:
                        # SQLite's in-memory test database refuses a second writer outright
                        # ("table is locked") instead of making it wait: retry like a user would.
                        # PostgreSQL makes it wait on the course row lock instead.
                        if "locked" not in str(exc):
                            raise
                        time.sleep(0.02)
            except BaseException as exc:
                errors.append(exc)
            finally:
                close_old_connections()
                connection.close()

        threads = [threading.Thread(target=enrol_one, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        self.assertEqual(errors, [])
        statuses = sorted(Enrolment.objects.filter(course=course).values_list("status", flat=True))
        self.assertEqual(statuses, [EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING])
