from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    """Messages from the organisers to a chosen audience of one event's participants.

    Above registrations: it reads registrations and queues its emails through
    ``registrations.models.OutgoingEmail``; the mail worker reaches it through
    ``registrations.hooks`` (wired in ``composition/apps.py``).
    """

    name = "messaging"
    verbose_name = _("Messages to participants")
