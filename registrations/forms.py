import secrets
from functools import lru_cache

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from conference.models import Event
from registrations import services
from registrations.countries import countries_in_japanese_order
from registrations.exceptions import OptionFull
from registrations.models import AttendanceOption, Registration
from registrations.services import DETAIL_FIELDS, RegistrationData, details_version
from registrations.validators import display_email, normalise_email

AUTOCOMPLETE = {
    "honorific": "honorific-prefix",
    "given_name": "given-name",
    "family_name": "family-name",
    "email": "email",
    "email_confirm": "email",
    "phone": "tel",
    "organisation": "organization",
    "position": "organization-title",
}

# Error messages that name their field (GOV.UK's pattern: "Enter your given name", not
# "This field is required."), and the prompt a select starts with instead of "---------".
REQUIRED_MESSAGES = {
    "given_name": _("Enter your given name"),
    "family_name": _("Enter your family name"),
    "organisation": _("Enter your organisation"),
    "sector": _("Select your sector"),
    "nationality": _("Select your nationality"),
    "dietary_requirement": _("Select your dietary requirement"),
    "interpretation": _("Select whether you need interpretation"),
    "email": _("Enter your email address"),
    "email_confirm": _("Enter your email address again"),
}
INVALID_EMAIL = _("Enter an email address in the correct format, like name@example.com")
# The nationality select's prompt is the model field's blank_label: django-countries
# keeps that list lazy, and it is not to be built here for every form.
SELECT_PROMPTS = {"sector": _("Select your sector")}


def _name_the_fields(form):
    for name, message in REQUIRED_MESSAGES.items():
        if name in form.fields:
            form.fields[name].error_messages["required"] = message
    for name in ("email", "email_confirm"):
        if name in form.fields:
            form.fields[name].error_messages["invalid"] = INVALID_EMAIL
    for name, prompt in SELECT_PROMPTS.items():
        if name in form.fields:
            choices = list(form.fields[name].choices)
            if choices and choices[0][0] == "":
                form.fields[name].choices = [("", prompt), *choices[1:]]


# The participant-list question, the same words on the sign-up form and the manage page.
# What it promises is exactly what ``selectors.participant_list`` shows, and to whom.
PARTICIPANT_LIST_CONSENT_LABEL = _(
    "List me in the participant list of this event: my honorific, name (in Latin and "
    "Japanese script), position, organisation and delegation."
)
PARTICIPANT_LIST_CONSENT_HELP = _(
    "Optional. Only the event's confirmed participants, through their own registration "
    "link, and its staff see the list; it is never public. You can withdraw at any time "
    "on your registration page, and your entry disappears at once."
)


class RegistrationAdminForm(forms.ModelForm):
    participant_list_consent = forms.BooleanField(
        label=_("Listed in the participant list"),
        required=False,
        help_text=_(
            "Tick only when the participant has agreed (a speaker tells the organisers). "
            "Delegates answer on the form and on their registration page."
        ),
    )

    class Meta:
        model = Registration
        fields = "__all__"  # noqa: DJ007 - the admin chooses the fields shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant_list_consent"].initial = (
            self.instance.delegate_list_consent_at is not None
        )

    def _get_validation_exclusions(self):
        # Status and check-in are read-only in the admin (services change them), yet the
        # database constraints on them (one active registration per email, check-in only
        # when confirmed) must still be checked here, or a violation would end in a 500.
        # The mailbox key is not a form field either, but the one-per-mailbox rule
        # compares it (clean() derives it from the email first).
        return super()._get_validation_exclusions() - {
            "status",
            "checked_in_at",
            "email_normalised",
        }

    def clean(self):
        cleaned = super().clean()
        options = cleaned.get("attendance_options")
        event = cleaned.get("event") or (self.instance.event if self.instance.pk else None)
        if event is None or options is None:
            return cleaned
        foreign = [option.name for option in options if option.event_id != event.pk]
        if foreign:
            self.add_error(
                "attendance_options",
                _("Not options of %(event)s: %(options)s.")
                % {"event": event.name, "options": ", ".join(foreign)},
            )
        elif self.instance.pk:
            try:
                services.check_attendance_change(
                    registration=self.instance, attendance_options=options
                )
            except OptionFull as error:
                self.add_error("attendance_options", error.message)
        return cleaned


