from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolConfig(AppConfig):
    """Delegations and the order of precedence: what a bilateral dialogue's protocol
    officers work with. Sits on ``conference`` and knows nothing of registrations;
    the participants who belong to a delegation, and their ranking, live there."""

    name = "protocol"
    verbose_name = _("Protocol")
