import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from conference.formats import latin_name, person_name
from registrations.constraints import FieldCheckConstraint, max_length_constraints
from registrations.validators import normalise_email, validate_deliverable_email
from speakers.plain_text import validate_multi_line, validate_single_line

# No 0/O, 1/I/L: references are read out over the phone and typed from badges.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class NormalisedEmailField(models.CharField):
    """``normalise_email()`` of another field, worked out again on every save.

    In ``pre_save``, so ``save()``, ``create()`` and ``bulk_create()`` all store it.
    """

    def __init__(self, *args, source="email", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = normalise_email(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


# The most of each thing a delegate types that the site keeps: enough for any real
# name, title or need, small enough for a badge, a catering sheet and a spreadsheet
# cell. Forms refuse more with a message; the database refuses it too (README).
TEXT_LIMITS = {
    "honorific": 100,
    "given_name": 150,
    "family_name": 150,
    "japanese_name": 150,
    "email": 254,
    "phone": 40,
    "organisation": 250,
    "position": 250,
    "dietary_details": 500,
    "accessibility_needs": 1000,
}


def generate_reference(*, rng=None, number: int | None = None) -> str:
    """A registration's reference, "ABCD-2345": eight characters no one misreads.

    Random (``secrets``) by default; from ``rng`` (a ``random.Random``) for demo data
    that is the same on every run; from ``number`` for generated data at scale, where
    distinct numbers give distinct references (random ones could collide at 100,000).
    """
    if number is not None:
        base = len(REFERENCE_ALPHABET)
        digits = []
        for _ in range(8):
            number, digit = divmod(number, base)
            digits.append(REFERENCE_ALPHABET[digit])
        chars = "".join(digits)
    else:
        choice = rng.choice if rng is not None else secrets.choice
        chars = "".join(choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


class AttendanceOption(models.Model):
    """Something a delegate signs up for within an event: a day, a dinner, a site visit."""

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="attendance_options",
    )
    name = models.CharField(_("name"), max_length=150, help_text=_("e.g. Day 1, Reception dinner"))
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Leave empty when only the event's own capacity applies."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # "Confirmed for a session" means a confirmed participant holding an option that
    # covers it: seating plans, interpretation totals and messages count through this.
    sessions = models.ManyToManyField(
        "conference.Session",
        verbose_name=_("sessions"),
        related_name="attendance_options",
        blank=True,
        help_text=_("The sessions this option admits to, e.g. every session of Day 1."),
    )

    class Meta:
        verbose_name = _("attendance option")
        verbose_name_plural = _("attendance options")
        ordering = ["event", "order", "pk"]

    def __str__(self):
        return self.name


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def for_event(self, event):
        return self.filter(event=event)


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waiting list")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


# The status groups, defined once for the code and the database constraints alike.
# Active: holds or waits for a place; at most one per mailbox per event.
ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)
# Waiting: active without a place yet; an anonymised registration is never waiting.
WAITING_STATUSES = (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED)


class Registration(models.Model):
    Status = RegistrationStatus

    class Sector(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        PARLIAMENT = "parliament", _("Parliament")
        MILITARY = "military", _("Armed forces")
        DIPLOMATIC = "diplomatic", _("Diplomatic service")
        INDUSTRY = "industry", _("Industry")
        ACADEMIA = "academia", _("Academia")
        THINK_TANK = "think_tank", _("Think tank")
        MEDIA = "media", _("Media")
        OTHER = "other", _("Other")

    class Dietary(models.TextChoices):
        NONE = "none", _("No special requirement")
        VEGETARIAN = "vegetarian", _("Vegetarian")
        VEGAN = "vegan", _("Vegan")
        HALAL = "halal", _("Halal")
        KOSHER = "kosher", _("Kosher")
        GLUTEN_FREE = "gluten_free", _("Gluten-free")
        OTHER = "other", _("Other (please specify)")

    class Interpretation(models.TextChoices):
        NONE = "none", _("Not needed")
        INTO_ENGLISH = "en", _("Into English")
        INTO_JAPANESE = "ja", _("Into Japanese")

    class Category(models.TextChoices):
        """What the participant is there as; a badge prints it (speakers and heads of
        delegation are said so instead, see ``badge_category``)."""

        DELEGATE = "delegate", _("Delegate")
        PRESS = "press", _("Press")
        STAFF = "staff", _("Staff")
        OBSERVER = "observer", _("Observer")

    ACTIVE_STATUSES = ACTIVE_STATUSES
    WAITING_STATUSES = WAITING_STATUSES

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=generate_reference, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    # Lengths a person needs, enforced by forms and (MAX_LENGTHS below) the database.
    honorific = models.CharField(
        _("honorific or rank"),
        max_length=TEXT_LIMITS["honorific"],
        blank=True,
        validators=[validate_single_line],
    )
    given_name = models.CharField(
        _("given name"), max_length=TEXT_LIMITS["given_name"], validators=[validate_single_line]
    )
    family_name = models.CharField(
        _("family name"), max_length=TEXT_LIMITS["family_name"], validators=[validate_single_line]
    )
    japanese_name = models.CharField(
        _("name in Japanese script"),
        max_length=TEXT_LIMITS["japanese_name"],
        blank=True,
        validators=[validate_single_line],
    )
    # As the delegate typed it (in plain characters, NFKC): shown and written to. Blank
    # only for a registration made for a speaker with no address on file.
    email = models.EmailField(
        _("email"),
        max_length=TEXT_LIMITS["email"],
        blank=True,
        validators=[validate_deliverable_email],
    )
    # The mailbox, one spelling per mailbox: what uniqueness and look-ups compare.
    email_normalised = NormalisedEmailField(_("mailbox (normalised email)"), source="email")
    phone = models.CharField(
        _("phone"), max_length=TEXT_LIMITS["phone"], blank=True, validators=[validate_single_line]
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=TEXT_LIMITS["organisation"],
        blank=True,
        validators=[validate_single_line],
    )
    position = models.CharField(
        _("position"),
        max_length=TEXT_LIMITS["position"],
        blank=True,
        validators=[validate_single_line],
    )
    # Organisation, sector and nationality: required of everyone who signs up (the
    # forms and a check constraint say so); a speaker made a participant from a
    # profile that lacks them may leave them empty until an organiser fills them in.
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    nationality = CountryField(
        _("nationality"), blank=True, blank_label=_("Select your nationality")
    )
    attendance_options = models.ManyToManyField(
        AttendanceOption,
        verbose_name=_("attending"),
        related_name="registrations",
        blank=True,
    )
    dietary_requirement = models.CharField(
        _("dietary requirement"), max_length=20, choices=Dietary.choices, default=Dietary.NONE
    )
    dietary_details = models.CharField(
        _("dietary details"),
        max_length=TEXT_LIMITS["dietary_details"],
        blank=True,
        validators=[validate_single_line],
    )
    accessibility_needs = models.TextField(
        _("accessibility needs"),
        max_length=TEXT_LIMITS["accessibility_needs"],
        blank=True,
        validators=[validate_multi_line],
    )
    interpretation = models.CharField(
        _("interpretation"),
        max_length=4,
        choices=Interpretation.choices,
        default=Interpretation.NONE,
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the delegate registered in; their emails use it."),
    )
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted"), null=True, blank=True)
    privacy_notice_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True
    )
    # When the participant agreed to appear in the participant list (the form's
    # optional question, the manage page's checkbox, or recorded by an organiser for
    # a speaker); empty: not on it. Withdrawing empties it, and the entry is gone.
    delegate_list_consent_at = models.DateTimeField(
        _("agreed to appear in the participant list"),
        null=True,
        blank=True,
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)

    # --- as a participant (protocol) ---
    # A speaker of the event is a participant through this link: made by
    # ``services.sync_speaker_participation``, never by the public form. At most one
    # active registration per speaker per event (constraint below).
    speaker = models.ForeignKey(
        "speakers.Speaker",
        verbose_name=_("speaker"),
        on_delete=models.PROTECT,
        related_name="participations",
        null=True,
        blank=True,
    )
    # Made for the speaker by the service (rather than the speaker's own sign-up, now
    # linked): cancelled, not just unlinked, when the speaker has no appearance left,
    # and never sent the delegate emails.
    created_for_speaker = models.BooleanField(
        _("made for a speaker"), default=False, editable=False
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.DELEGATE
    )
    delegation = models.ForeignKey(
        "protocol.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.PROTECT,
        related_name="participants",
        null=True,
        blank=True,
    )
    is_head_of_delegation = models.BooleanField(_("head of delegation"), default=False)
    precedence = models.ForeignKey(
        "protocol.PrecedenceCategory",
        verbose_name=_("precedence"),
        on_delete=models.PROTECT,
        related_name="participants",
        null=True,
        blank=True,
    )
    precedence_rank = models.PositiveSmallIntegerField(
        _("rank within the category"),
        null=True,
        blank=True,
        help_text=_("Breaks ties within a precedence category: 1 comes first; empty comes last."),
    )
    # The sign-up form's one-time key: a resubmitted form (double click, browser
    # retry) finds the registration it already made instead of making another.
    submission_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    # Signed into every manage link; sending a new link on request raises it, and
    # links carrying an older number stop working (registrations.tokens).
    manage_token_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("check_in_registration", _("Can check delegates in at the door")),
            ("export_registrations", _("Can export attendee lists")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email_normalised"],
                condition=Q(status__in=list(ACTIVE_STATUSES)) & ~Q(email_normalised=""),
                name="registration_one_active_per_mailbox_per_event",
                violation_error_message=_(
                    "This email address already has an active registration for this event."
                ),
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status=RegistrationStatus.CONFIRMED),
                name="registration_only_confirmed_checked_in",
                violation_error_message=_("Only confirmed delegates can be checked in."),
            ),
            FieldCheckConstraint(
                field="dietary_details",
                condition=~Q(dietary_requirement="other") | ~Q(dietary_details=""),
                name="registration_other_diet_has_details",
                violation_error_message=_("Please describe the dietary requirement."),
            ),
            # Anonymised rows leave the workflow: nobody is left waiting for a decision
            # or a seat (see services.anonymise).
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=True) | ~Q(status__in=list(WAITING_STATUSES)),
                name="registration_anonymised_not_waiting",
                violation_error_message=_(
                    "An anonymised registration cannot be pending or on the waiting list."
                ),
            ),
            # One person, one participant: a speaker holds one active registration.
            models.UniqueConstraint(
                fields=["event", "speaker"],
                condition=Q(status__in=list(ACTIVE_STATUSES)) & Q(speaker__isnull=False),
                name="registration_one_active_per_speaker_per_event",
                violation_error_message=_("This speaker is already a participant of this event."),
            ),
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(is_head_of_delegation=True),
                name="registration_one_head_per_delegation",
                violation_error_message=_("This delegation already has a head."),
            ),
            FieldCheckConstraint(
                field="is_head_of_delegation",
                condition=Q(is_head_of_delegation=False) | Q(delegation__isnull=False),
                name="registration_head_has_delegation",
                violation_error_message=_(
                    "A head of delegation must belong to a delegation: choose it first."
                ),
            ),
            # Everyone who signs up gives these; only a participant registration made
            # for a speaker may lack them (and keeps lacking them once anonymised).
            *[
                FieldCheckConstraint(
                    field=name,
                    condition=Q(created_for_speaker=True) | ~Q(**{name: ""}),
                    name=f"registration_{name}_given_unless_speaker",
                    violation_error_message=_("This field is required."),
                )
                for name in ("email", "organisation", "sector", "nationality")
            ],
            *max_length_constraints("registration", TEXT_LIMITS),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"]),
            # The seats taken, counted on every sign-up under the event's lock: only
            # the confirmed delegates' entries, so the count costs what the capacity
            # allows, however many are waitlisted, cancelled or still to come.
            models.Index(
                fields=["event"],
                condition=Q(status=RegistrationStatus.CONFIRMED, speaker__isnull=True),
                name="registration_seats_taken",
            ),
        ]

    def __str__(self):
        # The reference only: str() is what Django's admin history keeps (object_repr)
        # and shows under "Recent actions", and a name there would outlive the purge.
        return self.reference

    @property
    def name(self):
        return f"{self.given_name} {self.family_name}"

    @property
    def display_name(self):
        """Honorific and name in English, as the protocol writes it ('Admiral OTSUKA Umio')."""
        return person_name(self, "en")

    @property
    def addressee(self):
        """The name a message to the delegate opens with, in their language: in Japanese
        the name in Japanese script where given ('山田 太郎 様'), else the Latin name in
        its language's order without honorific ('SATO Yuki 様', 'John Smith 様'); in
        English the honorific and name as the protocol writes them ('Dear Dr SATO Yuki,')."""
        if (self.language or "").startswith("ja"):
            return self.japanese_name or latin_name(self)
        return self.display_name

    @property
    def is_speaker(self) -> bool:
        return self.speaker_id is not None

    @property
    def badge_category(self) -> str:
        """The line a badge and the door card print: head of delegation, else speaker,
        else the participant's category."""
        if self.is_head_of_delegation:
            return _("Head of delegation")
        if self.is_speaker:
            return _("Speaker")
        return self.get_category_display()

    @property
    def listed_position(self) -> str:
        """The position as lists print it in the page's language: a speaker's translated
        profile while the registration still holds the copy made from it, else its own."""
        return self._from_profile("position")

    @property
    def listed_organisation(self) -> str:
        return self._from_profile("organisation")

    def _from_profile(self, name: str) -> str:
        own = getattr(self, name)
        speaker = self.speaker if self.speaker_id else None
        if speaker is not None and own == (getattr(speaker, f"{name}_en", None) or ""):
            return getattr(speaker, name) or own
        return own

    @property
    def on_participant_list(self) -> bool:
        """Shown to the other participants: confirmed, and agreed to it."""
        return (
            self.status == self.Status.CONFIRMED
            and self.anonymised_at is None
            and self.delegate_list_consent_at is not None
        )

    @property
    def is_active(self):
        """Holds or waits for a place, and still belongs to a person (not anonymised)."""
        return self.status in self.ACTIVE_STATUSES and self.anonymised_at is None

    def clean_fields(self, exclude=None):
        # The nationality is checked here with one dict lookup: django-countries' field
        # checks a code by walking the whole country list, which Django normalises
        # afresh on every call (0.35 ms, twice per sign-up). Same rule, same message.
        exclude = set(exclude or ())
        errors = {}
        try:
            super().clean_fields(exclude=exclude | {"nationality"})
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "nationality" not in exclude:
            try:
                self._clean_nationality()
            except ValidationError as error:
                errors["nationality"] = error.error_list
        if errors:
            raise ValidationError(errors)

    def _clean_nationality(self):
        field = self._meta.get_field("nationality")
        raw = getattr(self, field.attname)
        if field.blank and raw in field.empty_values:
            return
        value = field.to_python(raw)
        if value not in field.empty_values and value not in field.countries:
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        if not field.blank and value in field.empty_values:
            raise ValidationError(field.error_messages["blank"], code="blank")
        field.run_validators(value)
        setattr(self, field.attname, value)

    def clean(self):
        # Before the constraints are validated: the one-per-mailbox rule compares it.
        self.email_normalised = normalise_email(self.email)
        errors = {}
        if self.checked_in_at and self.status != self.Status.CONFIRMED:
            errors["checked_in_at"] = _("Only confirmed delegates can be checked in.")
        if self.delegation_id and self.event_id and self.delegation.event_id != self.event_id:
            errors["delegation"] = _("This delegation belongs to another event.")
        if (
            self.precedence_id
            and self.event_id
            and self.precedence.event_id not in (None, self.event_id)
        ):
            errors["precedence"] = _("This precedence category belongs to another event's list.")
        if errors:
            raise ValidationError(errors)


