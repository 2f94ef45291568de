from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_groups(sender, using="default", **kwargs):
    # post_migrate comes once per app with models, in INSTALLED_APPS order, each time
    # after that app's permissions are made: the groups, which take permissions of
    # several apps, are put in step once, after the last app's (not once per app: 260
    # queries on every migrate and every test-database flush).
    with_models = [config for config in sender.apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from conference.roles import ensure_staff_groups

    ensure_staff_groups(using=using)


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = _("Conference")

    def ready(self):
        # Permissions are created after migrate, so the staff groups are kept in step then.
        post_migrate.connect(_ensure_groups, dispatch_uid="conference_ensure_staff_groups")
        _connect_session_refresh()
        _bound_lock_waits()


def _connect_session_refresh():
    """A sign-in counts as activity for the idle timeout (conference.middleware)."""
    from django.contrib.auth.signals import user_logged_in

    from conference.middleware import session_refreshed_at_login

    user_logged_in.connect(session_refreshed_at_login, dispatch_uid="conference_session_refresh")


def _bound_lock_waits():
    """A query that waits too long for a lock raises the domain error Busy (conference.db)."""
    from django.db import connections
    from django.db.backends.signals import connection_created

    from conference.db import install

    connection_created.connect(install, dispatch_uid="conference_lock_timeout_as_busy")
    for connection in connections.all(initialized_only=True):
        install(connection=connection)
