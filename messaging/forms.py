"""The message form (text in two languages and the audience) and the preview's choices."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from messaging import rendering
from messaging.audience import Audience
from messaging.models import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, Message
from messaging.services import MessageData
from protocol.models import Delegation
from registrations.models import AttendanceOption, Registration
from speakers.plain_text import validate_multi_line, validate_single_line

TEXT_FIELDS = ("subject_en", "body_en", "subject_ja", "body_ja")
_REFERENCE = re.compile(r"^([A-Z0-9]{4})-?([A-Z0-9]{4})$")


class MessageForm(forms.Form):
    subject_en = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX_LENGTH,
        validators=[validate_single_line],
    )
    body_en = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        validators=[validate_multi_line],
    )
    subject_ja = forms.CharField(
        label=_("Subject"),
        required=False,
        max_length=SUBJECT_MAX_LENGTH,
        validators=[validate_single_line],
    )
    body_ja = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12, "lang": "ja"}),
        validators=[validate_multi_line],
    )
    statuses = forms.MultipleChoiceField(
        label=_("Status"),
        choices=Registration.Status.choices,
        initial=[Registration.Status.CONFIRMED],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one status.")},
    )
    options = forms.ModelMultipleChoiceField(
        label=_("Attending"),
        required=False,
        queryset=AttendanceOption.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Anyone holding any of the ticked options. None ticked: everyone."),
    )
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation"),
        required=False,
        choices=Registration.Interpretation.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: everyone."),
    )
    checked_in = forms.ChoiceField(
        label=_("Checked in"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Checked in")), ("no", _("Not checked in"))],
    )
    delegations = forms.ModelMultipleChoiceField(
        label=_("Delegation"),
        required=False,
        queryset=Delegation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of any of the ticked delegations. None ticked: everyone."),
    )
    speakers = forms.ChoiceField(
        label=_("Speakers"),
        required=False,
        choices=[
            ("", _("Speakers and everyone else")),
            ("only", _("Speakers only")),
            ("none", _("No speakers")),
        ],
    )
    references = forms.CharField(
        label=_("Only these participants"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Hand-picked participants: their references (e.g. ABCD-2345), separated by "
            "spaces, commas or new lines. Empty: everyone the filters above match."
        ),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["options"].queryset = AttendanceOption.objects.filter(event=event).order_by(
            "order", "pk"
        )
        delegations = Delegation.objects.filter(event=event).order_by("order", "pk")
        if delegations.exists():
            self.fields["delegations"].queryset = delegations
        else:  # an event without delegations is not asked about them
            del self.fields["delegations"]
        self.fields["subject_ja"].widget.attrs["lang"] = "ja"

    @classmethod
    def initial_for(cls, message: Message) -> dict:
        """The form's values for a saved draft."""
        audience = Audience.from_json(message.audience)
        references = Registration.objects.filter(pk__in=audience.registrations).order_by(
            "reference"
        )
        return {
            **{name: getattr(message, name) for name in TEXT_FIELDS},
            "statuses": list(audience.statuses),
            "options": list(audience.options),
            "interpretation": list(audience.interpretation),
            "checked_in": {True: "yes", False: "no", None: ""}[audience.checked_in],
            "delegations": list(audience.delegations),
            "speakers": {True: "only", False: "none", None: ""}[audience.speakers],
            "references": "\n".join(references.values_list("reference", flat=True)),
        }

    def clean(self):
        data = super().clean()
        for name in TEXT_FIELDS:
            for error in rendering.placeholder_errors(data.get(name) or ""):
                self.add_error(name, error)
        subject_ja, body_ja = data.get("subject_ja", ""), data.get("body_ja", "")
        if subject_ja and not body_ja and "body_ja" not in self.errors:
            self.add_error(
                "body_ja",
                _("Write the Japanese message too, or leave the Japanese subject empty."),
            )
        if body_ja and not subject_ja and "subject_ja" not in self.errors:
            self.add_error(
                "subject_ja",
                _("Write the Japanese subject too, or leave the Japanese message empty."),
            )
        return data

    def clean_references(self) -> list[int]:
        """The hand-picked participants' pks, in the order given; unknown ones refused."""
        words = [word for word in re.split(r"[\s,;、，]+", self.cleaned_data["references"]) if word]
        wanted = {}  # reference as stored: as typed
        for word in words:
            match = _REFERENCE.match(word.upper())
            wanted.setdefault(f"{match[1]}-{match[2]}" if match else word, word)
        if not wanted:
            return []
        found = dict(
            Registration.objects.filter(event=self.event, reference__in=wanted).values_list(
                "reference", "pk"
            )
        )
        unknown = [typed for reference, typed in wanted.items() if reference not in found]
        if unknown:
            raise ValidationError(
                ngettext(
                    "No registration of this event has the reference %(references)s.",
                    "No registration of this event has the references %(references)s.",
                    len(unknown),
                )
                % {"references": ", ".join(unknown)}
            )
        return [found[reference] for reference in wanted]

    def to_data(self) -> MessageData:
        data = self.cleaned_data
        audience = Audience(
            statuses=tuple(data["statuses"]),
            options=tuple(option.pk for option in data["options"]),
            interpretation=tuple(data["interpretation"]),
            checked_in={"yes": True, "no": False}.get(data["checked_in"]),
            delegations=tuple(delegation.pk for delegation in data.get("delegations", ())),
            speakers={"only": True, "none": False}.get(data["speakers"]),
            registrations=tuple(data["references"]),
        )
        return MessageData(
            subject_en=data["subject_en"],
            body_en=data["body_en"],
            subject_ja=data["subject_ja"],
            body_ja=data["body_ja"],
            audience=audience,
        )


class PreviewForm(forms.Form):
    """Which recipient, and which language, the preview shows (from the query string)."""

    recipient = forms.ChoiceField(label=_("Recipient"), required=False)
    language = forms.ChoiceField(
        label=_("Version"),
        required=False,
        choices=[("", _("The recipient's own")), ("en", _("English")), ("ja", _("Japanese"))],
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = [
            (person.reference, f"{person.display_name} ({person.reference})") for person in people
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class ConfirmForm(forms.Form):
    audience_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