class OutgoingEmail(models.Model):
    """A message to a delegate, stored with the change that caused it.

    Written in the same transaction as the registration, sent after commit; if the
    mail server is down it stays queued and the mail worker retries it, so no
    registration is lost or blocked by mail and no mail goes out about a rollback.
    Queued → sending (claimed by one sender, no transaction open while it talks to
    the mail server) → sent, or back to queued for a retry, or failed for good.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    registration = models.ForeignKey(
        "Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="emails",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=40)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment_content = models.TextField(blank=True)
    attachment_mimetype = models.CharField(max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # Who is sending it and since when; a claim older than EMAIL_SENDING_TIMEOUT_SECONDS
    # is taken to be a sender that died, and the email goes back to the queue.
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    claimed_by = models.CharField(_("sent by"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.kind} → {self.registration_id}"


class ManageLinkRequest(models.Model):
    """Someone asked, on the form, for the manage link of an address: not yet looked up.

    The request only stores this row, the same work whether or not the address is
    registered, so neither the answer nor its timing tells who is. The lookup and
    the email follow after the response has gone (``services.send_requested_manage_link``),
    and the row, which holds the address as typed, is deleted then.
    """

    event = models.ForeignKey(
        "conference.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("email"))
    process_after = models.DateTimeField(_("process after"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("manage link request")
        verbose_name_plural = _("manage link requests")
        indexes = [models.Index(fields=["process_after"])]

    def __str__(self):
        return f"{self.event_id} {self.created_at:%Y-%m-%d %H:%M}"


class RegistrationStatusChange(models.Model):
    """One line of a registration's history: who moved it from what to what, and when."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Registration.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Registration.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["registration", "changed_at", "pk"]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


