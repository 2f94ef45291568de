"""Speakers and VIPs in the admin: invitations and their states, the speakers' own
changes waiting for review (with a diff), travel and arrivals, and the step that
invites speakers to their appearances.

The restricted note on travel details is a field only holders of
``vip.view_restricted_note`` (Organisers) ever get: it is left out of the form, the
page, the list and the search for everyone else.
"""

import difflib
import re
from collections import defaultdict

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from conference.admin_inlines import ReadOnlyInline
from conference.admin_mixins import EventScopedAdminMixin, StaffEventListFilter, event_local
from conference.models import SessionRole
from conference.selectors import staff_events
from speakers.models import Speaker
from vip import selectors, services
from vip.exceptions import InvitationError
from vip.forms import InviteForm, OrganiserLogisticsForm
from vip.models import (
    InvitationActivity,
    InvitationEmail,
    InvitedAppearance,
    SpeakerInvitation,
    SpeakerLogistics,
    SpeakerProfileRevision,
)

RESTRICTED_PERMISSION = "vip.view_restricted_note"
State = SpeakerInvitation.State


def can_see_restricted(request) -> bool:
    return request.user.has_perm(RESTRICTED_PERMISSION)


# --- inviting ----------------------------------------------------------------------------


def invite_url(**query) -> str:
    params = "&".join(f"{key}={','.join(str(v) for v in values)}" for key, values in query.items())
    return f"{reverse('admin:vip_speakerinvitation_invite')}?{params}"


@admin.action(description=_("Invite the selected speakers to these appearances…"))
def invite_selected_appearances(modeladmin, request, queryset):
    return HttpResponseRedirect(invite_url(roles=queryset.values_list("pk", flat=True)))


invite_selected_appearances.allowed_permissions = ("invite",)


def _parse_ids(value: str) -> list[int]:
    return [int(part) for part in value.split(",") if part.strip().isdigit()]


