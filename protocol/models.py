"""Delegations and the order of precedence of an event.

A participant (``registrations.Registration``) belongs to at most one delegation of
its event and holds a precedence category; both relations live on the participant.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from protocol.colours import COLOUR_PATTERN, text_colour_on, validate_colour
from speakers.plain_text import validate_single_line


class ColourField(models.CharField):
    """``#rrggbb`` in lower case; ``#1F4E79`` typed is stored as ``#1f4e79``."""

    default_validators = [validate_colour]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)
        # The pattern says it all, in one message: no second "at most 7 characters".
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip().lower() if isinstance(value, str) else value

    def formfield(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "color"}))
        kwargs.setdefault("max_length", None)
        return super().formfield(**kwargs)


class PrecedenceCategoryQuerySet(models.QuerySet):
    def site_wide(self):
        return self.filter(event__isnull=True)


class PrecedenceCategory(models.Model):
    """One step of the order of precedence: 'Minister', 'Four-star officer'…

    An event uses its own list when it has one, else the site-wide list (rows with
    no event). Within a category, participants are ordered by their own manual
    rank, then by name.
    """

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="precedence_categories",
        null=True,
        blank=True,
        help_text=_(
            "Leave empty for the site-wide list, which every event without a list of its own uses."
        ),
    )
    name = models.CharField(
        _("name"),
        max_length=150,
        validators=[validate_single_line],
        help_text=_("e.g. Minister; Four-star officer; Director-General."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), help_text=_("Smaller comes first: ministers before ambassadors.")
    )

    objects = PrecedenceCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("precedence category")
        verbose_name_plural = _("order of precedence")
        ordering = [models.F("event").asc(nulls_first=True), "order", "pk"]

    def __str__(self):
        return self.name


class Delegation(models.Model):
    """A side of the dialogue: 'United Kingdom delegation' / 英国代表団, observers, organisers."""

    class Side(models.TextChoices):
        COUNTRY = "country", _("A country")
        OBSERVERS = "observers", _("Observers")
        ORGANISERS = "organisers", _("Organisers")

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="delegations",
    )
    name = models.CharField(
        _("name"),
        max_length=150,
        validators=[validate_single_line],
        help_text=_("e.g. United Kingdom delegation / 英国代表団."),
    )
    side = models.CharField(_("side"), max_length=20, choices=Side.choices, default=Side.COUNTRY)
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_(
            "The country a country's delegation represents. Participants of that nationality "
            "are suggested for it."
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("display order"), default=0, help_text=_("Smaller comes first in lists and badges.")
    )
    colour = ColourField(
        _("colour"),
        default="#1f4e79",
        help_text=_(
            "Used on badges and charts; text on it is black or white, whichever reads better."
        ),
    )
    target = models.PositiveIntegerField(
        _("target"),
        null=True,
        blank=True,
        help_text=_(
            "Optional: how many participants the delegation should have, e.g. 40. The "
            "balance view warns when its confirmed participants go over."
        ),
    )

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["event", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(side="country") | ~Q(country=""),
                name="delegation_country_side_names_its_country",
                violation_error_message=_("A country's delegation must name its country."),
            ),
            models.CheckConstraint(
                condition=Q(side="country") | Q(country=""),
                name="delegation_only_country_side_has_country",
                violation_error_message=_(
                    "Only a country's delegation has a country; observers and organisers do not."
                ),
            ),
            models.CheckConstraint(
                condition=Q(colour__regex=COLOUR_PATTERN),
                name="delegation_colour_is_rrggbb",
                violation_error_message=_("The colour must be # and six hexadecimal digits."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def text_colour(self) -> str:
        """Black or white, for text on the delegation's colour (at least 4.5:1)."""
        return text_colour_on(self.colour)

    @property
    def is_country(self) -> bool:
        return self.side == self.Side.COUNTRY


class ProtocolSettings(models.Model):
    """An event's protocol settings: when the balance view warns."""

    event = models.OneToOneField(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="protocol_settings",
    )
    balance_threshold = models.PositiveSmallIntegerField(
        _("balance threshold"),
        default=5,
        help_text=_(
            "Warn when the confirmed participants of two countries' delegations differ by "
            "more than this many."
        ),
    )

    #: What an event without settings of its own gets.
    DEFAULT_BALANCE_THRESHOLD = 5

    class Meta:
        verbose_name = _("protocol settings")
        verbose_name_plural = _("protocol settings")

    def __str__(self):
        return str(self.event)
