"""Seating plans: a session's or an occasion's seats, and who sits in each.

A plan is drawn from a layout (``seating.layouts``: a bilateral table, round
tables, rows), which turns the organiser's few numbers into seat rows. The seats
carry everything the assignment rules read (table, kind, side, rank, position), so
the rules never look at the layout's shape: a new shape is a new function there.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seating.layouts import table_name


class SeatingPlanQuerySet(models.QuerySet):
    def for_event(self, event):
        return self.filter(event=event)

    def published(self):
        return self.filter(status=SeatingPlan.Status.PUBLISHED)


class SeatingPlan(models.Model):
    class Layout(models.TextChoices):
        BILATERAL = "bilateral", _("Bilateral table")
        ROUND = "round", _("Round tables")
        ROWS = "rows", _("Rows")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (staff only)")
        PUBLISHED = "published", _("Published")

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="seating_plans",
    )
    # What is seated: a session (who is confirmed for it through their attendance
    # options), or an event-level occasion such as a dinner (who holds that option).
    session = models.ForeignKey(
        "conference.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="seating_plans",
        null=True,
        blank=True,
    )
    occasion = models.ForeignKey(
        "registrations.AttendanceOption",
        verbose_name=_("occasion"),
        on_delete=models.CASCADE,
        related_name="seating_plans",
        null=True,
        blank=True,
        help_text=_("An event-level occasion, such as a reception dinner: whoever holds it."),
    )
    # Its own name where the session's or occasion's is not what the chart should say
    # ("Reception dinner" for the option "Evening reception (Day 1)").
    name = models.CharField(
        _("name"),
        max_length=150,
        blank=True,
        help_text=_("Leave empty to use the session's or the occasion's name."),
    )
    layout = models.CharField(_("layout"), max_length=20, choices=Layout.choices)
    # The organiser's numbers for the layout (seats a side, tables, rows…): what
    # ``seating.layouts`` made the seats from, kept to draw the tables again.
    layout_options = models.JSONField(_("layout options"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Set when a participant left (cancelled, declined, waiting list) and their seat
    # was freed; cleared when an organiser marks the plan reviewed.
    needs_review = models.BooleanField(_("needs review"), default=False)
    review_note = models.TextField(_("why it needs review"), blank=True)
    # Raised by every change: a form carries the number it was drawn with, and a
    # change made from an older number is refused (optimistic version check).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SeatingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("seating plan")
        verbose_name_plural = _("seating plans")
        ordering = ["event", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(session__isnull=False) & Q(occasion__isnull=True))
                | (Q(session__isnull=True) & Q(occasion__isnull=False)),
                name="seatingplan_session_or_occasion",
                violation_error_message=_("Choose a session or an occasion, not both."),
            ),
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(session__isnull=False),
                name="seatingplan_one_per_session",
                violation_error_message=_("This session already has a seating plan."),
            ),
            models.UniqueConstraint(
                fields=["occasion"],
                condition=Q(occasion__isnull=False),
                name="seatingplan_one_per_occasion",
                violation_error_message=_("This occasion already has a seating plan."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        if self.name:
            return self.name
        if self.session_id:
            return self.session.title
        return self.occasion.name if self.occasion_id else ""

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def clean(self):
        errors = {}
        if self.session_id and self.event_id and self.session.event_id != self.event_id:
            errors["session"] = _("This session belongs to another event.")
        if self.occasion_id and self.event_id and self.occasion.event_id != self.event_id:
            errors["occasion"] = _("This occasion belongs to another event.")
        if errors:
            raise ValidationError(errors)


class Seat(models.Model):
    """One seat of a plan, and who sits in it (a seat holds one person)."""

    class Kind(models.TextChoices):
        SEAT = "seat", _("Participant")
        CHAIR = "chair", _("Chair or moderator")
        INTERPRETER = "interpreter", _("Interpreter")
        RESERVED = "reserved", _("Reserved")

    class Side(models.TextChoices):
        HOST = "host", _("Host side")
        GUEST = "guest", _("Guest side")
        ANY = "", _("Either side")

    class Rule(models.TextChoices):
        """Why the occupant sits here: said on the plan page and the CSV."""

        HEAD = "head", _("Head of delegation: the place of honour of their side")
        SIDE = "side", _("Their delegation's side, by precedence")
        OPEN = "open", _("By precedence, delegations alternating")
        HAND = "hand", _("Placed by hand")

    plan = models.ForeignKey(
        SeatingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="seats"
    )
    label = models.CharField(_("seat"), max_length=20)
    table = models.CharField(_("table"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SEAT)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices, blank=True)
    # The order in which the rules fill seats: 1 is the place of honour.
    rank = models.PositiveIntegerField(_("rank"))
    # Seat order on the chart, the CSV and the place cards (table by table).
    order = models.PositiveIntegerField(_("order"))
    # Centre of the seat on the drawing, in centimetres from the top left.
    x = models.FloatField()
    y = models.FloatField()
    occupant = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("occupant"),
        on_delete=models.CASCADE,
        related_name="seats",
        null=True,
        blank=True,
    )
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Assigning again keeps this person here.")
    )
    rule = models.CharField(_("placed by"), max_length=10, choices=Rule.choices, blank=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "label"],
                name="seat_label_unique_per_plan",
                violation_error_message=_("A plan has one seat of each label."),
            ),
            models.UniqueConstraint(
                fields=["plan", "occupant"],
                condition=Q(occupant__isnull=False),
                name="seat_one_per_person_per_plan",
                violation_error_message=_("This participant already has a seat in this plan."),
            ),
            models.CheckConstraint(
                condition=Q(pinned=False) | Q(occupant__isnull=False),
                name="seat_pinned_only_when_taken",
                violation_error_message=_("Only a taken seat can be pinned."),
            ),
        ]

    def __str__(self):
        return f"{self.table} {self.label}"

    @property
    def table_name(self) -> str:
        return table_name(self.table)
