import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from conference.cache import PAGE_TIMEOUT, current_version, is_cacheable
from conference.exceptions import Busy
from conference.models import Event
from conference.selectors import get_public_event
from registrations import emails, hooks, ratelimit, selectors, services, tokens
from registrations.exceptions import (
    DuplicateRegistration,
    EventFull,
    InvalidInvitation,
    OptionFull,
    RegistrationClosed,
    RegistrationError,
    StaleDetails,
)
from registrations.forms import ManageForm, RegistrationForm, ResendLinkForm, new_submission_key
from registrations.models import Registration
from registrations.qr import qr_svg
from registrations.tokens import read_manage_token

logger = logging.getLogger(__name__)


def after_response(response, function, **kwargs):
    """Run ``function(**kwargs)`` once the server has sent ``response`` to the client.

    Django calls a response's closers when the WSGI server closes it, after the last
    byte has gone; what runs then cannot change the answer or its timing. A failure
    is logged; whatever it left undone the mail worker does later.
    """

    def run():
        try:
            function(**kwargs)
        except Exception:
            logger.exception("work after the response failed (%s)", function.__name__)

    response._resource_closers.append(run)


def busy_form(view, form, busy):
    """The form again, as typed, saying the site is busy: 503 with Retry-After."""
    form.add_error(None, busy.message)
    response = view.render_to_response(view.get_context_data(form=form), status=503)
    response["Retry-After"] = str(busy.retry_after)
    return response


