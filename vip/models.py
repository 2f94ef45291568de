"""Speakers' invitations, their answers and own changes, and VIP logistics.

One ``SpeakerInvitation`` per speaker per event: inviting again (to more
appearances, or simply with a fresh link) raises its ``token_version``, so every
link sent before stops working, as a delegate's manage link does. Each invited
appearance (``conference.SessionRole``) keeps the speaker's answer in an
``InvitedAppearance``. ``SpeakerLogistics`` holds travel and arrival details per
speaker per event, with a restricted note only Organisers read.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from speakers.plain_text import validate_multi_line, validate_single_line
from speakers.validators import validate_photo


class VipSettings(models.Model):
    """An event's settings for speakers' self-service (edited on the event's admin page)."""

    event = models.OneToOneField(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="vip_settings",
    )
    review_speaker_changes = models.BooleanField(
        _("review speakers' own changes before publishing"),
        default=False,
        help_text=_(
            "When ticked, names, titles, biographies and photos that speakers send from "
            "their invitation page wait for an organiser's approval (Speakers and VIPs › "
            "Profile changes) before anything is shown on the site. When not ticked, they "
            "are applied at once."
        ),
    )

    class Meta:
        verbose_name = _("speaker self-service settings")
        verbose_name_plural = _("speaker self-service settings")

    def __str__(self):
        return str(self.event)


class SpeakerInvitation(models.Model):
    class State(models.TextChoices):
        SENT = "sent", _("Sent")
        OPENED = "opened", _("Opened")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        ANSWERED = "answered", _("Answered (accepted in part)")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="speaker_invitations",
    )
    speaker = models.ForeignKey(
        "speakers.Speaker",
        verbose_name=_("speaker"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language of the emails and of the page the link opens."),
    )
    personal_message = models.TextField(
        _("personal message"),
        max_length=2000,
        blank=True,
        validators=[validate_multi_line],
        help_text=_("Optional: a few words from the organisers, placed at the top of the email."),
    )
    # Signed into every link; a new invitation, a new link or a revocation raises it,
    # and links carrying an older number stop working (vip.tokens).
    token_version = models.PositiveIntegerField(default=1, editable=False)
    sent_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(
        _("answer by"),
        help_text=_("After this, unanswered appearances can no longer be answered online."),
    )
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("reminders"), default=0)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("speaker invitation")
        verbose_name_plural = _("speaker invitations")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "speaker"],
                name="speaker_invitation_once_per_event",
                violation_error_message=_("This speaker already has an invitation to this event."),
            )
        ]

    def __str__(self):
        return f"{self.speaker} · {self.event}"

    def state(self, *, pending: int, accepted: int, declined: int, now=None):
        """What the admin shows, from the answer counts (the caller has them at hand)."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return self.State.REVOKED
        if pending == 0 and (accepted or declined):
            if declined == 0:
                return self.State.ACCEPTED
            if accepted == 0:
                return self.State.DECLINED
            return self.State.ANSWERED
        if now >= self.expires_at:
            return self.State.EXPIRED
        if self.opened_at is not None:
            return self.State.OPENED
        return self.State.SENT


class InvitedAppearance(models.Model):
    """One appearance a speaker is invited to, and their answer."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Not answered yet")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    invitation = models.ForeignKey(
        SpeakerInvitation,
        verbose_name=_("invitation"),
        on_delete=models.CASCADE,
        related_name="appearances",
    )
    role = models.OneToOneField(
        "conference.SessionRole",
        verbose_name=_("appearance"),
        on_delete=models.CASCADE,
        related_name="invitation_answer",
    )
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    message = models.TextField(
        _("speaker's message"), max_length=2000, blank=True, validators=[validate_multi_line]
    )

    class Meta:
        verbose_name = _("invited appearance")
        verbose_name_plural = _("invited appearances")
        ordering = ["invitation", "role__session__starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="pending", answered_at__isnull=True)
                | (~Q(answer="pending") & Q(answered_at__isnull=False)),
                name="invited_appearance_answered_when_answered",
                violation_error_message=_("An answer needs the time it was given."),
            )
        ]

    def __str__(self):
        return f"{self.role} · {self.get_answer_display()}"


