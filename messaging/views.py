"""The message pages under /staff/<event>/messages/: history, compose, preview, confirm.

Organisers (``messaging.send_message``) write, preview, send and resend; whoever may
view messages (``messaging.view_message``: Organisers, and the event staff of the
event) reads the history. Staff of another event get a 403, as on every staff page.
"""

import math

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from messaging import rendering, selectors, services
from messaging.audience import Audience, delegation_names_for, option_names_for
from messaging.exceptions import AudienceChanged, MessagingError
from messaging.forms import ConfirmForm, MessageForm, PreviewForm
from messaging.models import Message
from registrations.staff_views import StaffEventMixin

VIEW = "messaging.view_message"
SEND = "messaging.send_message"


class MessagesMixin(StaffEventMixin):
    staff_section = "messages"
    permission_required = VIEW

    def url(self, name, message=None):
        kwargs = {"event_slug": self.event.slug}
        if message is not None:
            kwargs["pk"] = message.pk
        return reverse(f"messaging:{name}", kwargs=kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_send=self.request.user.has_perm(SEND),
            rate=self.event.messages_per_minute,
            **kwargs,
        )


class MessageMixin(MessagesMixin):
    """A page about one message of the event."""

    @cached_property
    def message(self) -> Message:
        return get_object_or_404(Message, event=self.event, pk=self.kwargs["pk"])

    @cached_property
    def audience(self) -> Audience:
        return Audience.from_json(self.message.audience)

    def describe(self):
        return self.audience.describe()


class DraftMixin(MessageMixin):
    """Pages that only make sense before sending: a sent message goes to its history."""

    permission_required = SEND

    def handle_sent(self):
        messages.info(self.request, _("This message has been sent; here is its history."))
        return HttpResponseRedirect(self.url("detail", self.message))

    def get(self, request, *args, **kwargs):
        if not self.message.is_draft:
            return self.handle_sent()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.message.is_draft:
            return self.handle_sent()
        return super().post(request, *args, **kwargs)


class MessageListView(MessagesMixin, ListView):
    """The history: every sent message with its counts; drafts above for organisers."""

    template_name = "messaging/list.html"
    context_object_name = "sent"
    paginate_by = 50

    def get_queryset(self):
        return selectors.sent_messages(self.event).only(
            "pk",
            "subject_en",
            "subject_ja",
            "audience",
            "sent_at",
            "sent_by_name",
            "created_by_name",
            "event_id",
            "state",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        drafts = list(selectors.drafts(self.event)) if context["can_send"] else []
        shown = [*context["sent"], *drafts]
        audiences = {message.pk: Audience.from_json(message.audience) for message in shown}
        options = option_names_for(audiences.values())
        delegations = delegation_names_for(audiences.values())
        for message in shown:
            message.audience_lines = audiences[message.pk].describe(
                option_names=options, delegation_names=delegations
            )
        context["drafts"] = drafts
        return context


class ComposeView(MessagesMixin, FormView):
    """A new message, or a draft changed: saved, then on to the preview."""

    template_name = "messaging/compose.html"
    permission_required = SEND
    form_class = MessageForm

    @cached_property
    def message(self) -> Message | None:
        if "pk" not in self.kwargs:
            return None
        message = get_object_or_404(Message, event=self.event, pk=self.kwargs["pk"])
        if not message.is_draft:
            raise Http404("Sent messages are not changed.")
        return message

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def get_initial(self):
        if self.message is not None:
            return MessageForm.initial_for(self.message)
        return super().get_initial()

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def form_valid(self, form):
        try:
            message = services.save_draft(
                event=self.event, data=form.to_data(), by=self.request.user, message=self.message
            )
        except MessagingError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.url("preview", message))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            message=self.message,
            placeholders=[(f"{{{name}}}", text) for name, text in rendering.PLACEHOLDERS.items()],
            **kwargs,
        )


def minutes_to_send(count: int, rate: int) -> int:
    """Whole minutes the worker needs for ``count`` emails at ``rate`` per minute."""
    return max(math.ceil(count / rate), 1)


def sending_time(count: int, rate: int) -> str:
    """'500 recipients at 60 per minute: about 9 minutes.'"""
    minutes = minutes_to_send(count, rate)
    return _("%(recipients)s at %(rate)d per minute: %(duration)s.") % {
        "recipients": ngettext("%(count)d recipient", "%(count)d recipients", count)
        % {"count": count},
        "rate": rate,
        "duration": ngettext("about %(minutes)d minute", "about %(minutes)d minutes", minutes)
        % {"minutes": minutes},
    }


