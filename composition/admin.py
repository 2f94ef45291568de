"""Admin pages that show one app's rows on another app's page.

The event's page in the admin gains its attendance options (registrations), its
delegations, its own order of precedence and protocol settings (protocol), its seat
counts and the balance of its delegations, the rate and page of its messages to
participants (messaging) and the speakers' self-service setting (vip); raising a
capacity there moves the waiting list up. Saving a session's speakers, or a speaker's
appearances, makes the speakers participants of the event or stops it
(``sync_speaker_participation``); the speaker's page gains their invitations, and
speakers and sessions an action that invites (vip). The conference app's own admin
classes know nothing of registrations, protocol, vip or messaging.
"""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from conference.admin import EventAdmin as BaseEventAdmin
from conference.admin import SessionAdmin as BaseSessionAdmin
from conference.admin import SpeakerAdmin as BaseSpeakerAdmin
from conference.admin_mixins import event_local
from conference.models import Event, Session, SessionRole
from protocol.admin import COLOUR_WIDGET
from protocol.models import Delegation, PrecedenceCategory, ProtocolSettings
from registrations import selectors as registration_selectors
from registrations import services as registration_services
from registrations.exceptions import RegistrationError
from registrations.forms import AttendanceOptionAdminForm
from registrations.models import AttendanceOption, Registration
from speakers.models import Speaker
from vip import selectors as vip_selectors
from vip.admin import invite_url
from vip.models import SpeakerInvitation, VipSettings