class InvitationActivity(models.Model):
    """One line of an invitation's history: what happened, when, and who did it."""

    class Action(models.TextChoices):
        INVITED = "invited", _("Invitation sent")
        OPENED = "opened", _("Link opened")
        REMINDED = "reminded", _("Reminder sent")
        ACCEPTED = "accepted", _("Appearance accepted")
        DECLINED = "declined", _("Appearance declined")
        REVOKED = "revoked", _("Invitation revoked")
        PROFILE_APPLIED = "profile_applied", _("Profile changed by the speaker")
        PROFILE_SUBMITTED = "profile_submitted", _("Profile change sent for review")
        PROFILE_APPROVED = "profile_approved", _("Profile change approved")
        PROFILE_REJECTED = "profile_rejected", _("Profile change rejected")
        TRAVEL_CHANGED = "travel_changed", _("Travel details changed by the speaker")

    invitation = models.ForeignKey(
        SpeakerInvitation,
        verbose_name=_("invitation"),
        on_delete=models.CASCADE,
        related_name="activity",
    )
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the speaker, from their page, or the reminder job."),
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("invitation history entry")
        verbose_name_plural = _("invitation history")
        ordering = ["invitation", "at", "pk"]

    def __str__(self):
        return self.get_action_display()


class InvitationEmail(models.Model):
    """Links an email in the outgoing queue (registrations.OutgoingEmail) to an invitation.

    On this side, so the registrations app never needs to know about invitations.
    """

    class Kind(models.TextChoices):
        INVITATION = "speaker_invitation", _("Invitation")
        REMINDER = "speaker_reminder", _("Reminder")
        ANSWERS = "speaker_answers", _("Answers, to the organisers")
        CHANGES = "speaker_changes", _("Changes, to the organisers")

    invitation = models.ForeignKey(
        SpeakerInvitation,
        verbose_name=_("invitation"),
        on_delete=models.CASCADE,
        related_name="emails",
    )
    email = models.OneToOneField(
        "registrations.OutgoingEmail",
        verbose_name=_("email"),
        on_delete=models.CASCADE,
        related_name="speaker_invitation_link",
    )

    class Meta:
        verbose_name = _("invitation email")
        verbose_name_plural = _("invitation emails")
        ordering = ["invitation", "pk"]

    def __str__(self):
        return str(self.Kind(self.email.kind).label)


def pending_photo_path(instance, filename):
    # Unguessable: a photo waiting for review is never linked from a public page.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"speakers/pending/{secrets.token_urlsafe(16)}.{extension}"