class AudienceMixin(DraftMixin):
    """The draft's audience as it stands now, with its counts per language."""

    @cached_property
    def people(self):
        return list(
            self.audience.queryset(self.event).only(
                "pk",
                "reference",
                "language",
                "honorific",
                "given_name",
                "family_name",
                "japanese_name",
                "nationality",
                "event_id",
            )
        )

    def get_context_data(self, **kwargs):
        message, people = self.message, self.people
        by_version = {"en": 0, "ja": 0}
        japanese_speakers = 0
        for person in people:
            by_version[message.language_for(person.language)] += 1
            japanese_speakers += person.language == "ja"
        count = len(people)
        return super().get_context_data(
            message=message,
            audience_lines=self.describe(),
            recipient_count=count,
            by_version=by_version,
            japanese_in_english=japanese_speakers - by_version["ja"],
            sending_time=sending_time(count, self.event.messages_per_minute) if count else "",
            **kwargs,
        )


class PreviewView(AudienceMixin, TemplateView):
    """The draft as one real recipient of the audience gets it, in either language."""

    template_name = "messaging/preview.html"

    def get_context_data(self, **kwargs):
        form = PreviewForm(self.request.GET or None, people=self.people)
        chosen = form.cleaned_data if form.is_valid() else {}
        person = next(
            (p for p in self.people if p.reference == chosen.get("recipient")),
            self.people[0] if self.people else None,
        )
        preview = None
        if person is not None:
            person.event = self.event
            preview = rendering.render(
                self.message,
                person,
                language=chosen.get("language") or None,
                manage_link=rendering.hidden_manage_url(person),
            )
        return super().get_context_data(form=form, person=person, rendered=preview, **kwargs)


class ConfirmView(AudienceMixin, TemplateView):
    """Who it goes to, how many in each language, how long the worker takes; then send."""

    template_name = "messaging/confirm.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            confirm_form=ConfirmForm(
                initial={"audience_key": services.audience_key(person.pk for person in self.people)}
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.message.is_draft:
            return self.handle_sent()
        form = ConfirmForm(request.POST)
        shown = form.cleaned_data["audience_key"] if form.is_valid() else ""
        try:
            count = services.send_message(
                message=self.message, by=request.user, audience_key_shown=shown
            )
        except AudienceChanged as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self.url("confirm", self.message))
        except MessagingError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self.url("preview", self.message))
        rate = self.event.messages_per_minute
        messages.success(
            request,
            ngettext(
                "Sent to the mail queue: %(count)d recipient, at %(rate)d per minute.",
                "Sent to the mail queue: %(count)d recipients, at %(rate)d per minute.",
                count,
            )
            % {"count": count, "rate": rate},
        )
        return HttpResponseRedirect(self.url("detail", self.message))


class DiscardView(DraftMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not self.message.is_draft:
            return self.handle_sent()
        try:
            services.discard_draft(message=self.message)
        except MessagingError as error:  # sent in the meantime
            messages.error(request, error.message)
            return HttpResponseRedirect(self.url("detail", self.message))
        messages.success(request, _("The draft has been discarded."))
        return HttpResponseRedirect(self.url("list"))


class DetailView(MessageMixin, ListView):
    """A sent message: what it said, to whom, and each recipient's state."""

    template_name = "messaging/detail.html"
    context_object_name = "recipients"
    paginate_by = 100

    def get(self, request, *args, **kwargs):
        if self.message.is_draft:
            if request.user.has_perm(SEND):
                return HttpResponseRedirect(self.url("preview", self.message))
            raise Http404("Drafts are for the organisers.")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.recipients(self.message)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            message=selectors.message_with_counts(self.event, self.message.pk),
            audience_lines=self.describe(),
            **kwargs,
        )


class ResendView(MessageMixin, View):
    """One action: send the message again to every recipient whose email failed."""

    permission_required = SEND
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        count = services.resend_failed(message=self.message)
        if count:
            text = ngettext(
                "%(count)d failed recipient will be sent the message again.",
                "%(count)d failed recipients will be sent the message again.",
                count,
            )
            messages.success(request, text % {"count": count})
        else:
            messages.info(request, _("No recipient has failed: nothing to send again."))
        return HttpResponseRedirect(self.url("detail", self.message))
