"""Courses (A08, A09, A10, A12), their lessons, enrolments and attendance; mock exams (A09).

A `Course` has weekly `CourseSlot`s and `CourseBreak`s (holidays) from which its `Lesson`s are
generated; each lesson can then be moved or cancelled on its own. People take part through an
`Enrolment` — a client, or for trainings of professionals (A12) a named professional — and the
teacher records one `Attendance` row per lesson and enrolment. Completion is never typed: it is
computed from the attendance rate against the course's threshold (`services.completion_refresh`).

Mock exams are data: an `ExamType` has `ExamPart`s (each with a pass mark) made of
`ExamSection`s (each with a maximum), so a new exam format is a new exam type, not new code. An
`ExamSitting` is one date of a mock exam; an `ExamResult` holds one candidate's `SectionScore`s
and the pass/fail computed from them.

Facts for reports (DESIGN.md §5), all queryable with plain filters (see `queries.py`):
- engagement: an `Attendance` with status `present` — client `enrolment.client`, date
  `lesson.date`, activity `lesson.course.activity` (professionals of A12 have no client);
- hours: `Lesson.minutes` of lessons that took place (`Lesson.objects.held()`: not cancelled,
  dated on or before today), per `course.activity`;
- courses run: courses with at least one held lesson in the period;
- completions: enrolments with status `completed`, dated by `completed_on`;
- CEFR progress: enrolments whose `exit_level` is greater than `entry_level` (levels are numbers,
  so `exit_level__gt=F("entry_level")` is the whole rule);
- mock exams: `ExamResult` rows, dated by `sitting.date`, with the computed `passed`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from spolu.clients.models import Client
from spolu.core.models import Activity, Language, NamedInCzechAndEnglish, Office

COURSE_ACTIVITIES = ("A08", "A09", "A10", "A12")

Day = date  # inside Lesson, `date` is the field


class CEFRLevel(models.IntegerChoices):
    """Levels of the Common European Framework; numbers, so that progress is a comparison."""

    PRE_A1 = 0, _("pre-A1 (beginner)")
    A1 = 1, "A1"
    A2 = 2, "A2"
    B1 = 3, "B1"
    B2 = 4, "B2"
    C1 = 5, "C1"
    C2 = 6, "C2"


class CourseKind(models.TextChoices):
    CZECH = "czech", _("Czech language course")
    SOCIOCULTURAL = "sociocultural", _("Sociocultural orientation course")
    ADAPTATION = "adaptation", _("Adaptation-integration course")
    TUTORING = "tutoring", _("Tutoring group for children")
    EXAM_PREPARATION = "exam_preparation", _("Exam preparation")
    PROFESSIONALS = "professionals", _("Training for professionals")


# The activity each kind of course is reported under: the default first, then the others allowed.
KIND_ACTIVITIES: dict[str, tuple[str, ...]] = {
    CourseKind.CZECH: ("A08", "A09"),
    CourseKind.SOCIOCULTURAL: ("A10",),
    CourseKind.ADAPTATION: ("A10",),
    CourseKind.TUTORING: ("A09",),
    CourseKind.EXAM_PREPARATION: ("A09", "A08"),
    CourseKind.PROFESSIONALS: ("A12",),
}


class CourseQuerySet(models.QuerySet["Course"]):
    def visible_to(self, user: Any) -> CourseQuerySet:
        """Teachers see the courses they teach; other roles every course of their offices."""
        from spolu.core.access import office_q

        if not user.is_authenticated or not user.has_perm("courses.view_course"):
            return self.none()
        taught = Q(pk__in=Course.teachers.through.objects.filter(user_id=user.pk).values("course"))
        if user.has_perm("courses.view_office_courses"):
            scope = office_q(user)
            # An empty Q means every office (and `Q() | taught` would be just `taught`).
            return self.filter(scope | taught) if scope else self.all()
        return self.filter(taught)

    def editable_by(self, user: Any) -> CourseQuerySet:
        """Courses whose schedule, lessons and participants `user` may change."""
        if not user.has_perm("courses.change_course"):
            return self.none()
        return self.visible_to(user)

    def upcoming(self, today: date) -> CourseQuerySet:
        return self.filter(end_date__gte=today, cancelled=False)


class Course(models.Model):
    """A course with a schedule. Its activity decides where its lessons and attendance count."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="courses", verbose_name=_("office")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind.choices)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("activity"),
        limit_choices_to={"code__in": COURSE_ACTIVITIES},
    )
    title = models.CharField(_("title"), max_length=200)
    level = models.PositiveSmallIntegerField(
        _("target CEFR level"),
        choices=CEFRLevel.choices,
        null=True,
        blank=True,
        help_text=_(
            "The level the course leads to; empty for courses that are not about language."
        ),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown in the course catalogue.")
    )
    place = models.CharField(_("place"), max_length=250)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="taught_courses",
        verbose_name=_("teachers"),
        blank=True,
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        validators=[MinValueValidator(1)],
        help_text=_("Places for enrolled participants; further applicants wait in a queue."),
    )
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("language of instruction"),
    )
    interpretation_language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("interpreted into"),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    skip_public_holidays = models.BooleanField(
        _("skip public holidays"),
        default=True,
        help_text=_("No lessons are planned on Czech public holidays."),
    )
    completion_threshold = models.PositiveSmallIntegerField(
        _("attendance needed to complete (%)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("A participant completes the course when they attended at least this share."),
    )
    public = models.BooleanField(
        _("in the public catalogue"),
        default=True,
        help_text=_("Offered to the public on the portal while places are free."),
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title", "pk"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        permissions = [
            ("view_office_courses", _("Can see every course of their offices")),
            ("record_attendance", _("Can record attendance")),
            ("view_course_notes", _("Can read notes on participants and candidates")),
        ]
        indexes = [
            models.Index(fields=["office", "start_date"]),
            models.Index(fields=["end_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="course_ends_after_it_starts"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="course_has_a_place"),
            models.CheckConstraint(
                condition=Q(completion_threshold__gte=1, completion_threshold__lte=100),
                name="course_threshold_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day is before the first day.")
        if self.start_date and self.end_date and (self.end_date - self.start_date).days > 3 * 366:
            errors["end_date"] = _("A course cannot last longer than three years.")
        if self.kind and self.activity_id:
            allowed = KIND_ACTIVITIES.get(self.kind, ())
            if self.activity_id not in allowed:
                errors["activity"] = _(
                    "This kind of course is reported under %(codes)s, not %(code)s."
                ) % {"codes": ", ".join(allowed), "code": self.activity_id}
        if self.interpretation_language_id and (
            self.interpretation_language_id == self.language_id
        ):
            errors["interpretation_language"] = _(
                "Interpretation into the language of instruction is not interpretation."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def for_professionals(self) -> bool:
        """A12 participants are professionals (name, institution, role), not clients."""
        return self.kind == CourseKind.PROFESSIONALS

    @property
    def for_children(self) -> bool:
        return self.kind == CourseKind.TUTORING

    def state_on(self, today: date) -> str:
        if self.cancelled:
            return "cancelled"
        if today < self.start_date:
            return "upcoming"
        if today > self.end_date:
            return "finished"
        return "running"


class CourseSlot(models.Model):
    """A weekly time of the course (e.g. Tuesday 16:00–17:30), from which lessons are generated."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="slots", verbose_name=_("course")
    )
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))

    class Meta:
        ordering = ["weekday", "starts_at"]
        verbose_name = _("weekly time")
        verbose_name_plural = _("weekly times")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_it_starts"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="slot_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end is not after the start.")})


class CourseBreak(models.Model):
    """Days without lessons (school holidays, the teacher's leave): an exception to the slots."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="breaks", verbose_name=_("course")
    )
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["first_day"]
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="break_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_day} – {self.last_day}"

    def clean(self) -> None:
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValidationError({"last_day": _("The last day is before the first day.")})

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


class LessonQuerySet(models.QuerySet["Lesson"]):
    def visible_to(self, user: Any) -> LessonQuerySet:
        if not user.is_authenticated or not user.has_perm("courses.view_lesson"):
            return self.none()
        return self.filter(course__in=Course.objects.visible_to(user))

    def held(self, today: date | None = None) -> LessonQuerySet:
        """Lessons that took place: not cancelled and dated today or earlier."""
        return self.filter(cancelled=False, date__lte=today or timezone.localdate())


class Lesson(models.Model):
    """One lesson. `minutes` is its length (counted towards the activity's hours when held)."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course")
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), editable=False)
    place = models.CharField(
        _("place"), max_length=250, blank=True, help_text=_("Empty: the course's place.")
    )
    topic = models.CharField(_("what was taught"), max_length=300, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    moved_from = models.DateField(
        _("originally planned for"), null=True, blank=True, editable=False
    )
    # True while the lesson is exactly as the weekly slots generated it; a regenerated schedule
    # replaces only such lessons (and never one with attendance).
    generated = models.BooleanField(default=False, editable=False)
    attendance_recorded_at = models.DateTimeField(
        _("attendance recorded"), null=True, blank=True, editable=False
    )
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attendance recorded by"),
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        indexes = [
            models.Index(fields=["date"]),
            models.Index(fields=["course", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="lesson_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=24 * 60), name="lesson_minutes_in_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} – {self.date} {self.starts_at:%H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.minutes = self.length_in_minutes()
        super().save(*args, **kwargs)

    def length_in_minutes(self) -> int:
        start = datetime.combine(self.date, self.starts_at)
        end = datetime.combine(self.date, self.ends_at)
        return int((end - start) / timedelta(minutes=1))

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end is not after the start.")})

    @property
    def where(self) -> str:
        return self.place or self.course.place

    def starts(self) -> datetime:
        return datetime.combine(self.date, self.starts_at, timezone.get_current_timezone())

    def ends(self) -> datetime:
        return datetime.combine(self.date, self.ends_at, timezone.get_current_timezone())

    def is_future(self, now: datetime | None = None) -> bool:
        """Whether the lesson has not started yet: an afternoon lesson is still in the future in
        the morning of its day (no attendance or evidence for it before it begins)."""
        return self.starts() > (now or timezone.now())

    def took_place(self, today: Day | None = None) -> bool:
        """Held, for hours and attendance rates: not cancelled and dated `today` or earlier
        (the same rule as `LessonQuerySet.held`)."""
        return not self.cancelled and self.date <= (today or timezone.localdate())


def evidence_upload_to(instance: LessonEvidence, filename: str) -> str:
    import uuid

    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        instance.content_type, "bin"
    )
    return f"courses/lessons/{instance.lesson_id}/{uuid.uuid4().hex}.{extension}"


class LessonEvidence(models.Model):
    """A scan of the signed attendance sheet (or another proof) of a lesson, for auditors."""

    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("lesson")
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("lesson evidence")
        verbose_name_plural = _("lesson evidence")

    def __str__(self) -> str:
        return self.original_name


class EnrolmentStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    WAITING = "waiting", _("waiting list")
    ENROLLED = "enrolled", _("enrolled")
    COMPLETED = "completed", _("completed")
    DROPPED = "dropped", _("dropped out")


# Statuses that hold one of the course's places.
PLACE_HOLDING = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def visible_to(self, user: Any) -> EnrolmentQuerySet:
        """Participants of the courses `user` sees (teachers: of their own courses)."""
        if not user.is_authenticated or not user.has_perm("courses.view_enrolment"):
            return self.none()
        return self.filter(course__in=Course.objects.visible_to(user))

    def holding_places(self) -> EnrolmentQuerySet:
        return self.filter(status__in=PLACE_HOLDING)

    def active_on(self, day: date) -> EnrolmentQuerySet:
        """Enrolments whose participant was in the course on `day` (attendance may be recorded)."""
        return self.filter(
            status__in=(*PLACE_HOLDING, EnrolmentStatus.DROPPED),
            enrolled_on__lte=day,
        ).filter(Q(dropped_on__isnull=True) | Q(dropped_on__gt=day))


class Enrolment(models.Model):
    """A participant of a course: a client, or for A12 a professional (name, institution, role).

    Status runs applied → enrolled (or waiting list while the course is full) → completed or
    dropped out. `completed` is set only by `services.completion_refresh` from the attendance
    rate. `entry_level` (placement) and `exit_level` are CEFR levels as numbers.
    """

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("course")
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("client"),
    )
    professional_name = models.CharField(
        pgettext_lazy("person", "name"), max_length=200, blank=True
    )
    professional_institution = models.CharField(_("institution"), max_length=200, blank=True)
    professional_role = models.CharField(_("role"), max_length=200, blank=True)
    professional_email = models.EmailField(pgettext_lazy("address", "e-mail"), blank=True)
    guardian = models.ForeignKey(
        Client,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guarded_enrolments",
        verbose_name=_("guardian"),
    )
    guardian_name = models.CharField(_("guardian (if not a client)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.APPLIED
    )
    applied_on = models.DateField(_("applied on"))
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    dropped_on = models.DateField(_("dropped out on"), null=True, blank=True)
    drop_reason = models.CharField(_("reason for dropping out"), max_length=200, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    entry_level = models.PositiveSmallIntegerField(
        _("level at entry"),
        choices=CEFRLevel.choices,
        null=True,
        blank=True,
        help_text=_("From the placement test."),
    )
    exit_level = models.PositiveSmallIntegerField(
        _("level at exit"), choices=CEFRLevel.choices, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["course", "status", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        indexes = [
            models.Index(fields=["client"]),
            models.Index(fields=["course", "status"]),
            models.Index(fields=["completed_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "client"],
                condition=Q(client__isnull=False),
                name="enrolment_once_per_client_and_course",
            ),
            models.CheckConstraint(
                condition=(Q(client__isnull=False) & Q(professional_name=""))
                | (Q(client__isnull=True) & ~Q(professional_name="")),
                name="enrolment_is_a_client_or_a_professional",
            ),
            models.CheckConstraint(
                condition=Q(dropped_on__isnull=True)
                | Q(enrolled_on__isnull=True)
                | Q(dropped_on__gte=F("enrolled_on")),
                name="enrolment_dropped_after_enrolled",
            ),
            models.CheckConstraint(
                condition=Q(exit_level__isnull=True) | Q(exit_level__lte=6),
                name="enrolment_exit_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(entry_level__isnull=True) | Q(entry_level__lte=6),
                name="enrolment_entry_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_name} – {self.course}"

    @property
    def participant_name(self) -> str:
        if self.client_id:
            return self.client.display_name  # type: ignore[union-attr]
        return self.professional_name

    @property
    def improved(self) -> bool:
        return (
            self.entry_level is not None
            and self.exit_level is not None
            and self.exit_level > self.entry_level
        )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.client_id and self.professional_name:
            errors["professional_name"] = _("A participant is either a client or a professional.")
        if not self.client_id and not self.professional_name:
            errors["client"] = _("Choose a client or enter the professional's name.")
        if self.enrolled_on and self.dropped_on and self.dropped_on < self.enrolled_on:
            errors["dropped_on"] = _("The participant cannot drop out before enrolling.")
        if self.guardian_id and self.guardian_id == self.client_id:
            errors["guardian"] = _("A child cannot be their own guardian.")
        if errors:
            raise ValidationError(errors)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    ABSENT = "absent", _("absent")
    EXCUSED = "excused", _("excused")


class AttendanceQuerySet(models.QuerySet["Attendance"]):
    def visible_to(self, user: Any) -> AttendanceQuerySet:
        if not user.is_authenticated or not user.has_perm("courses.view_attendance"):
            return self.none()
        return self.filter(lesson__course__in=Course.objects.visible_to(user))

    def present(self) -> AttendanceQuerySet:
        return self.filter(status=AttendanceStatus.PRESENT)


class Attendance(models.Model):
    """Whether a participant was at a lesson. A `present` row is an engagement of the client."""

    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("lesson")
    )
    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("participant"),
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        indexes = [models.Index(fields=["enrolment", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "enrolment"], name="attendance_once_per_lesson"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} @ {self.lesson_id}: {self.status}"


# --- Mock exams (A09) -------------------------------------------------------------------------


class ExamType(NamedInCzechAndEnglish):
    """A kind of exam, e.g. the A2 exam for permanent residence. Its rules are its parts."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    level = models.PositiveSmallIntegerField(
        _("CEFR level"), choices=CEFRLevel.choices, null=True, blank=True
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("exam type")
        verbose_name_plural = _("exam types")

    def __str__(self) -> str:
        return self.name

    @property
    def max_points(self) -> int:
        return sum(part.max_points for part in self.parts.all())


class ExamPart(NamedInCzechAndEnglish):
    """A part of an exam that must be passed on its own (written part, speaking, civics test)."""

    exam_type = models.ForeignKey(
        ExamType, on_delete=models.CASCADE, related_name="parts", verbose_name=_("exam type")
    )
    code = models.SlugField(_("code"), max_length=40)
    pass_points = models.PositiveSmallIntegerField(
        _("points needed to pass"), help_text=_("The sum of the part's sections must reach this.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["exam_type", "order", "pk"]
        verbose_name = _("exam part")
        verbose_name_plural = _("exam parts")
        constraints = [
            models.UniqueConstraint(fields=["exam_type", "code"], name="exam_part_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def max_points(self) -> int:
        return sum(section.max_points for section in self.sections.all())

    def clean(self) -> None:
        # A part without sections yet (just added) has nothing to compare with; the sections'
        # own form checks the sum when they are edited (admin.SectionFormSet).
        if self.pk and self.pass_points is not None:
            check_pass_points(self, [s.max_points for s in self.sections.all()])


def check_pass_points(part: ExamPart, section_maxima: list[int]) -> None:
    """Refuse a pass mark that no candidate could reach: above the sum of the sections."""
    if section_maxima and part.pass_points > sum(section_maxima):
        raise ValidationError(
            {
                "pass_points": _(
                    "The points needed to pass (%(pass)d) are more than the sections give "
                    "together (%(max)d)."
                )
                % {"pass": part.pass_points, "max": sum(section_maxima)}
            }
        )


class ExamSection(NamedInCzechAndEnglish):
    """A scored section (reading, writing…) with its maximum points."""

    part = models.ForeignKey(
        ExamPart, on_delete=models.CASCADE, related_name="sections", verbose_name=_("part")
    )
    code = models.SlugField(_("code"), max_length=40)
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), validators=[MinValueValidator(1)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["part__order", "order", "pk"]
        verbose_name = _("exam section")
        verbose_name_plural = _("exam sections")
        constraints = [
            models.UniqueConstraint(fields=["part", "code"], name="exam_section_code_unique"),
            models.CheckConstraint(condition=Q(max_points__gte=1), name="exam_section_has_points"),
        ]

    def __str__(self) -> str:
        return self.name


class ExamSittingQuerySet(models.QuerySet["ExamSitting"]):
    def visible_to(self, user: Any) -> ExamSittingQuerySet:
        """Office scope; teachers see the sittings they examine and those of their courses."""
        from spolu.core.access import office_q

        if not user.is_authenticated or not user.has_perm("courses.view_examsitting"):
            return self.none()
        own = Q(examiner_id=user.pk) | Q(
            course__in=Course.teachers.through.objects.filter(user_id=user.pk).values("course")
        )
        if user.has_perm("courses.view_office_courses"):
            scope = office_q(user)
            return self.filter(scope | own) if scope else self.all()
        return self.filter(own)


class ExamSitting(models.Model):
    """One date of a mock exam (A09), with its candidates' results."""

    exam_type = models.ForeignKey(
        ExamType, on_delete=models.PROTECT, related_name="sittings", verbose_name=_("exam")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("activity"),
        default="A09",
        editable=False,
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="exam_sittings", verbose_name=_("office")
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("start"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=250)
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="examined_sittings",
        verbose_name=_("examiner"),
    )
    course = models.ForeignKey(
        Course,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exam_sittings",
        verbose_name=_("preparation course"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ExamSittingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("exam sitting")
        verbose_name_plural = _("exam sittings")
        indexes = [models.Index(fields=["office", "date"])]

    def __str__(self) -> str:
        return f"{self.exam_type} – {self.date}"


class ExamResultQuerySet(models.QuerySet["ExamResult"]):
    def visible_to(self, user: Any) -> ExamResultQuerySet:
        if not user.is_authenticated or not user.has_perm("courses.view_examresult"):
            return self.none()
        return self.filter(sitting__in=ExamSitting.objects.visible_to(user))


class ExamResult(models.Model):
    """A candidate at a sitting. `passed` is computed from the section scores by the services:
    None while a section has no score (or the candidate did not come), else whether every part
    reached its pass mark."""

    sitting = models.ForeignKey(
        ExamSitting, on_delete=models.CASCADE, related_name="results", verbose_name=_("sitting")
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="exam_results", verbose_name=_("candidate")
    )
    absent = models.BooleanField(_("did not come"), default=False)
    passed = models.BooleanField(_("passed"), null=True, editable=False)
    total_points = models.PositiveSmallIntegerField(_("points"), default=0, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ExamResultQuerySet.as_manager()

    class Meta:
        ordering = ["sitting", "pk"]
        verbose_name = _("exam result")
        verbose_name_plural = _("exam results")
        indexes = [models.Index(fields=["client"])]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "client"], name="exam_result_once_per_sitting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} – {self.sitting}"


class SectionScore(models.Model):
    result = models.ForeignKey(
        ExamResult, on_delete=models.CASCADE, related_name="scores", verbose_name=_("result")
    )
    section = models.ForeignKey(
        ExamSection, on_delete=models.PROTECT, related_name="+", verbose_name=_("section")
    )
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        verbose_name = _("section score")
        verbose_name_plural = _("section scores")
        constraints = [
            models.UniqueConstraint(fields=["result", "section"], name="score_once_per_section"),
        ]

    def __str__(self) -> str:
        return f"{self.section}: {self.points}"

    def clean(self) -> None:
        if self.points is not None and self.section_id and self.points > self.section.max_points:
            raise ValidationError(
                {
                    "points": _("%(section)s has at most %(max)d points.")
                    % {"section": self.section.name, "max": self.section.max_points}
                }
            )
