from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from spolu.core.errors import SpoluError, StaleObjectError
from spolu.courses import queries, services_exams
from spolu.courses.models import ExamPart, ExamResult, ExamSection, ExamType, SectionScore
from spolu.courses.testing import LateInTheDay
from spolu.testing import SpoluTestCase, make_client


def sections(exam_type: str) -> dict[str, ExamSection]:
    return {s.code: s for s in ExamSection.objects.filter(part__exam_type_id=exam_type)}


class ExamRulesAreDataTest(LateInTheDay, SpoluTestCase):
    def test_the_a2_exam_is_seeded_with_its_points_and_pass_marks(self):
        a2 = ExamType.objects.get(code="a2_permanent_residence")
        parts = {p.code: p for p in a2.parts.prefetch_related("sections")}
        self.assertEqual(
            {s.code: s.max_points for s in parts["written"].sections.all()},
            {"reading": 25, "writing": 20, "listening": 25},
        )
        self.assertEqual((parts["written"].max_points, parts["written"].pass_points), (70, 42))
        self.assertEqual((parts["oral"].max_points, parts["oral"].pass_points), (40, 24))

    def test_the_citizenship_exam_has_the_civics_test(self):
        civics = ExamPart.objects.get(exam_type_id="b1_citizenship", code="civics")
        self.assertEqual((civics.max_points, civics.pass_points), (30, 18))

    def test_a_changed_pass_mark_changes_the_verdict_without_code(self):
        a2 = ExamType.objects.get(code="a2_permanent_residence")
        parts = list(a2.parts.prefetch_related("sections"))
        s = sections("a2_permanent_residence")
        points = {
            s["reading"].pk: 15,
            s["listening"].pk: 15,
            s["writing"].pk: 12,
            s["speaking"].pk: 24,
        }
        self.assertTrue(queries.evaluate(parts, points).passed)
        ExamPart.objects.filter(exam_type=a2, code="written").update(pass_points=50)
        parts = list(a2.parts.prefetch_related("sections"))
        self.assertFalse(queries.evaluate(parts, points).passed)


class ExamResultTest(LateInTheDay, SpoluTestCase):
    def setUp(self):
        self.sitting = services_exams.sitting_create(
            actor=self.tom,
            exam_type=ExamType.objects.get(code="a2_permanent_residence"),
            office=self.usti,
            date=timezone.localdate(),
            place="Velká Hradební 48",
            examiner=self.tom,
        )
        self.candidate = make_client(self.usti)
        self.result = services_exams.candidate_add(
            actor=self.tom, sitting=self.sitting, client=self.candidate
        )
        self.s = sections("a2_permanent_residence")

    def record(self, **points):
        self.result.refresh_from_db()
        return services_exams.result_record(
            actor=self.tom,
            result=self.result,
            expected_version=self.result.version,
            points={self.s[k].pk: v for k, v in points.items()},
        )

    def test_a_candidate_passes_with_42_written_and_24_spoken(self):
        result = self.record(reading=17, listening=15, writing=10, speaking=24)
        self.assertTrue(result.passed)
        self.assertEqual(result.total_points, 66)

    def test_41_written_points_fail_even_with_full_speaking(self):
        result = self.record(reading=16, listening=15, writing=10, speaking=40)
        self.assertFalse(result.passed)

    def test_23_spoken_points_fail_even_with_full_written_part(self):
        result = self.record(reading=25, listening=25, writing=20, speaking=23)
        self.assertFalse(result.passed)

    def test_missing_sections_leave_the_result_open(self):
        result = self.record(reading=25, listening=25)
        self.assertIsNone(result.passed)

    def test_points_above_the_maximum_are_refused_and_nothing_is_saved(self):
        with self.assertRaises(ValidationError) as caught:
            self.record(reading=26, listening=10, writing=10, speaking=30)
        self.assertIn(f"section_{self.s['reading'].pk}", caught.exception.message_dict)
        self.assertFalse(SectionScore.objects.filter(result=self.result).exists())

    def test_negative_points_are_refused(self):
        with self.assertRaises(ValidationError):
            self.record(reading=-1)

    def test_a_score_of_another_exam_is_refused(self):
        other = sections("b1_citizenship")["civics"]
        self.result.refresh_from_db()
        with self.assertRaises(SpoluError):
            services_exams.result_record(
                actor=None,
                result=self.result,
                expected_version=self.result.version,
                points={other.pk: 20},
            )

    def test_scores_wait_until_the_exam_took_place(self):
        self.sitting.date = timezone.localdate() + timedelta(days=3)
        self.sitting.save()
        with self.assertRaises(SpoluError) as caught:
            self.record(reading=20)
        self.assertEqual(caught.exception.code, "future_exam")

    def test_an_absent_candidate_has_no_verdict(self):
        self.result.refresh_from_db()
        result = services_exams.result_record(
            actor=None,
            result=self.result,
            expected_version=self.result.version,
            points={self.s["reading"].pk: 20},
            absent=True,
        )
        self.assertTrue(result.absent)
        self.assertIsNone(result.passed)
        self.assertFalse(result.scores.exists())

    def test_a_stale_score_sheet_is_refused(self):
        version = self.result.version
        self.record(reading=20)
        with self.assertRaises(StaleObjectError):
            services_exams.result_record(
                actor=None, result=self.result, expected_version=version, points={}
            )

    def test_a_candidate_is_added_once_per_sitting(self):
        with self.assertRaises(SpoluError) as caught:
            services_exams.candidate_add(actor=None, sitting=self.sitting, client=self.candidate)
        self.assertEqual(caught.exception.code, "already_candidate")

    def test_a_candidate_with_scores_is_not_removed(self):
        self.record(reading=20)
        self.result.refresh_from_db()
        with self.assertRaises(SpoluError):
            services_exams.candidate_remove(actor=None, result=self.result)

    def test_the_exam_of_a_sitting_with_scores_cannot_change(self):
        self.record(reading=20)
        with self.assertRaises(SpoluError):
            services_exams.sitting_update(
                actor=None,
                sitting=self.sitting,
                exam_type=ExamType.objects.get(code="b1_citizenship"),
            )

    def test_the_history_lists_every_sitting_of_a_candidate(self):
        self.record(reading=10, listening=10, writing=10, speaking=10)
        later = services_exams.sitting_create(
            actor=None,
            exam_type=ExamType.objects.get(code="a2_permanent_residence"),
            office=self.usti,
            date=timezone.localdate(),
            place="Ústí",
        )
        services_exams.candidate_add(actor=None, sitting=later, client=self.candidate)
        results = (
            ExamResult.objects.filter(client=self.candidate)
            .select_related("sitting")
            .prefetch_related("scores")
        )
        rows = queries.result_rows(list(results))
        self.assertEqual(len(rows), 2)
        self.assertEqual(sorted(str(r.evaluation.passed) for r in rows), ["False", "None"])
