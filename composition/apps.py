"""The one place allowed to import every app.

Apps depend on each other one way only: ``speakers`` ← ``conference`` ←
``registrations`` (and the apps that come later sit above them). What has to
know several of them lives here: the demo loader and bench seeding
(``composition.demo``, ``manage.py load_demo`` and ``seed_bench``), admin pages
that show one app's rows on another's (``composition.admin``) and the wiring
that empties the public page cache when programme data changes. Nothing
imports this app.
"""

from django.apps import AppConfig


class CompositionConfig(AppConfig):
    name = "composition"

    def ready(self):
        _connect_public_cache_invalidation()


def _connect_public_cache_invalidation():
    """Any edit to what the public pages show empties their cache (conference/cache.py).

    The admin writes through the ORM directly, which is why model signals, not
    services, drive it.
    """
    from django.db.models.signals import post_delete, post_save

    from conference.cache import invalidate
    from conference.models import Event, Session, SessionRole, Theme, Venue
    from speakers.models import Speaker

    for model in (Event, Venue, Theme, Session, SessionRole, Speaker):
        for signal in (post_save, post_delete):
            signal.connect(
                invalidate, sender=model, dispatch_uid=f"public_cache_{model._meta.label}"
            )