def rate_limited(request, event, verdict):
    """The 429 page: which limit, when to try again (in the event's zone), whom to ask."""
    resets_at = timezone.localtime(verdict.resets_at, event.tzinfo)
    context = {
        "event": event,
        "verdict": verdict,
        "until": resets_at.strftime("%H:%M"),
        "zone": resets_at.tzname(),
    }
    response = render(request, "registrations/rate_limited.html", context, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


# Stand-ins in the cached sign-up form for what each visitor gets afresh: URL-safe
# text no form or event name renders as such.
CSRF_PLACEHOLDER = "csrf-token-placeholder-7d1f0c"
SUBMISSION_KEY_PLACEHOLDER = "submission-key-placeholder-7d1f0c"


class EventMixin:
    @cached_property
    def event(self):
        # Published events only: delegates never sign up for a preview.
        return get_public_event(self.kwargs["event_slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)


class RegisterView(EventMixin, FormView):
    template_name = "registrations/register.html"
    form_class = RegistrationForm

    @cached_property
    def _event_and_options(self):
        # From the cache, like the form itself: a surge of sign-ups asks the database
        # only for what the sign-up writes.
        return selectors.event_for_sign_up(self.kwargs["event_slug"])

    @cached_property
    def event(self):
        return self._event_and_options[0]

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "event": self.event,
            "options": self._event_and_options[1],
        }

    def get_context_data(self, **kwargs):
        window = self.event.registration_window()
        return super().get_context_data(
            window_open=window == Event.RegistrationWindow.OPEN,
            closed_message=services.closed_message(self.event),
            resend_form=kwargs.pop("resend_form", None) or self.resend_form(),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        window_open = self.event.registration_window() == Event.RegistrationWindow.OPEN
        if not (window_open and is_cacheable(request) and not request.GET):
            return super().get(request, *args, **kwargs)
        # Everything but the CSRF token and the submission key is the same for every
        # visitor in one language, so it is rendered once and kept under the public
        # pages' version (any edit to the event or its options renews it), with the
        # page cache's privacy rules: nobody signed in, no message waiting, no query
        # string. The page itself is never stored whole, nor served to anyone as is.
        key = f"register-form:{current_version()}:{translation.get_language()}:{self.event.pk}"
        page = cache.get(key)
        if page is None:
            page = self._form_page()
            seconds = (self.event.registration_ends_at - timezone.now()) // timedelta(seconds=1)
            if seconds > 0:
                cache.set(key, page, min(PAGE_TIMEOUT, seconds))
        page = page.replace(CSRF_PLACEHOLDER, get_token(request)).replace(
            SUBMISSION_KEY_PLACEHOLDER, new_submission_key()
        )
        return HttpResponse(page)

    def _form_page(self) -> str:
        form = self.get_form()
        form.initial["submission_key"] = SUBMISSION_KEY_PLACEHOLDER
        context = self.get_context_data(form=form, csrf_token=CSRF_PLACEHOLDER)
        return self.render_to_response(context).render().content.decode()

    def resend_form(self, email=None):
        action = reverse("registrations:resend_link", kwargs={"event_slug": self.event.slug})
        return ResendLinkForm(action=action, initial={"email": email} if email else None)

    def post(self, request, *args, **kwargs):
        if self.event.registration_window() != Event.RegistrationWindow.OPEN:
            return self.render_to_response(self.get_context_data(form=None), status=403)
        verdict = ratelimit.hit_address(
            request, "register", limit=self.event.registration_rate_limit
        )
        if not verdict.allowed:
            return rate_limited(request, self.event, verdict)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form, status=400):
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def form_valid(self, form):
        if form.is_bot:
            # Look like a success to the bot; keep nothing.
            return render(self.request, "registrations/received.html", {"event": self.event})
        verdict = ratelimit.hit_email("register", form.cleaned_data["email"])
        if not verdict.allowed:
            return rate_limited(self.request, self.event, verdict)
        try:
            registration, created = services.register_delegate(
                event=self.event,
                data=form.registration_data(),
                language=translation.get_language(),
                submission_key=form.cleaned_data["submission_key"] or None,
            )
        except DuplicateRegistration as error:
            email = form.cleaned_data["email"]
            form.add_error("email", error.message)
            context = self.get_context_data(
                form=form, duplicate=True, resend_form=self.resend_form(email)
            )
            return self.render_to_response(context, status=409)
        except InvalidInvitation as error:
            form.add_error("invitation_code", error.message)
            return self.form_invalid(form)
        except OptionFull as error:
            form.add_error("attendance_options", error.message)
            return self.form_invalid(form, status=409)
        except (EventFull, RegistrationClosed) as error:
            form.add_error(None, error.message)
            return self.form_invalid(form, status=409)
        except Busy as error:
            return busy_form(self, form, error)
        if created:
            messages.success(self.request, status_message(registration))
        return redirect(emails.manage_path(registration))


def status_message(registration):
    messages_by_status = {
        Registration.Status.CONFIRMED: _(
            "Thank you: your place is confirmed. Your reference is %(reference)s; "
            "we have emailed you the details."
        ),
        Registration.Status.PENDING: _(
            "Thank you: we have received your registration %(reference)s. The organisers "
            "will review it and email you their decision."
        ),
        Registration.Status.WAITLISTED: _(
            "Thank you: the event is full, so you are on the waiting list (reference "
            "%(reference)s). We will email you if a place frees up."
        ),
    }
    return _with_reference(messages_by_status[registration.status], registration)


def _with_reference(text, registration):
    """A message naming the registration's reference, which never breaks at its hyphen
    on a phone (MU2Y-/C6YZ): our own translated text, escaped, around a safe span."""
    reference = format_html('<span class="reference">{}</span>', registration.reference)
    return mark_safe(escape(text) % {"reference": reference})


class ResendLinkView(EventMixin, FormView):
    template_name = "registrations/resend_link.html"

    def get_form(self, form_class=None):
        return ResendLinkForm(self.request.POST or None, action=self.request.path)

    def post(self, request, *args, **kwargs):
        verdict = ratelimit.hit_address(request, "resend", limit=self.event.registration_rate_limit)
        if not verdict.allowed:
            return rate_limited(request, self.event, verdict)
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        # The same work and the same answer whether or not the address is registered:
        # the request is only noted here; the lookup and the email come after the
        # answer has gone (or in the mail worker).
        link_request = services.request_manage_link(
            event=self.event, email=form.cleaned_data["email"]
        )
        messages.info(
            request,
            _(
                "If %(email)s is registered for this event, a link to manage the "
                "registration is on its way."
            )
            % {"email": form.cleaned_data["email"]},
        )
        response = redirect("registrations:resend_link", event_slug=self.event.slug)
        if settings.EMAIL_DELIVERY == "on_commit":
            after_response(
                response, services.send_requested_manage_link, request_id=link_request.pk
            )
        return response


class ManageMixin(EventMixin):
    """Finds the registration from the signed link, or explains why the link is no good."""

    def dispatch(self, request, *args, **kwargs):
        try:
            reference, version = read_manage_token(kwargs["token"])
        except signing.SignatureExpired:
            return self.bad_link(_("This link has expired."), status=410)
        except signing.BadSignature:
            return self.bad_link(_("This link is not valid. Please check it was copied whole."))
        self.registration = get_object_or_404(
            Registration.objects.select_related("event", "event__venue").prefetch_related(
                "attendance_options"
            ),
            reference=reference,
            event=self.event,
        )
        if not tokens.is_current(self.registration, version):
            return self.bad_link(
                _(
                    "A newer link has been sent for this registration, and this one no "
                    "longer works. Please use the link in our most recent email."
                ),
                status=410,
            )
        return super().dispatch(request, *args, **kwargs)

    def bad_link(self, message, status=400):
        action = reverse("registrations:resend_link", kwargs={"event_slug": self.event.slug})
        context = {"event": self.event, "message": message, "form": ResendLinkForm(action=action)}
        return render(self.request, "registrations/bad_link.html", context, status=status)

    def get_context_data(self, **kwargs):
        kwargs.update(
            registration=self.registration,
            token=self.kwargs["token"],
            event_over=timezone.localdate(timezone=self.event.tzinfo) > self.event.end_date,
        )
        return super().get_context_data(**kwargs)

    def manage_redirect(self):
        return redirect(
            "registrations:manage", event_slug=self.event.slug, token=self.kwargs["token"]
        )


class ManageView(ManageMixin, TemplateView):
    template_name = "registrations/manage.html"

    def get_context_data(self, **kwargs):
        registration = self.registration
        if "form" not in kwargs and registration.is_active:
            kwargs["form"] = ManageForm(instance=registration)
        if registration.status == Registration.Status.CONFIRMED and not registration.anonymised_at:
            kwargs["qr_code"] = qr_svg(registration, request=self.request)
        kwargs["sees_participant_list"] = selectors.can_see_participant_list(
            registration, self.event
        )
        if kwargs["sees_participant_list"]:  # confirmed: where they sit, once published
            kwargs["notices"] = hooks.notices_for_participant(registration)
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if not self.registration.is_active:
            # Cancelled or declined since this page was drawn (another tab, the
            # organisers): say so, rather than showing the page again without a word.
            if self.registration.anonymised_at:
                message = _("Your changes were not saved: this registration's details are deleted.")
            else:
                message = _(
                    "Your changes were not saved: this registration is now “%(status)s” and "
                    "can no longer be changed."
                ) % {"status": self.registration.get_status_display()}
            messages.error(request, message)
            return self.render_to_response(self.get_context_data(), status=409)
        form = ManageForm(request.POST, instance=Registration.objects.get(pk=self.registration.pk))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.update_registration_details(
                registration=self.registration,
                details=form.cleaned_data,
                attendance_options=form.cleaned_data.get("attendance_options", []),
                participant_list_consent=form.cleaned_data["participant_list_consent"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleDetails as error:
            # Drawn before another save (another tab, the organisers): the page shows
            # what is stored now rather than the older page's values written over it.
            messages.error(request, error.message)
            fresh = ManageForm(instance=Registration.objects.get(pk=self.registration.pk))
            return self.render_to_response(self.get_context_data(form=fresh), status=409)
        except RegistrationError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        except Busy as error:
            return busy_form(self, form, error)
        messages.success(request, _("Your changes are saved."))
        return redirect(request.path)


class ParticipantListView(ManageMixin, TemplateView):
    """The participant list, for a confirmed participant of the event, through their
    own manage link: who else takes part and agreed to be listed. Never cached, never
    indexed (``conference.middleware``), and nobody else's link opens it."""

    template_name = "registrations/participants.html"

    def get(self, request, *args, **kwargs):
        registration = self.registration
        if not selectors.can_see_participant_list(registration, self.event):
            return self.render_to_response(self.get_context_data(refused=True), status=403)
        participants = selectors.participant_list(self.event)
        groups = selectors.grouped_by_delegation(participants)
        return self.render_to_response(
            self.get_context_data(groups=groups, listed=registration.on_participant_list)
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class CancelView(ManageMixin, TemplateView):
    template_name = "registrations/cancel.html"

    def post(self, request, *args, **kwargs):
        try:
            services.cancel_registration(registration=self.registration)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _with_reference(
                    _("Your registration %(reference)s is cancelled. We have emailed you a note."),
                    self.registration,
                ),
            )
        return self.manage_redirect()


class DeleteDataView(ManageMixin, TemplateView):
    template_name = "registrations/delete_data.html"

    def post(self, request, *args, **kwargs):
        try:
            services.delete_personal_data(registration=self.registration)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your personal data has been deleted."))
        return self.manage_redirect()


class PrivacyView(TemplateView):
    template_name = "registrations/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            notice_version=settings.PRIVACY_NOTICE_VERSION,
            retention_days=settings.PERSONAL_DATA_RETENTION_DAYS,
            **kwargs,
        )