def generate_invitation_code():
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))


class Invitation(models.Model):
    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    code = models.CharField(
        _("code"),
        max_length=40,
        default=generate_invitation_code,
        help_text=_("Letters and digits; matched without regard to case."),
    )
    email = models.EmailField(
        _("bound to email"),
        blank=True,
        validators=[validate_deliverable_email],
        help_text=_("If set, only this email address can use the code."),
    )
    max_uses = models.PositiveIntegerField(_("maximum uses"), default=1)
    uses = models.PositiveIntegerField(_("uses"), default=0, editable=False)
    note = models.CharField(
        _("note"), max_length=250, blank=True, help_text=_("For organisers: who it was sent to.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["event", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("code"),
                name="invitation_code_unique_per_event",
                violation_error_message=_("This code is already in use for this event."),
            ),
            models.CheckConstraint(
                condition=Q(max_uses__gte=1),
                name="invitation_max_uses_positive",
                violation_error_message=_("An invitation must allow at least one use."),
            ),
            models.CheckConstraint(
                condition=Q(uses__lte=F("max_uses")),
                name="invitation_uses_within_limit",
                violation_error_message=_("This invitation has been used up."),
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def remaining_uses(self):
        return max(self.max_uses - self.uses, 0)


class ExportLog(models.Model):
    """One attendee-list export: who took it, when, how it was filtered and how many rows.

    Written when the export starts, so an export that fails half-way is still on
    record; ``row_count`` and ``completed_at`` are filled in when the last row is out.
    """

    class Source(models.TextChoices):
        ADMIN = "admin", _("Admin action")
        STAFF_PAGE = "staff_page", _("Staff attendee list")
        COMMAND = "command", _("Management command")
        PROTOCOL_LIST = "protocol_list", _("Protocol list")
        INTERPRETATION = "interpretation", _("Interpretation sheet")
        SEATING_PLAN = "seating_plan", _("Seating plan")

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="export_logs",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text so the record still says who it was after the account is gone,
    # and so exports from the command line can name the operating-system user.
    username = models.CharField(_("exported by"), max_length=150)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.username} {self.get_source_display()} {self.started_at:%Y-%m-%d %H:%M}"