class AttendanceOptionInline(TranslationTabularInline):
    model = AttendanceOption
    form = AttendanceOptionAdminForm
    extra = 0
    fields = ["order", "name", "capacity", "sessions"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        sessions = formset.form.base_fields.get("sessions")
        if sessions is not None:
            # The event's own sessions only (none yet while the event is being created).
            sessions.queryset = Session.objects.filter(event=obj).order_by("starts_at", "pk")
        return formset


class VipSettingsInline(admin.StackedInline):
    model = VipSettings
    extra = 1
    max_num = 1
    can_delete = False
    verbose_name = verbose_name_plural = _("Speakers' own changes")


class DelegationInline(TranslationTabularInline):
    model = Delegation
    extra = 0
    formfield_overrides = COLOUR_WIDGET
    fields = ["order", "name", "side", "country", "colour", "target"]
    verbose_name_plural = _("Delegations (participants are assigned on the registrations' list)")


class PrecedenceCategoryInline(TranslationTabularInline):
    model = PrecedenceCategory
    extra = 0
    fields = ["order", "name"]
    verbose_name_plural = _(
        "Own order of precedence (leave empty to use the site-wide list under Protocol)"
    )


class ProtocolSettingsInline(admin.StackedInline):
    model = ProtocolSettings
    can_delete = False
    max_num = 1
    fields = ["balance_threshold"]


SEAT_FIELDS = ("seats", "pending_count", "waitlisted_count")


def _with_seat_counts(fieldsets):
    """The event's fieldsets, with the seat counts under the registration settings and
    the delegations' balance after them."""
    fieldsets = [
        (name, {**options, "fields": [*options["fields"], SEAT_FIELDS]})
        if "registration_mode" in options["fields"]
        else (name, options)
        for name, options in fieldsets
    ]
    return [*fieldsets, (_("Delegation balance"), {"fields": ["delegation_balance"]})]


@admin.action(description=_("Add confirmed speakers as participants"), permissions=["change"])
def add_speakers_as_participants(modeladmin, request, queryset):
    """Every speaker with a confirmed appearance becomes a participant of the event;
    a speaker with none left stops being one (see ``sync_speaker_participation``)."""
    for event in queryset.order_by("start_date", "pk"):
        try:
            counts = registration_services.sync_event_speakers(event=event, by=request.user)
        except RegistrationError as error:
            modeladmin.message_user(request, error.message, messages.ERROR)
            continue
        outcome = registration_services.SpeakerParticipation.Outcome
        modeladmin.message_user(
            request,
            gettext(
                "%(event)s: %(created)s speakers made participants, %(linked)s linked to "
                "their own registration, %(kept)s already participants, %(ended)s no longer "
                "speakers."
            )
            % {
                "event": event.name,
                "created": counts.get(outcome.CREATED, 0),
                "linked": counts.get(outcome.LINKED, 0),
                "kept": counts.get(outcome.KEPT, 0),
                "ended": counts.get(outcome.CANCELLED, 0) + counts.get(outcome.UNLINKED, 0),
            },
            messages.SUCCESS,
        )


def _with_messages(fieldsets):
    """The event's fieldsets, with the messages' rate and page before the record."""
    messages_fieldset = (
        _("Messages to participants"),
        {"fields": ["messages_per_minute", "messages_page"]},
    )
    return [*fieldsets[:-1], messages_fieldset, fieldsets[-1]]


admin.site.unregister(Event)


@admin.register(Event)
class EventAdmin(BaseEventAdmin):
    list_display = [*BaseEventAdmin.list_display, *SEAT_FIELDS]
    inlines = [
        *BaseEventAdmin.inlines,
        AttendanceOptionInline,
        DelegationInline,
        PrecedenceCategoryInline,
        ProtocolSettingsInline,
        VipSettingsInline,
    ]
    readonly_fields = [
        *SEAT_FIELDS,
        "delegation_balance",
        "messages_page",
        *BaseEventAdmin.readonly_fields,
    ]
    fieldsets = _with_messages(_with_seat_counts(BaseEventAdmin.fieldsets))
    actions = [add_speakers_as_participants]

    @admin.display(description=_("balance"))
    def delegation_balance(self, obj):
        """The staff dashboard's balance figures, on the event's page."""
        if obj.pk is None:
            return "—"
        return render_to_string(
            "admin/composition/event/delegation_balance.html",
            {"balance": registration_selectors.delegation_balance(obj), "event": obj},
        )

    @admin.display(description=_("messages"))
    def messages_page(self, obj):
        if obj.pk is None:
            return "—"
        link = reverse("messaging:list", kwargs={"event_slug": obj.slug})
        return format_html('<a href="{}">{}</a>', link, _("Write to participants, and the history"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # More seats, in the event or in one of its options: the waiting list moves
        # up, first come first served. After the inlines, so new option capacities count.
        option_capacity_changed = any(
            "capacity" in inline.changed_data
            for formset in formsets
            if formset.model is AttendanceOption
            for inline in formset.forms
        )
        if change and ("capacity" in form.changed_data or option_capacity_changed):
            promoted = registration_services.promote_from_waiting_list(
                event=form.instance, by=request.user
            )
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d delegate promoted from the waiting list and emailed.",
                        "%(count)d delegates promoted from the waiting list and emailed.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                    messages.SUCCESS,
                )

    def get_queryset(self, request):
        status = Registration.Status
        return (
            super()
            .get_queryset(request)
            .annotate(
                # Seats taken: speakers take none (registrations.services.confirmed_count).
                confirmed_total=Count(
                    "registrations",
                    filter=Q(
                        registrations__status=status.CONFIRMED,
                        registrations__speaker__isnull=True,
                    ),
                ),
                pending_total=Count(
                    "registrations", filter=Q(registrations__status=status.PENDING)
                ),
                waitlisted_total=Count(
                    "registrations", filter=Q(registrations__status=status.WAITLISTED)
                ),
            )
        )

    @admin.display(description=_("seats taken"), ordering="confirmed_total")
    def seats(self, obj):
        if obj.pk is None:
            return "—"
        return f"{obj.confirmed_total} / {obj.capacity}"

    @admin.display(description=_("pending"), ordering="pending_total")
    def pending_count(self, obj):
        return obj.pending_total if obj.pk else "—"

    @admin.display(description=_("waiting list"), ordering="waitlisted_total")
    def waitlisted_count(self, obj):
        return obj.waitlisted_total if obj.pk else "—"


def _sync_speakers(request, event_speakers, message_user):
    """Make each (event, speaker) pair's participation follow the appearances just saved."""
    for event, speaker in sorted(event_speakers, key=lambda pair: (pair[0].pk, pair[1].pk)):
        try:
            registration_services.sync_speaker_participation(
                event=event, speaker=speaker, by=request.user
            )
        except RegistrationError as error:
            message_user(request, error.message, messages.ERROR)


def _role_speakers_and_sessions(formsets):
    """(session ids, speaker ids) of every appearance on the page, before and after."""
    sessions, speakers = set(), set()
    for formset in formsets:
        if formset.model is not SessionRole:
            continue
        for form in formset.forms:
            for name, found in (("session", sessions), ("speaker", speakers)):
                before = form.initial.get(name)
                if before:
                    found.add(getattr(before, "pk", before))
                value = getattr(form.instance, f"{name}_id", None)
                if value:
                    found.add(value)
    return sessions, speakers


# --- speakers and sessions: their invitations (vip) ------------------------------------


@admin.action(description=_("Invite the selected speakers to their appearances…"))
def invite_speakers(modeladmin, request, queryset):
    return HttpResponseRedirect(invite_url(speakers=queryset.values_list("pk", flat=True)))


@admin.action(description=_("Invite the speakers of the selected sessions…"))
def invite_session_speakers(modeladmin, request, queryset):
    return HttpResponseRedirect(invite_url(sessions=queryset.values_list("pk", flat=True)))


for _action in (invite_speakers, invite_session_speakers):
    _action.allowed_permissions = ("invite",)


class InviteActionMixin:
    def has_invite_permission(self, request):
        return request.user.has_perm("vip.add_speakerinvitation")


admin.site.unregister(Speaker)


@admin.register(Speaker)
class SpeakerAdmin(InviteActionMixin, BaseSpeakerAdmin):
    """A speaker's appearances, saved: a participant of each event they appear in; and
    their invitations (vip)."""

    actions = [*(BaseSpeakerAdmin.actions or []), invite_speakers]
    readonly_fields = [*BaseSpeakerAdmin.readonly_fields, "speaker_invitations"]
    fieldsets = [
        *BaseSpeakerAdmin.fieldsets,
        (_("Invitations"), {"fields": ["speaker_invitations"]}),
    ]

    @admin.display(description=_("invitations"))
    def speaker_invitations(self, obj):
        """Each invitation of the speaker, its state and when it was sent: read here,
        acted on from Speakers and VIPs › Speaker invitations."""
        if obj is None or obj.pk is None:
            return "—"
        invitations = vip_selectors.with_answer_counts(
            SpeakerInvitation.objects.filter(speaker=obj).select_related("event")
        ).order_by("-sent_at")
        rows = [
            (
                reverse("admin:vip_speakerinvitation_change", args=[invitation.pk]),
                invitation.event,
                gettext("%(state)s; sent %(sent)s")
                % {
                    "state": SpeakerInvitation.State(
                        vip_selectors.invitation_state(invitation)
                    ).label,
                    "sent": event_local(invitation.sent_at, invitation.event),
                },
            )
            for invitation in invitations
        ]
        if not rows:
            return gettext("Not invited through the site yet.")
        return format_html(
            "<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a>: {}</li>', rows)
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        session_ids, _speakers = _role_speakers_and_sessions(formsets)
        events = Event.objects.filter(sessions__pk__in=session_ids).distinct()
        pairs = {(event, form.instance) for event in events}
        _sync_speakers(request, pairs, self.message_user)


admin.site.unregister(Session)


@admin.register(Session)
class SessionAdmin(InviteActionMixin, BaseSessionAdmin):
    """A session's speakers, saved: each becomes (or stops being) a participant."""

    actions = [*(BaseSessionAdmin.actions or []), invite_session_speakers]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _sessions, speaker_ids = _role_speakers_and_sessions(formsets)
        event = form.instance.event
        pairs = {(event, speaker) for speaker in Speaker.objects.filter(pk__in=speaker_ids)}
        _sync_speakers(request, pairs, self.message_user)
