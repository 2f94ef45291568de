from django.utils.translation import gettext_lazy as _


class RegistrationError(Exception):
    """A rule of the registration workflow refused an operation; the message is for people."""

    default_message = _("This registration cannot be changed that way.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class StaleDetails(RegistrationError):
    default_message = _(
        "Your details were changed elsewhere (in another window, or by the organisers) "
        "after this page was opened. Here they are as they are now: make your change again."
    )


class EventFull(RegistrationError):
    default_message = _("The event is full.")


class InvalidTransition(RegistrationError):
    default_message = _("This status change is not allowed.")


class RegistrationClosed(RegistrationError):
    default_message = _("Registration for this event is not open.")


class DuplicateRegistration(RegistrationError):
    default_message = _("A registration with this email address already exists for this event.")


class InvalidInvitation(RegistrationError):
    default_message = _("This invitation code is not valid for this event.")


class OptionFull(RegistrationError):
    default_message = _("One of the chosen options is full.")


class DeletionNotAllowed(RegistrationError):
    default_message = _("Personal data can be deleted once the event is over or after cancelling.")


class CheckInError(RegistrationError):
    default_message = _("This delegate cannot be checked in.")


class NotConfirmed(CheckInError):
    default_message = _("Only confirmed delegates can be checked in.")


class AlreadyCheckedIn(CheckInError):
    default_message = _("This delegate has already been checked in.")


class NotCheckedIn(CheckInError):
    default_message = _("This delegate has not been checked in.")


class ParticipantError(RegistrationError):
    """A participant cannot be placed or made so: delegation, precedence, speakers."""

    default_message = _("This participant cannot be changed that way.")