class AttendanceOptionAdminForm(forms.ModelForm):
    class Meta:
        model = AttendanceOption
        fields = "__all__"  # noqa: DJ007 - the admin chooses the fields shown

    def clean(self):
        cleaned = super().clean()
        event = cleaned.get("event") or getattr(self.instance, "event", None)
        sessions = cleaned.get("sessions")
        if event is not None and sessions:
            foreign = [session.title for session in sessions if session.event_id != event.pk]
            if foreign:
                self.add_error(
                    "sessions",
                    _("Not sessions of %(event)s: %(sessions)s.")
                    % {"event": event.name, "sessions": ", ".join(foreign)},
                )
        return cleaned


class EmailAddressField(forms.EmailField):
    """An email field that reads full-width and compatibility characters as plain ones.

    ``ａ@ｅｘａｍｐｌｅ.com`` becomes ``a@example.com`` before it is checked; otherwise
    the address stays as typed. What counts as one mailbox is ``normalise_email()``.
    """

    def to_python(self, value):
        return display_email(super().to_python(value))


class PlainOptionsSelect(forms.Select):
    """A select whose options are written in Python, not through a template each.

    Django renders every ``<option>`` with its own template; for the 250 countries of
    the nationality list that was most of the sign-up form's time (11 ms against
    0.6 ms). The markup is the same; option groups are not supported (none is used).
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        parts = [format_html('<select name="{}"{}>', name, flatatt(final_attrs))]
        for option_value, label in self.choices:
            option = "" if option_value is None else str(option_value)
            is_selected = option in selected
            if is_selected:
                # One selected option, as Django's Select: a country listed twice (Japan
                # and the UK first, then in their place) is selected where it first is.
                selected = set()
            parts.append(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option,
                    mark_safe(" selected") if is_selected else "",
                    label,
                )
            )
        parts.append("</select>")
        return mark_safe("\n".join(parts))


class _FixedChoices(BaseChoiceIterator):
    """Choices made once: Django takes a choice iterator as it is, where a list of 250
    countries would be normalised (copied) twice for every form, 0.7 ms."""

    def __init__(self, choices):
        self.choices = tuple(choices)

    def __iter__(self):
        return iter(self.choices)


def _japanese_nationality_choices() -> _FixedChoices:
    return _japanese_choices_for(tuple(settings.COUNTRIES_FIRST))


@lru_cache(maxsize=4)
def _japanese_choices_for(first: tuple[str, ...]) -> _FixedChoices:
    # The prompt is lazy: it is translated when the select is drawn.
    blank_label = Registration._meta.get_field("nationality").blank_label
    return _FixedChoices([("", blank_label), *countries_in_japanese_order()])


def new_submission_key() -> str:
    """The hidden key that makes a resubmitted sign-up form return its first registration."""
    return secrets.token_urlsafe(24)


class AttendanceChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple
    # The event's options, read once by the form: the ticks are checked against them
    # without asking the database again.
    options: list = []

    def label_from_instance(self, option):
        return option.name

    def _check_values(self, value):
        try:
            value = frozenset(value)
        except TypeError:
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        by_pk = {str(option.pk): option for option in self.options}
        for pk in value:
            self.validate_no_null_characters(pk)
            if not str(pk).strip().isdigit():
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
            if str(int(pk)) not in by_pk:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        wanted = {str(int(pk)) for pk in value}
        return [option for option in self.options if str(option.pk) in wanted]


class DelegateDetailsForm(forms.ModelForm):
    """The fields a delegate fills in on sign-up and may change later."""

    attendance_options = AttendanceChoiceField(
        label=_("I will attend"),
        queryset=AttendanceOption.objects.none(),
        required=False,
    )

    class Meta:
        model = Registration
        # The options are a model field too: listed here, a bound instance's choices
        # become the form's initial ticks, as every other detail's value does.
        fields = [*DETAIL_FIELDS, "attendance_options"]
        help_texts = {
            "honorific": _("As you would like it printed, e.g. Dr, Colonel, Ambassador."),
            "given_name": _("As on the photo identification you will bring."),
            "japanese_name": _("Optional, e.g. 山田 太郎. Shown on your badge."),
            "phone": _("Optional. For urgent changes on the day only."),
            "dietary_details": _("Required when you choose 'Other'."),
            "accessibility_needs": _("Anything that would make the venue easier for you."),
            "interpretation": _("Simultaneous interpretation between English and Japanese."),
        }
        widgets = {
            "nationality": PlainOptionsSelect,
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args, event: Event, options: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        queryset = AttendanceOption.objects.filter(event=event).order_by("order", "pk")
        self.fields["attendance_options"].queryset = queryset
        # The event's options in their order: given (the sign-up form keeps them in the
        # cache) or read here.
        self.fields["attendance_options"].options = (
            list(queryset) if options is None else list(options)
        )
        self.has_options = bool(self.fields["attendance_options"].options)
        if self.has_options:
            self.fields["attendance_options"].required = True
            self.fields["attendance_options"].error_messages["required"] = _(
                "Please choose at least one day or event you will attend."
            )
        else:
            del self.fields["attendance_options"]
        for name, token in AUTOCOMPLETE.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = token
        # Blank is allowed in the model only for a speaker participant (a check
        # constraint); everyone who fills in a form gives them.
        for name in ("organisation", "sector", "nationality"):
            self.fields[name].required = True
        # One lookup, as the model's own check (Registration.clean_fields), instead of
        # walking the country list Django normalises afresh on every call.
        self.fields["nationality"].valid_value = Registration._meta.get_field(
            "nationality"
        ).countries.__contains__
        _name_the_fields(self)
        if self.family_name_first:
            # 日本 and イギリス first, then gojūon order by reading, not code point.
            self.fields["nationality"].choices = _japanese_nationality_choices()
            # The error summary and the manage form follow the fields' order.
            names = list(self.fields)
            given, family = names.index("given_name"), names.index("family_name")
            names[given], names[family] = names[family], names[given]
            self.order_fields(names)

    @property
    def family_name_first(self):
        """The Japanese form asks 姓 before 名, as every Japanese form does."""
        return (get_language() or "").startswith("ja")

    def fields_in_page_order(self):
        """The visible fields in the order the page shows them (its layout's), which the
        error summary follows (GOV.UK): on the sign-up form the email comes right after
        the names, though declared after the rest."""
        order = {pointer.name: i for i, pointer in enumerate(self.helper.layout.get_field_names())}
        fields = self.visible_fields()
        return sorted(fields, key=lambda field: order.get(field.name, len(order)))

    def name_fields(self):
        """The two name fields in the order the page's language asks for them."""
        names = ["given_name", "family_name"]
        return names[::-1] if self.family_name_first else names


class RegistrationForm(DelegateDetailsForm):
    email_confirm = EmailAddressField(
        label=_("Email again"), help_text=_("To be sure we can reach you.")
    )
    invitation_code = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        required=False,
        help_text=_("As given in your invitation."),
    )
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree to my details being kept as it says."),
        error_messages={"required": _("Please accept the privacy notice to register.")},
    )
    delegate_list_consent = forms.BooleanField(
        label=PARTICIPANT_LIST_CONSENT_LABEL,
        help_text=PARTICIPANT_LIST_CONSENT_HELP,
        required=False,
    )
    # A field people never see: bots that fill every input give themselves away.
    website = forms.CharField(label=_("Leave this empty"), required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta(DelegateDetailsForm.Meta):
        fields = [*DelegateDetailsForm.Meta.fields, "email"]
        field_classes = {"email": EmailAddressField}
        help_texts = {
            **DelegateDetailsForm.Meta.help_texts,
            "email": _("Your confirmation and a link to manage your registration go here."),
        }

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.fields["email"].required = True
        self.needs_invitation = event.registration_mode == Event.RegistrationMode.INVITATION
        if self.needs_invitation:
            self.fields["invitation_code"].required = True
            self.fields["invitation_code"].error_messages["required"] = _(
                "This event is by invitation: please enter your invitation code."
            )
        else:
            del self.fields["invitation_code"]
        if not self.is_bound:
            self.initial["submission_key"] = new_submission_key()
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @cached_property
    def helper(self):
        # Built when the form is drawn: a sign-up that goes through never is.
        return self._build_helper()

    def _build_helper(self):
        privacy_url = reverse("registrations:privacy")
        helper = FormHelper()
        helper.form_method = "post"
        helper.attrs = {"novalidate": ""}  # our messages, the same in every browser
        attend = [name for name in ("attendance_options",) if name in self.fields]
        helper.layout = Layout(
            Fieldset(
                _("About you"),
                "honorific",
                Div(
                    *(Div(name, css_class="col-md-6") for name in self.name_fields()),
                    css_class="row",
                ),
                "japanese_name",
                Div(
                    Div("email", css_class="col-md-6"),
                    Div("email_confirm", css_class="col-md-6"),
                    css_class="row",
                ),
                "phone",
                Div(
                    Div("organisation", css_class="col-md-6"),
                    Div("position", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("sector", css_class="col-md-6"),
                    Div("nationality", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Your attendance"),
                *attend,
                "dietary_requirement",
                "dietary_details",
                "accessibility_needs",
                "interpretation",
                *(["invitation_code"] if self.needs_invitation else []),
            ),
            Fieldset(
                _("Privacy"),
                HTML(
                    '<p><a href="{}">{}</a></p>'.format(
                        privacy_url, _("Read the privacy notice: what we keep, why, for how long")
                    )
                ),
                "privacy_consent",
                "delegate_list_consent",
            ),
            Div("website", css_class="hp-field", aria_hidden="true"),
            "submission_key",
            Submit("register", _("Register"), css_class="btn-lg"),
        )
        return helper

    def clean_website(self):
        return self.cleaned_data.get("website", "")

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))

    def clean(self):
        cleaned = super().clean()
        email, again = cleaned.get("email"), cleaned.get("email_confirm")
        if email and again and normalise_email(email) != normalise_email(again):
            self.add_error("email_confirm", _("The two email addresses do not match."))
        return cleaned

    def registration_data(self) -> RegistrationData:
        data = self.cleaned_data
        return RegistrationData(
            **{name: data[name] for name in (*DETAIL_FIELDS, "email")},
            attendance_options=list(data.get("attendance_options", [])),
            delegate_list_consent=data["delegate_list_consent"],
            invitation_code=data.get("invitation_code", ""),
        )


class ManageForm(DelegateDetailsForm):
    """What a delegate may change on the manage page (not the email: it is their key),
    and their answer to the participant-list question."""

    participant_list_consent = forms.BooleanField(
        label=PARTICIPANT_LIST_CONSENT_LABEL,
        help_text=PARTICIPANT_LIST_CONSENT_HELP,
        required=False,
    )
    # What the details were when the page was drawn: a save from an older page (another
    # tab, or after the organisers changed something) is refused, not applied over it.
    version = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, event=kwargs["instance"].event, **kwargs)
        self.fields["participant_list_consent"].initial = (
            self.instance.delegate_list_consent_at is not None
        )
        self.fields["version"].initial = details_version(self.instance)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        # With a layout, crispy keeps the form's attrs (novalidate) on the <form>; without
        # one they leak onto the checkbox group's <div> as well (invalid HTML).
        self.helper.layout = Layout(*self.fields)
        self.helper.add_input(Submit("update", _("Save changes")))


class ResendLinkForm(forms.Form):
    email = EmailAddressField(label=_("Email you registered with"))

    def __init__(self, *args, action: str, **kwargs):
        # Shown beside the sign-up form, which has an email field too: ids must differ.
        kwargs.setdefault("auto_id", "id_resend_%s")
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["email"].error_messages.update(
            required=_("Enter the email address you registered with"), invalid=INVALID_EMAIL
        )
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = action
        self.helper.add_input(Submit("resend", _("Email me the link"), css_class="btn-secondary"))
