import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from speakers.plain_text import validate_single_line
from speakers.validators import validate_photo


class SpeakerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


def speaker_photo_path(instance, filename):
    # A random part, so an unpublished speaker's photo cannot be found by guessing.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"speakers/{instance.slug}-{secrets.token_hex(6)}.{extension}"


class Speaker(models.Model):
    honorific = models.CharField(
        _("honorific or rank"),
        max_length=100,
        blank=True,
        validators=[validate_single_line],
        help_text=_("As the speaker writes it: 'Air Chief Marshal Sir', 'Admiral', 'Mr', 'Dr'."),
    )
    given_name = models.CharField(
        _("given name"), max_length=150, validators=[validate_single_line]
    )
    family_name = models.CharField(
        _("family name"), max_length=150, validators=[validate_single_line]
    )
    post_nominals = models.CharField(
        _("post-nominals"),
        max_length=100,
        blank=True,
        validators=[validate_single_line],
        help_text=_("e.g. 'MP', 'KCB CBE'."),
    )
    japanese_name = models.CharField(
        _("name in Japanese script"),
        max_length=150,
        blank=True,
        validators=[validate_single_line],
        help_text=_("e.g. 小野寺五典. Shown on Japanese pages."),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.CharField(
        _("position"), max_length=250, blank=True, validators=[validate_single_line]
    )
    organisation = models.CharField(
        _("organisation"), max_length=250, blank=True, validators=[validate_single_line]
    )
    country = CountryField(_("country"), blank=True)
    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_(
            "Private: for invitations and to recognise the speaker's own registration. "
            "Never shown on the site."
        ),
    )
    biography = models.TextField(
        _("biography"), blank=True, help_text=_("Paragraphs, links and emphasis in Markdown.")
    )
    photo = models.ImageField(
        _("photo"),
        upload_to=speaker_photo_path,
        blank=True,
        validators=[validate_photo],
        help_text=_("JPEG, PNG or WebP; at most 5 MB and 25 million pixels."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Unpublished speakers are hidden from the public."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["family_name", "given_name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        # The public profile (the conference app serves it): the admin's "View on site".
        return reverse("conference:speaker", kwargs={"speaker_slug": self.slug})

    @property
    def name(self):
        return f"{self.given_name} {self.family_name}"

    @property
    def display_name(self):
        """The name as a programme prints it: 'Air Chief Marshal Sir Stephen Hillier'."""
        parts = [self.honorific, self.given_name, self.family_name, self.post_nominals]
        return " ".join(part for part in parts if part)
