from django.utils.translation import gettext_lazy as _


class RegistrationError(Exception):
    """A rule of the registration workflow refused an operation; the message is for people."""

    default_message = _("This registration cannot be changed that way.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class EventFull(RegistrationError):
    default_message = _("The event is full.")


class InvalidTransition(RegistrationError):
    default_message = _("This status change is not allowed.")
