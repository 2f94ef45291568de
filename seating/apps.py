from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeatingConfig(AppConfig):
    """Seating plans and place cards: who sits where at a session or an occasion.

    Sits on ``registrations`` (its participants, their delegations and precedence)
    and knows nothing of the apps above it.
    """

    name = "seating"
    verbose_name = _("Seating")
