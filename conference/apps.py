from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_groups(sender, using="default", **kwargs):
    from conference.roles import ensure_staff_groups

    ensure_staff_groups(using=using)


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = _("Conference")

    def ready(self):
        # Permissions are created after migrate, so the staff groups are kept in step then.
        post_migrate.connect(_ensure_groups, dispatch_uid="conference_ensure_staff_groups")
        _connect_public_cache_invalidation()


def _connect_public_cache_invalidation():
    """Any edit to what the public pages show empties their cache (conference/cache.py)."""
    from django.db.models.signals import post_delete, post_save

    from conference.cache import invalidate
    from conference.models import Event, Session, SessionRole, Theme, Venue
    from speakers.models import Speaker

    for model in (Event, Venue, Theme, Session, SessionRole, Speaker):
        for signal in (post_save, post_delete):
            signal.connect(
                invalidate, sender=model, dispatch_uid=f"public_cache_{model._meta.label}"
            )
