"""The speaker's own page, reached by the signed link in their invitation.

No login: the link is the credential (``vip.tokens``), as a delegate's manage link
is. The page works for events not yet published (speakers are invited before the
programme is), answers in the event's time zone, and is never cached or indexed.
"""

from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from conference.exceptions import Busy
from conference.formats import zone_description
from speakers.models import Speaker
from vip import selectors, services
from vip.exceptions import InvitationError
from vip.forms import AnswerForm, ProfileForm, TravelForm
from vip.models import InvitedAppearance
from vip.tokens import read_token

Answer = InvitedAppearance.Answer


class SpeakerPageView(TemplateView):
    """The invitation page: answers, profile and travel, one section each."""

    template_name = "vip/speaker_page.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            invitation_id, version = read_token(kwargs["token"])
        except signing.SignatureExpired:
            return self.bad_link(_("This link has expired."), status=410)
        except signing.BadSignature:
            return self.bad_link(_("This link is not valid. Please check it was copied whole."))
        invitation = selectors.invitation_for_link(invitation_id)
        if invitation is None or invitation.event.slug != kwargs["event_slug"]:
            raise Http404("No such invitation.")
        self.invitation, self.event = invitation, invitation.event
        self.appearances = selectors.invited_appearances(invitation)
        problem = selectors.link_problem(invitation, version, appearances=self.appearances)
        if problem is not None:
            return self.bad_link(problem.message, status=problem.status)
        with timezone.override(self.event.tzinfo):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def bad_link(self, message, status=400):
        return render(self.request, "vip/bad_link.html", {"message": message}, status=status)

    def get(self, request, *args, **kwargs):
        services.record_opened(invitation=self.invitation)
        return self.render_page()

    # --- the page -------------------------------------------------------------------------

    @cached_property
    def can_answer(self) -> bool:
        return timezone.now() < self.invitation.expires_at

    @cached_property
    def revision(self):
        return services.pending_revision(self.invitation.speaker)

    @cached_property
    def logistics(self):
        return services.logistics_for(self.invitation)

    def answer_form(self, data=None):
        if not self.can_answer or not any(a.answer == Answer.PENDING for a in self.appearances):
            return None
        return AnswerForm(data, appearances=self.appearances)

    def profile_form(self, data=None, files=None):
        speaker = Speaker.objects.get(pk=self.invitation.speaker_id)
        initial = dict(self.revision.changes) if self.revision else None
        return ProfileForm(data, files, instance=speaker, initial=initial)

    def travel_form(self, data=None):
        return TravelForm(data, instance=self.logistics)

    def render_page(self, status=200, **forms):
        context = self.get_context_data(
            invitation=self.invitation,
            event=self.event,
            speaker=self.invitation.speaker,
            appearances=self.appearances,
            token=self.kwargs["token"],
            has_pending=any(a.answer == Answer.PENDING for a in self.appearances),
            answer_form=forms.get("answer_form", self.answer_form()),
            profile_form=forms.get("profile_form") or self.profile_form(),
            travel_form=forms.get("travel_form") or self.travel_form(),
            revision=self.revision,
            logistics=self.logistics,
            answer_by=timezone.localtime(self.invitation.expires_at),
            zone=zone_description(self.event),
        )
        return self.render_to_response(context, status=status)

    def done(self, message: str, anchor: str):
        messages.success(self.request, message)
        return redirect(self.page_url(anchor))

    def refused(self, form_name: str, form, error, status=409):
        form.add_error(None, error.message)
        response = self.render_page(status=status, **{form_name: form})
        if isinstance(error, Busy):
            response["Retry-After"] = str(error.retry_after)
        return response


class SpeakerPageSection(SpeakerPageView):
    """A POST from one section of the page: the same checks, then that section's service."""

    http_method_names = ["post"]

    def page_url(self, anchor: str) -> str:
        # /…/speaker/<token>/<section>/ → /…/speaker/<token>/#anchor
        return f"{self.request.path.rstrip('/').rsplit('/', 1)[0]}/#{anchor}"


class AnswerView(SpeakerPageSection):
    def post(self, request, *args, **kwargs):
        form = self.answer_form(request.POST)
        if form is None:
            # Nothing left to answer, or too late: show the page as it stands.
            return self.render_page(status=409)
        if not form.is_valid():
            return self.render_page(status=400, answer_form=form)
        try:
            answered = services.answer_appearances(
                invitation=self.invitation,
                answers=form.answers(),
                message=form.cleaned_data["message"],
            )
        except InvitationError as error:
            return self.refused("answer_form", form, error)
        except Busy as error:
            return self.refused("answer_form", form, error, status=503)
        if any(a.answer == Answer.ACCEPTED for a in answered):
            message = _("Thank you: your appearance is confirmed, and the organisers are told.")
        else:
            message = _("Thank you for letting us know. The organisers are told.")
        return self.done(message, "answers")


class ProfileView(SpeakerPageSection):
    def post(self, request, *args, **kwargs):
        form = self.profile_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(status=400, profile_form=form)
        try:
            result = services.submit_profile(
                invitation=self.invitation,
                data=form.profile_data(),
                photo=form.cleaned_data.get("new_photo"),
            )
        except InvitationError as error:
            return self.refused("profile_form", form, error)
        except Busy as error:
            return self.refused("profile_form", form, error, status=503)
        if result is None:
            return self.done(_("Nothing had changed."), "profile")
        if isinstance(result, Speaker):
            return self.done(_("Your changes are saved and shown on the site."), "profile")
        return self.done(
            _("Thank you: the organisers will check your changes before they are published."),
            "profile",
        )


class TravelView(SpeakerPageSection):
    def post(self, request, *args, **kwargs):
        form = self.travel_form(request.POST)
        if not form.is_valid():
            return self.render_page(status=400, travel_form=form)
        try:
            services.save_travel_by_speaker(invitation=self.invitation, data=form.travel_data())
        except InvitationError as error:
            return self.refused("travel_form", form, error)
        except Busy as error:
            return self.refused("travel_form", form, error, status=503)
        return self.done(_("Your travel details are saved."), "travel")
