from django.utils.translation import gettext_lazy as _


class InvitationError(Exception):
    """A rule of the speaker invitation workflow refused an operation; the message is
    for people (the organiser in the admin, or the speaker on their page)."""

    default_message = _("This invitation cannot be changed that way.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NoEmailAddress(InvitationError):
    default_message = _("This speaker has no email address.")


class NotInvitable(InvitationError):
    default_message = _("These appearances cannot be invited together.")


class InvitationClosed(InvitationError):
    """The link works no more: revoked, expired unanswered, or the event is over."""

    default_message = _("This invitation can no longer be answered.")


class AlreadyAnswered(InvitationError):
    default_message = _("This appearance has already been answered.")


class NotPending(InvitationError):
    default_message = _("This change has already been reviewed.")
