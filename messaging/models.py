from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from speakers.plain_text import validate_multi_line, validate_single_line

SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20_000


class Message(models.Model):
    """What organisers write to an audience of one event, in English and Japanese.

    A draft can be changed and previewed; sending it fixes the audience (one
    ``MessageRecipient`` per person) and leaves the rest to the mail worker, which
    renders and queues each recipient's email at the event's ``messages_per_minute``.
    Kept as long as the registrations are; the privacy purge takes the recipients'
    addresses out of it (``services.forget_recipient``).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, editable=False
    )
    subject_en = models.CharField(
        _("subject (English)"),
        max_length=SUBJECT_MAX_LENGTH,
        validators=[validate_single_line],
    )
    body_en = models.TextField(
        _("message (English)"), max_length=BODY_MAX_LENGTH, validators=[validate_multi_line]
    )
    subject_ja = models.CharField(
        _("subject (Japanese)"),
        max_length=SUBJECT_MAX_LENGTH,
        blank=True,
        validators=[validate_single_line],
    )
    body_ja = models.TextField(
        _("message (Japanese)"),
        max_length=BODY_MAX_LENGTH,
        blank=True,
        validators=[validate_multi_line],
    )
    # messaging.audience.Audience.as_json(): who it goes to, as the organiser chose.
    audience = models.JSONField(_("audience"), default=dict)
    # The accounts, and their names as text so the history still says who after an
    # account is deleted.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by_name = models.CharField(_("written by"), max_length=150, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_by_name = models.CharField(_("sent by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("send_message", _("Can write and send messages to participants")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft", sent_at__isnull=True)
                | Q(state="sent", sent_at__isnull=False),
                name="message_sent_has_sent_at",
                violation_error_message=_("A sent message has a sending time; a draft has none."),
            ),
            # Both parts of the Japanese version, or neither: a Japanese subject over
            # an English body would be worse than the English version.
            models.CheckConstraint(
                condition=Q(subject_ja="", body_ja="") | (~Q(subject_ja="") & ~Q(body_ja="")),
                name="message_japanese_subject_and_body_together",
                violation_error_message=_(
                    "Give both the Japanese subject and the Japanese message, or neither."
                ),
            ),
        ]
        indexes = [models.Index(fields=["event", "state", "-created_at"])]

    def __str__(self):
        return self.subject_en

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def has_japanese(self) -> bool:
        return bool(self.subject_ja.strip() and self.body_ja.strip())

    def language_for(self, registration_language: str) -> str:
        """The version a recipient gets: their own language, English when there is no
        Japanese version."""
        if registration_language == "ja" and self.has_japanese:
            return "ja"
        return "en"


class MessageRecipient(models.Model):
    """One person a sent message goes to, and what became of it.

    Pending until the mail worker's turn comes (at the event's rate); then the email
    is rendered and queued (``outgoing_email``), and from there its state is the
    email's: queued (retried while the mail server refuses it), sent, or failed for
    good. ``state`` is stored for what has no email: pending, not sent (the person
    was anonymised before their turn), and the outcome kept when the privacy purge
    deletes the email (see ``selectors.recipient_state``).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        QUEUED = "queued", _("In the mail queue")
        SENT = "sent", _("Delivered")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent")

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="recipients"
    )
    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="message_receipts",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # The address it was sent to, filled when the email is rendered; the purge empties it.
    email = models.EmailField(_("sent to"), blank=True)
    outgoing_email = models.OneToOneField(
        "registrations.OutgoingEmail",
        verbose_name=_("email"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="message_recipient",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    resent_count = models.PositiveSmallIntegerField(_("sent again"), default=0)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["message", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "registration"],
                name="message_recipient_once_per_message",
                violation_error_message=_("This participant is already a recipient."),
            )
        ]
        indexes = [
            models.Index(fields=["state", "message"]),
            models.Index(fields=["queued_at"]),
        ]

    def __str__(self):
        return f"{self.message_id} → {self.registration_id}"
