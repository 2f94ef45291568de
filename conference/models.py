import secrets
import zoneinfo
from datetime import datetime, time, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from conference.validators import validate_logo
from speakers.plain_text import validate_single_line


def time_zone_choices():
    """Every IANA zone this machine knows, read when a form needs them: a callable keeps
    the 600 names out of the migrations, and a tzdata update adds zones without one."""
    return [(tz, tz) for tz in sorted(zoneinfo.available_timezones())]


@lru_cache(maxsize=64)
def _choice_labels(choices, language) -> dict:
    with translation.override(language):
        return {value: str(label) for value, label in choices.choices}


def choice_label(choices, value) -> str:
    """What ``get_FOO_display()`` says, its labels resolved once per language: Django's
    rebuilds the choices dict and resolves every lazy label on each call, and the agenda
    asks hundreds of times a render."""
    return _choice_labels(choices, translation.get_language()).get(value, str(value))


class Venue(models.Model):
    name = models.CharField(
        _("name"), max_length=200, help_text=_("e.g. International Conference Hall")
    )
    building = models.CharField(_("building"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    city = models.CharField(_("city"), max_length=100)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    country = CountryField(_("country"))
    map_url = models.URLField(_("map link"), blank=True)
    directions = models.TextField(
        _("how to get there"), blank=True, help_text=_("Stations, entrances, security checks.")
    )

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name", "building"]

    def __str__(self):
        return ", ".join(part for part in (self.name, self.building, self.city) if part)


def event_logo_path(instance, filename):
    # A random part: a replaced logo gets a new address, so no cache keeps the old one.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"events/{instance.slug}-logo-{secrets.token_hex(6)}.{extension}"


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Event(models.Model):
    class RegistrationWindow(models.TextChoices):
        NOT_YET_OPEN = "not_yet_open", _("Registration opens soon")
        OPEN = "open", _("Registration open")
        CLOSED = "closed", _("Registration closed")

    class RegistrationMode(models.TextChoices):
        OPEN = "open", _("Open")
        APPROVAL = "approval", _("Approval required")
        INVITATION = "invitation", _("Invitation only")

    series_name = models.CharField(
        _("series"), max_length=200, help_text=_("e.g. UK-Japan Security Dialogue")
    )
    edition = models.PositiveSmallIntegerField(_("edition number"), null=True, blank=True)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("e.g. 3rd UK-Japan Security Dialogue")
    )
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("Used in addresses, e.g. tokyo-2016.")
    )
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences.")
    )
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices, default="Asia/Tokyo"
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
    )
    organiser_name = models.CharField(_("organiser"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    logo = models.ImageField(
        _("organiser's logo"),
        upload_to=event_logo_path,
        blank=True,
        validators=[validate_logo],
        width_field="logo_width",
        height_field="logo_height",
        help_text=_(
            "PNG, JPEG or WebP; at most 2 MB and 16 million pixels. SVG is not accepted: "
            "export it as PNG with a transparent background. Shown in the page header, on "
            "badges and when a page is shared."
        ),
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_alt = models.CharField(
        _("logo's text alternative"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text=_("What the logo says, usually the organisation's name, e.g. 'RUSI Japan'."),
    )
    partner_line = models.CharField(
        _("co-host or partner line"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            "One line under the event's name in the page header and on badges, e.g. "
            "'Co-hosted with the Japan Institute of International Affairs' "
            "(「共催：日本国際問題研究所」)."
        ),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Unpublished events are hidden from the public.")
    )

    capacity = models.PositiveIntegerField(
        _("capacity"), default=0, help_text=_("Seats for confirmed delegates.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    registration_mode = models.CharField(
        _("registration mode"),
        max_length=20,
        choices=RegistrationMode.choices,
        default=RegistrationMode.APPROVAL,
    )
    waiting_list_enabled = models.BooleanField(_("waiting list"), default=True)
    registration_rate_limit = models.PositiveIntegerField(
        _("sign-ups per network address"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Sign-up attempts allowed from one network address (colleagues in one office "
            "share one) within the rate-limit window, 10 minutes unless the site sets "
            "another. Leave empty for the site's default; raise it when a delegation "
            "registers together from one office."
        ),
    )
    # How fast the mail worker sends a message to this event's participants: the
    # organisers' mail server (or its provider's limits) decides, not the site.
    messages_per_minute = models.PositiveIntegerField(
        _("messages per minute"),
        default=60,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many emails of a message to participants the mail worker sends per "
            "minute. Keep it within what the mail server accepts."
        ),
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date"]
        permissions = [
            # Held by Organisers: without it, staff work only on the events they
            # are assigned to (EventStaffMembership).
            ("work_on_all_events", _("Can work on every event, not only those assigned")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="event_ends_on_or_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(registration_rate_limit__isnull=True)
                | Q(registration_rate_limit__gte=1),
                name="event_registration_rate_limit_positive",
                violation_error_message=_("Allow at least one sign-up per network address."),
            ),
            models.CheckConstraint(
                condition=Q(messages_per_minute__gte=1),
                name="event_messages_per_minute_positive",
                violation_error_message=_("Send at least one message per minute."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_opening",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("conference:event", kwargs={"event_slug": self.slug})

    @cached_property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_day_bounds(self):
        """The aware instants at which the event's first day starts and last day ends."""
        return (
            datetime.combine(self.start_date, time.min, tzinfo=self.tzinfo),
            datetime.combine(self.end_date, time.max, tzinfo=self.tzinfo),
        )

    def registration_window(self, now=None):
        """Whether sign-ups are accepted at ``now``: not yet open, open, or closed.

        No opening time means registration is not open yet (organisers open it
        deliberately). It closes at the closing time, and in any case when the
        event's last day ends in its own zone: nobody signs up for what is over.
        """
        now = now or timezone.now()
        if now >= self.registration_ends_at:
            return self.RegistrationWindow.CLOSED
        if self.registration_opens_at is None or now < self.registration_opens_at:
            return self.RegistrationWindow.NOT_YET_OPEN
        return self.RegistrationWindow.OPEN

    @property
    def ends_at(self):
        """The instant the event's last day ends: midnight after it, in the event's zone."""
        return datetime.combine(self.end_date + timedelta(days=1), time.min, tzinfo=self.tzinfo)

    @property
    def registration_ends_at(self):
        """When sign-ups stop: the closing time if it comes first, else the event's end."""
        if self.closes_before_the_end:
            return self.registration_closes_at
        return self.ends_at

    @property
    def closes_before_the_end(self):
        """Whether an organiser's closing time, not the end of the event, stops sign-ups."""
        return (
            self.registration_closes_at is not None and self.registration_closes_at < self.ends_at
        )

    @property
    def registration_last_day(self):
        """The last day, in the event's zone, on which sign-ups are taken."""
        if self.closes_before_the_end:
            return self.registration_closes_at.astimezone(self.tzinfo).date()
        return self.end_date

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The event cannot end before it starts.")})
        # The English text alternative (modeltranslation's column): English is what every
        # other language falls back to. Reported on the logo, the field every form that
        # changes it has.
        if self.logo and not self.logo_alt_en:
            raise ValidationError(
                {
                    "logo": _(
                        "Fill in the logo's text alternative, in English at least (usually "
                        "the organisation's name): it is read out in the logo's place to "
                        "people who cannot see it."
                    )
                }
            )
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )


class EventStaffMembership(models.Model):
    """A staff account assigned to one event: its staff pages, door, lists and exports.

    As pretix's teams are limited to some events unless they hold "all events",
    staff work only on the events they are assigned to, unless they hold the
    ``work_on_all_events`` permission (Organisers do).
    """

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="staff_memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.CASCADE,
        related_name="event_staff_memberships",
        limit_choices_to={"is_staff": True},
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("event staff member")
        verbose_name_plural = _("event staff")
        ordering = ["event", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                name="event_staff_membership_once_per_event",
                violation_error_message=_("This account is already on this event's staff."),
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.event}"


class Theme(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="themes"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["event", "order", "pk"]

    def __str__(self):
        return self.title


class SessionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def for_event(self, event):
        return self.filter(event=event)


class Session(models.Model):
    class Type(models.TextChoices):
        KEYNOTE = "keynote", _("Keynote")
        PANEL = "panel", _("Panel")
        ROUNDTABLE = "roundtable", _("Roundtable")
        BRIEFING = "briefing", _("Briefing")
        BREAK = "break", _("Break")
        MEAL = "meal", _("Meal")
        RECEPTION = "reception", _("Reception")
        REGISTRATION = "registration", pgettext_lazy("session type", "Registration")
        OTHER = "other", _("Other")

    class Attribution(models.TextChoices):
        ON_THE_RECORD = "on_record", _("On the record")
        CHATHAM_HOUSE = "chatham_house", _("Chatham House Rule")
        CLOSED = "closed", _("Closed session")

    # Rows shown lighter on the agenda: nobody speaks in them.
    INTERVAL_TYPES = frozenset({Type.BREAK, Type.MEAL, Type.REGISTRATION})

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.PANEL)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=200, blank=True)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        related_name="sessions",
        null=True,
        blank=True,
    )
    attribution = models.CharField(
        _("attribution rule"),
        max_length=20,
        choices=Attribution.choices,
        default=Attribution.CHATHAM_HOUSE,
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown on the public agenda.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Breaks ties between sessions starting together.")
    )
    speakers = models.ManyToManyField(
        "speakers.Speaker",
        through="SessionRole",
        related_name="sessions",
        verbose_name=_("speakers"),
        blank=True,
    )
    # Also moved on by a change to the session's roles, their speakers or its theme
    # (conference.cache.touch_sessions, wired in composition): the agenda keeps each
    # session's rendered entry under it.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["event", "starts_at", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="session_slug_unique_per_event"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["event", "starts_at"])]

    def __str__(self):
        return self.title

    def get_type_display(self):
        return choice_label(self.Type, self.type)

    def get_attribution_display(self):
        return choice_label(self.Attribution, self.attribution)

    @property
    def is_interval(self):
        return self.type in self.INTERVAL_TYPES

    @property
    def type_in_title(self):
        """Whether the title already says the type ("Panel: the risks we share",
        "Coffee break", 「基調講演：…」), in the active language: the agenda then does
        not say it twice."""
        title = self.title.replace("：", ":").casefold()
        label = str(self.get_type_display()).casefold()
        head = title.partition(":")[0].strip() if ":" in title else ""
        return label in title or bool(head and label.startswith(head))

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        if self.event_id and self.starts_at and self.ends_at and not errors:
            first, last = self.event.local_day_bounds()
            if self.starts_at < first or self.ends_at > last:
                errors["starts_at"] = _(
                    "A session must fall within its event's dates (%(start)s to %(end)s, %(zone)s)."
                ) % {
                    "start": self.event.start_date.isoformat(),
                    "end": self.event.end_date.isoformat(),
                    "zone": self.event.time_zone,
                }
        if self.theme_id and self.event_id and self.theme.event_id != self.event_id:
            errors["theme"] = _("This theme belongs to another event.")
        if errors:
            raise ValidationError(errors)


class SessionRole(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MODERATOR = "moderator", _("Moderator")
        KEYNOTE = "keynote", _("Keynote speaker")
        PANELLIST = "panellist", _("Panellist")
        DISCUSSANT = "discussant", _("Discussant")

    # The agenda names several speakers of one role on one line: "Panellists: A, B".
    ROLE_PLURALS = {
        Role.CHAIR: _("Chairs"),
        Role.MODERATOR: _("Moderators"),
        Role.KEYNOTE: _("Keynote speakers"),
        Role.PANELLIST: _("Panellists"),
        Role.DISCUSSANT: _("Discussants"),
    }

    class SpeakingLanguage(models.TextChoices):
        ENGLISH = "en", _("English")
        JAPANESE = "ja", _("Japanese")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="roles"
    )
    speaker = models.ForeignKey(
        "speakers.Speaker",
        verbose_name=_("speaker"),
        on_delete=models.PROTECT,
        related_name="roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PANELLIST)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_(
            "Unconfirmed appearances are shown publicly as 'to be confirmed', not by name."
        ),
    )
    appearance_title = models.CharField(
        _("title for this appearance"),
        max_length=250,
        blank=True,
        help_text=_("The speaker's position at the time, if it differs from their profile."),
    )
    speaking_language = models.CharField(
        _("speaking language"),
        max_length=2,
        choices=SpeakingLanguage.choices,
        blank=True,
        help_text=_("The language the speaker will speak in: interpreters prepare for it."),
    )

    class Meta:
        verbose_name = _("session role")
        verbose_name_plural = _("session roles")
        ordering = ["session", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "speaker"],
                name="session_role_speaker_once_per_session",
                violation_error_message=_("This speaker already has a role in this session."),
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.speaker}"

    def get_role_display(self):
        return choice_label(self.Role, self.role)