class SpeakerProfileRevision(models.Model):
    """Changes a speaker sent from their page, waiting for an organiser's review.

    ``changes`` maps a field of the speaker (``honorific_ja``, ``biography_en``…) to
    the new text; ``photo`` is the new photo, already re-encoded. Nothing here is
    public until an organiser approves it, when it is copied onto the speaker.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    speaker = models.ForeignKey(
        "speakers.Speaker",
        verbose_name=_("speaker"),
        on_delete=models.CASCADE,
        related_name="profile_revisions",
    )
    invitation = models.ForeignKey(
        SpeakerInvitation,
        verbose_name=_("invitation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profile_revisions",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    photo = models.ImageField(
        _("new photo"),
        upload_to=pending_photo_path,
        blank=True,
        validators=[validate_photo],
    )
    submitted_at = models.DateTimeField(_("sent"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        validators=[validate_single_line],
        help_text=_("For the organisers' record; the speaker is not told."),
    )

    class Meta:
        verbose_name = _("speaker's profile change")
        verbose_name_plural = _("speakers' profile changes")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # A further change from the speaker updates the one waiting.
            models.UniqueConstraint(
                fields=["speaker"],
                condition=Q(status="pending"),
                name="speaker_profile_revision_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.speaker} · {self.get_status_display()}"


class SpeakerLogistics(models.Model):
    """How a speaker travels to and from the event, and how they are met.

    Dates and times are local to the event (its time zone), as a protocol officer
    writes them: an arrival at 07:25 at Haneda is 07:25 in Tokyo.
    """

    class Mode(models.TextChoices):
        FLIGHT = "flight", _("Flight")
        TRAIN = "train", _("Train")
        CAR = "car", _("Car")
        OTHER = "other", _("Other")

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="speaker_logistics",
    )
    speaker = models.ForeignKey(
        "speakers.Speaker",
        verbose_name=_("speaker"),
        on_delete=models.CASCADE,
        related_name="logistics",
    )

    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    arrival_time = models.TimeField(_("arrival time"), null=True, blank=True)
    arrival_mode = models.CharField(
        _("arriving by"), max_length=10, choices=Mode.choices, blank=True
    )
    arrival_number = models.CharField(
        _("arrival flight or train"),
        max_length=40,
        blank=True,
        validators=[validate_single_line],
        help_text=_("e.g. BA 5, JL 44, Nozomi 21"),
    )
    arrival_point = models.CharField(
        _("arriving at (airport or station)"),
        max_length=150,
        blank=True,
        validators=[validate_single_line],
        help_text=_("e.g. Haneda Terminal 3, Tokyo Station"),
    )
    departure_date = models.DateField(_("departure date"), null=True, blank=True)
    departure_time = models.TimeField(_("departure time"), null=True, blank=True)
    departure_mode = models.CharField(
        _("leaving by"), max_length=10, choices=Mode.choices, blank=True
    )
    departure_number = models.CharField(
        _("departure flight or train"), max_length=40, blank=True, validators=[validate_single_line]
    )
    departure_point = models.CharField(
        _("leaving from (airport or station)"),
        max_length=150,
        blank=True,
        validators=[validate_single_line],
    )
    hotel = models.CharField(
        _("hotel"), max_length=250, blank=True, validators=[validate_single_line]
    )
    car_meets = models.BooleanField(_("a car meets them"), default=False)
    car_details = models.CharField(
        _("car"),
        max_length=150,
        blank=True,
        validators=[validate_single_line],
        help_text=_("e.g. Embassy car, driver Mr Ito, plate 品川 300 あ 12-34"),
    )
    escort = models.CharField(
        _("met and escorted by"),
        max_length=150,
        blank=True,
        validators=[validate_single_line],
    )
    venue_entrance = models.CharField(
        _("entrance to use at the venue"),
        max_length=150,
        blank=True,
        validators=[validate_single_line],
    )
    aide_name = models.CharField(
        _("aide's name"), max_length=150, blank=True, validators=[validate_single_line]
    )
    aide_contact = models.CharField(
        _("aide's phone or email"), max_length=150, blank=True, validators=[validate_single_line]
    )
    dietary_needs = models.CharField(
        _("dietary needs"), max_length=500, blank=True, validators=[validate_single_line]
    )
    access_needs = models.TextField(
        _("access needs"), max_length=1000, blank=True, validators=[validate_multi_line]
    )
    # Organisers only (vip.view_restricted_note): never shown to event staff, to the
    # speaker, or in any export but the Organisers' VIP sheet; purged with the rest.
    restricted_note = models.TextField(
        _("restricted note"),
        max_length=2000,
        blank=True,
        validators=[validate_multi_line],
        help_text=_(
            "Close protection, security. Organisers only: never shown to event staff, "
            "to the speaker, or in any list but the Organisers' VIP sheet."
        ),
    )
    speaker_changed_at = models.DateTimeField(
        _("last changed by the speaker"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("travel and arrival")
        verbose_name_plural = _("travel and arrivals")
        ordering = ["event", "arrival_date", "arrival_time", "pk"]
        permissions = [
            (
                "view_restricted_note",
                _("Can read and write restricted VIP notes (close protection, security)"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "speaker"],
                name="speaker_logistics_once_per_event",
                violation_error_message=_(
                    "This speaker already has travel details for this event."
                ),
            ),
            models.CheckConstraint(
                condition=Q(arrival_time__isnull=True) | Q(arrival_date__isnull=False),
                name="speaker_logistics_arrival_time_has_date",
                violation_error_message=_("Give the arrival date with its time."),
            ),
            models.CheckConstraint(
                condition=Q(departure_time__isnull=True) | Q(departure_date__isnull=False),
                name="speaker_logistics_departure_time_has_date",
                violation_error_message=_("Give the departure date with its time."),
            ),
        ]

    def __str__(self):
        return f"{self.speaker} · {self.event}"

    def clean(self):
        errors = {}
        if self.arrival_time is not None and self.arrival_date is None:
            errors["arrival_date"] = _("Give the arrival date with its time.")
        if self.departure_time is not None and self.departure_date is None:
            errors["departure_date"] = _("Give the departure date with its time.")
        if self.arrival_date and self.departure_date and not errors:
            same_day_earlier = (
                self.departure_date == self.arrival_date
                and self.arrival_time is not None
                and self.departure_time is not None
                and self.departure_time <= self.arrival_time
            )
            if self.departure_date < self.arrival_date or same_day_earlier:
                errors["departure_date"] = _("The departure must come after the arrival.")
        if errors:
            raise ValidationError(errors)
