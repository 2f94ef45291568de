"""The one place allowed to import every app.

Apps depend on each other one way only: ``speakers`` ← ``conference`` ←
``registrations`` (and the apps that come later sit above them). What has to
know several of them lives here: the demo loader and bench seeding
(``composition.demo``, ``manage.py load_demo`` and ``seed_bench``), admin pages
that show one app's rows on another's (``composition.admin``) and the wiring
that empties the public page cache when programme data changes, and the
higher apps' parts in registrations' extension points (``registrations.hooks``:
the mail worker's tasks, the purge, the staff navigation). Nothing imports this app.
"""

from django.apps import AppConfig


class CompositionConfig(AppConfig):
    name = "composition"

    def ready(self):
        _connect_public_cache_invalidation()
        _fill_extension_points()
        _register_hooks()


def _fill_extension_points():
    """Give the lower apps' slots the higher apps' functions (see each slot's docstring)."""
    from conference import hooks
    from registrations.selectors import speakers_by_delegation

    hooks.speakers_by_delegation.register(speakers_by_delegation)


def _connect_public_cache_invalidation():
    """Any edit to what the public pages show empties their cache (conference/cache.py).

    The admin writes through the ORM directly, which is why model signals, not
    services, drive it.
    """
    from django.db.models.signals import post_delete, post_save

    from conference.cache import invalidate
    from conference.models import Event, Session, SessionRole, Theme, Venue
    from protocol.models import Delegation, PrecedenceCategory
    from registrations.models import AttendanceOption, Registration
    from speakers.models import Speaker

    # Attendance options are on the cached sign-up form (registrations.views).
    # Delegations and precedence order the speakers page (``?order=precedence``).
    for model in (
        Event,
        Venue,
        Theme,
        Session,
        SessionRole,
        Speaker,
        Delegation,
        PrecedenceCategory,
        AttendanceOption,
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                invalidate, sender=model, dispatch_uid=f"public_cache_{model._meta.label}"
            )
    # The agenda keeps each session's entry under its update time: what else the entry
    # shows moves that on (conference.cache.touch_sessions).
    from django.db.models.signals import pre_delete

    for signal in (post_save, post_delete):
        signal.connect(_touch_role_session, sender=SessionRole, dispatch_uid="touch_role")
    post_save.connect(_touch_speaker_sessions, sender=Speaker, dispatch_uid="touch_speaker")
    post_save.connect(_touch_theme_sessions, sender=Theme, dispatch_uid="touch_theme")
    # Before: deleting a theme empties its sessions' theme without a save.
    pre_delete.connect(_touch_theme_sessions, sender=Theme, dispatch_uid="touch_theme_deleted")
    # A speaker's participant registration places them on that page too; a delegate's
    # is on no public page, and sign-ups must not empty the cache.
    for signal in (post_save, post_delete):
        signal.connect(
            _invalidate_for_speaker_participants,
            sender=Registration,
            dispatch_uid="public_cache_speaker_participants",
        )


def _touch_role_session(sender, instance, **kwargs):
    from conference.cache import touch_sessions
    from conference.models import Session

    touch_sessions(Session.objects.filter(pk=instance.session_id))


def _touch_speaker_sessions(sender, instance, **kwargs):
    from conference.cache import touch_sessions
    from conference.models import Session

    touch_sessions(Session.objects.filter(roles__speaker=instance))


def _touch_theme_sessions(sender, instance, **kwargs):
    from conference.cache import touch_sessions
    from conference.models import Session

    touch_sessions(Session.objects.filter(theme=instance))


def _invalidate_for_speaker_participants(sender, instance, **kwargs):
    from conference.cache import invalidate

    if instance.speaker_id is not None:
        invalidate()


def _register_hooks():
    """The higher apps' parts in what registrations does (registrations/hooks.py).

    Messages: the mail worker renders and queues their emails at each event's rate;
    anonymising a person takes their address out of the messages' records; the
    staff pages link to the messages page. Speakers and VIPs: the privacy purge also
    deletes speakers' travel details and restricted notes; the staff pages link to
    the VIP arrivals sheet. Seating: a participant who leaves a session frees their
    seat (the plan is flagged for review); the door card and the manage page show
    published seats; the dashboard warns of plans needing review; the staff pages
    link to the seating plans.
    """
    from messaging import services as messaging_services
    from messaging.nav import MESSAGES
    from registrations import hooks
    from seating import selectors as seating_selectors
    from seating import services as seating_services
    from seating.staff_links import SEATING
    from vip.services import purge_event_data
    from vip.staff_links import ARRIVALS

    def register(hook: list, item):
        if item not in hook:  # ready() may run more than once (tests, reloads)
            hook.append(item)

    register(hooks.worker_tasks, messaging_services.materialise_due)
    register(hooks.on_anonymise, messaging_services.forget_recipient)
    register(hooks.on_purge, purge_event_data)
    register(hooks.staff_links, ARRIVALS)
    register(hooks.staff_links, MESSAGES)
    register(hooks.staff_links, SEATING)
    register(hooks.on_participation_change, seating_services.release_seats)
    register(hooks.participant_notices, seating_selectors.seat_notices)
    register(hooks.dashboard_notices, seating_selectors.dashboard_notices)