class InviteView:
    """The admin step between choosing appearances and sending the invitations.

    Reached from the actions on appearances, sessions and speakers with the chosen
    rows in the query string (``roles=``, ``sessions=``, or ``speakers=`` and
    ``event=``). Shows each speaker's appearances in one event, ticked, with a
    language per speaker; sending calls ``services.invite_speaker`` once per speaker.
    """

    template_name = "vip/admin/invite.html"

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def __call__(self, request):
        if not request.user.has_perm("vip.add_speakerinvitation"):
            raise PermissionDenied
        roles = self.candidate_roles(request)
        events = sorted({role.session.event for role in roles}, key=lambda e: e.start_date)
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": SpeakerInvitation._meta,
            "title": gettext("Invite speakers"),
        }
        if len(events) > 1 and not request.GET.get("event"):
            context["events"] = [
                (event, f"{request.get_full_path()}&event={event.pk}") for event in events
            ]
            return TemplateResponse(request, self.template_name, context)
        if not roles:
            self.model_admin.message_user(
                request,
                gettext("Choose appearances (of events you work on) to invite speakers to."),
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:vip_speakerinvitation_changelist"))
        event = events[0]
        by_speaker = defaultdict(list)
        for role in roles:
            by_speaker[role.speaker].append(role)
        speakers = sorted(by_speaker, key=lambda s: (s.family_name, s.given_name, s.pk))
        previous = {
            invitation.speaker_id: invitation
            for invitation in SpeakerInvitation.objects.filter(event=event, speaker__in=speakers)
        }
        form = InviteForm(request.POST or None, speakers=speakers, previous=previous)
        if request.method == "POST" and form.is_valid():
            chosen = set(_parse_ids(",".join(request.POST.getlist("role"))))
            return self.send(request, event, by_speaker, speakers, chosen, form)
        context.update(
            event=event,
            form=form,
            groups=[
                {
                    "speaker": speaker,
                    "language": form[f"language_{speaker.pk}"],
                    "roles": by_speaker[speaker],
                    "invitation": previous.get(speaker.pk),
                }
                for speaker in speakers
            ],
        )
        return TemplateResponse(request, self.template_name, context)

    def candidate_roles(self, request) -> list[SessionRole]:
        roles = SessionRole.objects.select_related("session__event", "speaker").filter(
            session__event__in=staff_events(request.user)
        )
        query = request.GET
        if query.get("roles"):
            roles = roles.filter(pk__in=_parse_ids(query["roles"]))
        elif query.get("sessions"):
            roles = roles.filter(session__in=_parse_ids(query["sessions"]))
        elif query.get("speakers"):
            roles = roles.filter(speaker__in=_parse_ids(query["speakers"]))
        else:
            return []
        if query.get("event", "").isdigit():
            roles = roles.filter(session__event=int(query["event"]))
        return list(roles.order_by("session__starts_at", "session__order", "order", "pk"))

    def send(self, request, event, by_speaker, speakers, chosen, form):
        sent = 0
        for speaker in speakers:
            roles = [role for role in by_speaker[speaker] if role.pk in chosen]
            if not roles:
                continue
            try:
                services.invite_speaker(
                    event=event,
                    speaker=speaker,
                    roles=roles,
                    language=form.language_for(speaker),
                    by=request.user,
                    personal_message=form.cleaned_data["personal_message"],
                )
            except InvitationError as error:
                self.model_admin.message_user(request, error.message, messages.ERROR)
            else:
                sent += 1
        if sent:
            self.model_admin.message_user(
                request,
                ngettext(
                    "%(count)d invitation sent: the email is on its way.",
                    "%(count)d invitations sent: the emails are on their way.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        elif not chosen:
            self.model_admin.message_user(
                request, gettext("Tick at least one appearance."), messages.ERROR
            )
        changelist = reverse("admin:vip_speakerinvitation_changelist")
        return HttpResponseRedirect(f"{changelist}?event__id__exact={event.pk}")


# --- invitations -------------------------------------------------------------------------


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        now = timezone.now()
        open_ = Q(revoked_at__isnull=True)
        answered = Q(pending_total=0) & (Q(accepted_total__gt=0) | Q(declined_total__gt=0))
        waiting = open_ & ~answered
        conditions = {
            State.REVOKED: Q(revoked_at__isnull=False),
            State.ACCEPTED: open_ & answered & Q(declined_total=0),
            State.DECLINED: open_ & answered & Q(accepted_total=0),
            State.ANSWERED: open_ & answered & Q(accepted_total__gt=0, declined_total__gt=0),
            State.EXPIRED: waiting & Q(expires_at__lte=now),
            State.OPENED: waiting & Q(expires_at__gt=now, opened_at__isnull=False),
            State.SENT: waiting & Q(expires_at__gt=now, opened_at__isnull=True),
        }
        return queryset.filter(conditions[value])


class InvitedAppearanceInline(ReadOnlyInline):
    model = InvitedAppearance
    fields = ["session", "role_name", "answer", "answered", "message"]
    verbose_name_plural = _("appearances and answers")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("role__session", "invitation__event")

    @admin.display(description=_("session"))
    def session(self, obj):
        return obj.role.session

    @admin.display(description=_("role"))
    def role_name(self, obj):
        return obj.role.get_role_display()

    @admin.display(description=_("answered"))
    def answered(self, obj):
        return event_local(obj.answered_at, obj.invitation.event)


class ActivityInline(ReadOnlyInline):
    model = InvitationActivity
    fields = ["when", "action", "by", "detail"]
    verbose_name_plural = _("history")

    @admin.display(description=_("when"))
    def when(self, obj):
        return event_local(obj.at, obj.invitation.event)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("invitation__event", "by")


class EmailInline(ReadOnlyInline):
    model = InvitationEmail
    fields = ["created", "kind", "to", "subject", "state", "sent"]
    verbose_name_plural = _("emails")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("email", "invitation__event")

    @admin.display(description=_("queued"))
    def created(self, obj):
        return event_local(obj.email.created_at, obj.invitation.event)

    @admin.display(description=_("kind"))
    def kind(self, obj):
        return InvitationEmail.Kind(obj.email.kind).label

    @admin.display(description=_("to"))
    def to(self, obj):
        return obj.email.to

    @admin.display(description=_("subject"))
    def subject(self, obj):
        return obj.email.subject

    @admin.display(description=_("state"))
    def state(self, obj):
        return obj.email.get_state_display()

    @admin.display(description=_("sent"))
    def sent(self, obj):
        return event_local(obj.email.sent_at, obj.invitation.event)


@admin.register(SpeakerInvitation)
class SpeakerInvitationAdmin(EventScopedAdminMixin, admin.ModelAdmin):
    """Each speaker's invitation to an event, its state and when, its answers and emails."""

    # Methods, not the foreign keys: the admin keeps those on one line, and the answer
    # counts would scroll out of sight.
    list_display = [
        "speaker_name",
        "event_name",
        "state_label",
        "since",
        "answers",
        "reminder_count",
    ]
    list_display_links = ["speaker_name"]
    list_filter = ["event", StateFilter, "language"]
    list_select_related = ["event", "speaker"]
    search_fields = ["speaker__given_name", "speaker__family_name", "speaker__japanese_name"]
    fields = [
        "event",
        "speaker",
        "state_label",
        "since",
        "accepted",
        "declined",
        "waiting",
        "language",
        "personal_message",
        "sent",
        "answer_by",
        "opened",
        "answered",
        "last_reminder",
        "reminder_count",
        "revoked",
        "invited_by",
        "link",
    ]
    readonly_fields = fields
    inlines = [InvitedAppearanceInline, ActivityInline, EmailInline]
    actions = ["send_new_links", "revoke"]

    def get_urls(self):
        invite = self.admin_site.admin_view(InviteView(self))
        return [
            path("invite/", invite, name="vip_speakerinvitation_invite"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return selectors.with_answer_counts(super().get_queryset(request))

    def has_add_permission(self, request):
        return False  # invitations are made by the "Invite" step, from the appearances

    def has_change_permission(self, request, obj=None):
        # Read-only page: an invitation changes through its actions (a new link, revoke).
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the answers and the history stay on record

    def has_invite_permission(self, request):
        return request.user.has_perm("vip.add_speakerinvitation")

    @admin.display(description=_("state"))
    def state_label(self, obj):
        return State(selectors.invitation_state(obj)).label

    @admin.display(description=_("since"))
    def since(self, obj):
        state = selectors.invitation_state(obj)
        moment = {
            State.SENT: obj.sent_at,
            State.OPENED: obj.opened_at,
            State.ACCEPTED: obj.answered_at,
            State.DECLINED: obj.answered_at,
            State.ANSWERED: obj.answered_at,
            State.EXPIRED: obj.expires_at,
            State.REVOKED: obj.revoked_at,
        }[state]
        return event_local(moment, obj.event)

    @admin.display(description=_("speaker"), ordering="speaker__family_name")
    def speaker_name(self, obj):
        return str(obj.speaker)

    @admin.display(description=_("event"), ordering="event__start_date")
    def event_name(self, obj):
        return obj.event.name

    @admin.display(description=_("accepted · declined · not answered"))
    def answers(self, obj):
        return f"{obj.accepted_total} · {obj.declined_total} · {obj.pending_total}"

    @admin.display(description=_("accepted"), ordering="accepted_total")
    def accepted(self, obj):
        return obj.accepted_total

    @admin.display(description=_("declined"), ordering="declined_total")
    def declined(self, obj):
        return obj.declined_total

    @admin.display(description=_("not answered"), ordering="pending_total")
    def waiting(self, obj):
        return obj.pending_total

    @admin.display(description=_("sent"), ordering="sent_at")
    def sent(self, obj):
        return event_local(obj.sent_at, obj.event)

    @admin.display(description=_("answer by"))
    def answer_by(self, obj):
        return event_local(obj.expires_at, obj.event)

    @admin.display(description=_("first opened"), ordering="opened_at")
    def opened(self, obj):
        return event_local(obj.opened_at, obj.event)

    @admin.display(description=_("answered"))
    def answered(self, obj):
        return event_local(obj.answered_at, obj.event)

    @admin.display(description=_("last reminder"))
    def last_reminder(self, obj):
        return event_local(obj.last_reminded_at, obj.event)

    @admin.display(description=_("revoked"))
    def revoked(self, obj):
        return event_local(obj.revoked_at, obj.event)

    @admin.display(description=_("speaker's page"))
    def link(self, obj):
        return gettext(
            "The link is only in the emails sent to the speaker. To give them a new one "
            "(the old one then stops working), use the action “Send a new link”."
        )

    @admin.action(
        description=_("Send a new link (earlier links stop working)"), permissions=["change"]
    )
    def send_new_links(self, request, queryset):
        sent = 0
        for invitation in queryset.select_related("event", "speaker"):
            try:
                services.send_new_link(invitation=invitation, by=request.user)
            except InvitationError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext("%(count)d new link sent.", "%(count)d new links sent.", sent)
                % {"count": sent},
                messages.SUCCESS,
            )

    @admin.action(description=_("Revoke (the links stop working)"), permissions=["change"])
    def revoke(self, request, queryset):
        revoked = 0
        for invitation in queryset:
            try:
                services.revoke_invitation(invitation=invitation, by=request.user)
            except InvitationError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                revoked += 1
        if revoked:
            self.message_user(
                request,
                ngettext("%(count)d invitation revoked.", "%(count)d invitations revoked.", revoked)
                % {"count": revoked},
                messages.SUCCESS,
            )


# --- appearances -------------------------------------------------------------------------


class AnswerFilter(admin.SimpleListFilter):
    title = _("speaker's answer")
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        return [("none", _("Not invited")), *InvitedAppearance.Answer.choices]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(invitation_answer__isnull=True)
        if self.value():
            return queryset.filter(invitation_answer__answer=self.value())
        return queryset


@admin.register(SessionRole)
class AppearanceAdmin(EventScopedAdminMixin, admin.ModelAdmin):
    """Every appearance of every speaker, with the speaker's answer: where organisers
    choose whom to invite. Appearances are added and edited on their session's page."""

    event_lookup = "session__event"
    list_display = [
        "speaker_name",
        "session_title",
        "event",
        "starts",
        "role",
        "is_confirmed",
        "answer",
    ]
    list_display_links = ["speaker_name"]
    ordering = ["-session__event__start_date", "session__starts_at", "session__order", "order"]
    list_filter = [("session__event", StaffEventListFilter), "is_confirmed", AnswerFilter, "role"]
    list_select_related = ["speaker", "session__event", "invitation_answer"]
    search_fields = [
        "speaker__given_name",
        "speaker__family_name",
        "speaker__japanese_name",
        "session__title_en",
        "session__title_ja",
    ]
    actions = [invite_selected_appearances]
    fields = ["session", "speaker", "role", "appearance_title", "speaking_language", "is_confirmed"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Read-only here (the session's page edits appearances); the action needs it.
        return obj is None and super().has_change_permission(request, obj)

    def has_invite_permission(self, request):
        return request.user.has_perm("vip.add_speakerinvitation")

    def has_delete_permission(self, request, obj=None):
        return False

    # Methods rather than the foreign keys themselves: the admin keeps those on one line,
    # and long session titles would push the answers out of sight.
    @admin.display(description=_("speaker"), ordering="speaker__family_name")
    def speaker_name(self, obj):
        return str(obj.speaker)

    @admin.display(description=_("session"), ordering="session__starts_at")
    def session_title(self, obj):
        return obj.session.title

    @admin.display(description=_("event"), ordering="session__event__start_date")
    def event(self, obj):
        return obj.session.event

    @admin.display(description=_("starts"), ordering="session__starts_at")
    def starts(self, obj):
        return event_local(obj.session.starts_at, obj.session.event)

    @admin.display(description=_("speaker's answer"))
    def answer(self, obj):
        answer = getattr(obj, "invitation_answer", None)
        if answer is None:
            return gettext("Not invited")
        if answer.answered_at:
            when = event_local(answer.answered_at, obj.session.event)
            return f"{answer.get_answer_display()} ({when})"
        return answer.get_answer_display()


# --- profile changes ---------------------------------------------------------------------


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str):
    """The change from ``old`` to ``new``, word by word: removed words in <del>, added
    in <ins> (characters one by one for Japanese, which has no spaces)."""

    def tokens(text):
        return (
            list(text)
            if re.search(r"[\u3000-\u9fff\uff00-\uffef]", text)
            else _TOKENS.findall(text)
        )

    a, b = tokens(old or ""), tokens(new or "")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    return mark_safe("".join(parts))


@admin.register(SpeakerProfileRevision)
class SpeakerProfileRevisionAdmin(admin.ModelAdmin):
    """Changes speakers sent from their page, to approve (they go public) or reject."""

    change_form_template = "vip/admin/revision_change_form.html"
    list_display = ["speaker", "status", "submitted", "reviewed_at", "reviewed_by"]
    list_filter = ["status"]
    list_select_related = ["speaker", "reviewed_by"]
    search_fields = ["speaker__given_name", "speaker__family_name", "speaker__japanese_name"]
    fields = [
        "speaker",
        "status",
        "submitted",
        "differences",
        "current_photo",
        "new_photo",
        "review_note",
        "reviewed_at",
        "reviewed_by",
    ]
    actions = ["approve_selected", "reject_selected"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.has_perm("conference.work_on_all_events"):
            return queryset
        # Staff of some events: changes sent from invitations to those events.
        return queryset.filter(invitation__event__in=staff_events(request.user))

    def get_readonly_fields(self, request, obj=None):
        readonly = [name for name in self.fields if name != "review_note"]
        if obj is not None and obj.status != SpeakerProfileRevision.Status.PENDING:
            readonly.append("review_note")
        return readonly

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("sent"), ordering="submitted_at")
    def submitted(self, obj):
        return timezone.localtime(obj.submitted_at).strftime("%Y-%m-%d %H:%M %Z")

    @admin.display(description=_("changes"))
    def differences(self, obj):
        speaker = obj.speaker
        rows = []
        languages = dict(settings.LANGUAGES)
        for name, new in obj.changes.items():
            field = Speaker._meta.get_field(name)
            # modeltranslation's copies name their field and language: "position (Japanese)".
            label = capfirst(getattr(field, "translated_field", field).verbose_name)
            if getattr(field, "language", None):
                label = f"{label} ({languages[field.language]})"
            old = getattr(speaker, name) or ""
            rows.append((label, old, new, word_diff(old, new)))
        if not rows:
            return gettext("No text changes.")
        header = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            gettext("field"),
            gettext("now on the site"),
            gettext("proposed"),
            gettext("difference"),
        )
        body = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td class="vip-diff">{}</td></tr>',
            rows,
        )
        return format_html('<table class="vip-diff-table">{}{}</table>', header, body)

    @admin.display(description=_("photo now"))
    def current_photo(self, obj):
        if not obj.speaker.photo:
            return gettext("No photo.")
        return format_html(
            '<img src="{}" alt="" style="max-height:200px;max-width:200px">', obj.speaker.photo.url
        )

    @admin.display(description=_("new photo"))
    def new_photo(self, obj):
        if not obj.photo:
            return gettext("No new photo.")
        return format_html(
            '<img src="{}" alt="" style="max-height:200px;max-width:200px">', obj.photo.url
        )

    def response_change(self, request, obj):
        if "_approve" in request.POST or "_reject" in request.POST:
            # The service's own message says what happened; back to the list of changes.
            return HttpResponseRedirect(reverse("admin:vip_speakerprofilerevision_changelist"))
        return super().response_change(request, obj)

    def save_model(self, request, obj, form, change):
        """Only the two buttons change anything, each through its service."""
        note = form.cleaned_data.get("review_note", "")
        decisions = {
            "_approve": (
                services.approve_revision,
                _("Approved: the changes are on the site now."),
            ),
            "_reject": (
                services.reject_revision,
                _("Rejected: the speaker's profile is unchanged."),
            ),
        }
        for button, (service, done) in decisions.items():
            if button in request.POST:
                try:
                    service(revision=obj, by=request.user, note=note)
                except InvitationError as error:
                    self.message_user(request, error.message, messages.ERROR)
                else:
                    self.message_user(request, done, messages.SUCCESS)

    def _review(self, request, queryset, service, done):
        count = 0
        for revision in queryset:
            try:
                service(revision=revision, by=request.user)
            except InvitationError as error:
                self.message_user(request, f"{revision}: {error.message}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(
        description=_("Approve selected changes (they go public)"), permissions=["change"]
    )
    def approve_selected(self, request, queryset):
        self._review(request, queryset, services.approve_revision, gettext("%(count)d approved."))

    @admin.action(description=_("Reject selected changes"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self._review(request, queryset, services.reject_revision, gettext("%(count)d rejected."))


# --- travel and arrivals -----------------------------------------------------------------

RESTRICTED_FIELDSET = (_("Restricted (Organisers only)"), {"fields": ["restricted_note"]})


@admin.register(SpeakerLogistics)
class SpeakerLogisticsAdmin(EventScopedAdminMixin, admin.ModelAdmin):
    """Travel and arrival details per speaker and event, dates and times local to the event.

    The restricted note appears only for holders of ``vip.view_restricted_note``.
    """

    form = OrganiserLogisticsForm
    list_display = [
        "speaker",
        "event",
        "arrival",
        "arrival_point",
        "escort",
        "car",
        "venue_entrance",
        "speaker_changed",
    ]
    list_filter = ["event", "car_meets"]
    list_select_related = ["speaker", "event"]
    # Never the restricted note: a search would tell event staff what it says.
    search_fields = [
        "speaker__given_name",
        "speaker__family_name",
        "speaker__japanese_name",
        "hotel",
        "arrival_number",
    ]
    autocomplete_fields = ["event", "speaker"]
    readonly_fields = ["speaker_changed_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["event", "speaker"]}),
        (
            _("Arrival (local time at the event)"),
            {
                "fields": [
                    ("arrival_date", "arrival_time"),
                    ("arrival_mode", "arrival_number"),
                    "arrival_point",
                ]
            },
        ),
        (
            _("Departure (local time at the event)"),
            {
                "fields": [
                    ("departure_date", "departure_time"),
                    ("departure_mode", "departure_number"),
                    "departure_point",
                ]
            },
        ),
        (
            _("Met and looked after"),
            {
                "fields": [
                    "hotel",
                    ("car_meets", "car_details"),
                    "escort",
                    "venue_entrance",
                    ("aide_name", "aide_contact"),
                    "dietary_needs",
                    "access_needs",
                ]
            },
        ),
        (_("Record"), {"fields": ["speaker_changed_at", "created_at", "updated_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if can_see_restricted(request):
            fieldsets.insert(-1, RESTRICTED_FIELDSET)
        return fieldsets

    def get_exclude(self, request, obj=None):
        # Belt and braces (the fieldsets leave it out too): the form never holds it,
        # so it is neither shown nor changed by a forged post.
        exclude = list(super().get_exclude(request, obj) or [])
        if not can_see_restricted(request):
            exclude.append("restricted_note")
        return exclude

    @admin.display(description=_("arrival"), ordering="arrival_date")
    def arrival(self, obj):
        if not obj.arrival_date:
            return "—"
        time = obj.arrival_time.strftime("%H:%M") if obj.arrival_time else ""
        return f"{obj.arrival_date.isoformat()} {time}".strip()

    @admin.display(description=_("car"), boolean=True, ordering="car_meets")
    def car(self, obj):
        return obj.car_meets

    @admin.display(description=_("changed by the speaker"), ordering="speaker_changed_at")
    def speaker_changed(self, obj):
        return event_local(obj.speaker_changed_at, obj.event)
