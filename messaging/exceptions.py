from django.utils.translation import gettext_lazy as _


class MessagingError(Exception):
    """A rule about messages refused an operation; the message is for people."""

    default_message = _("This message cannot be changed that way.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class AlreadySent(MessagingError):
    default_message = _("This message has already been sent; it can no longer be changed.")


class EmptyAudience(MessagingError):
    default_message = _("Nobody matches this audience: change the filters before sending.")


class AudienceChanged(MessagingError):
    default_message = _(
        "The audience has changed since this page was shown (someone registered, "
        "cancelled or was checked in). Check the recipients below and confirm again."
    )
