"""The speaker's page forms (answers, profile, travel) and the admin's invitation form."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from speakers.models import Speaker
from speakers.plain_text import validate_multi_line
from speakers.validators import validate_photo
from vip.models import InvitedAppearance, SpeakerLogistics
from vip.services import PROFILE_FIELDS, SPEAKER_TRAVEL_FIELDS

Answer = InvitedAppearance.Answer

MAX_MESSAGE = 2000
MAX_BIOGRAPHY = 5000


class AnswerForm(forms.Form):
    """One accept-or-decline choice per appearance still waiting for an answer."""

    message = forms.CharField(
        label=_("Message to the organisers (optional)"),
        required=False,
        max_length=MAX_MESSAGE,
        validators=[validate_multi_line],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, why you cannot come, or who will answer for you."),
    )

    def __init__(self, *args, appearances, **kwargs):
        super().__init__(*args, **kwargs)
        self.appearances = [a for a in appearances if a.answer == Answer.PENDING]
        for appearance in self.appearances:
            self.fields[self.field_name(appearance)] = forms.ChoiceField(
                label=appearance.role.session.title,
                choices=[
                    (Answer.ACCEPTED, _("Yes, I accept")),
                    (Answer.DECLINED, _("No, I must decline")),
                ],
                widget=forms.RadioSelect,
                required=False,
            )
        # The message goes last, after the choices.
        self.order_fields([*(self.field_name(a) for a in self.appearances), "message"])

    @staticmethod
    def field_name(appearance) -> str:
        return f"answer_{appearance.role_id}"

    def choice_fields(self):
        return [(appearance, self[self.field_name(appearance)]) for appearance in self.appearances]

    def clean(self):
        cleaned = super().clean()
        if not self.answers():
            raise forms.ValidationError(
                _("Choose “Yes” or “No” for at least one appearance."), code="no_answer"
            )
        return cleaned

    def answers(self) -> dict[int, str]:
        return {
            appearance.role_id: self.cleaned_data[self.field_name(appearance)]
            for appearance in self.appearances
            if self.cleaned_data.get(self.field_name(appearance))
        }


LANGUAGE_SUFFIX = {"en": _("in English"), "ja": _("in Japanese")}


class ProfileForm(forms.ModelForm):
    """How the speaker's name, titles and biography are written, in both languages."""

    # Not "photo": the speaker's stored photo is not this form's to validate again.
    new_photo = forms.ImageField(
        label=_("New photo (optional)"),
        required=False,
        validators=[validate_photo],
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_(
            "JPEG, PNG or WebP; at most 5 MB and 25 million pixels. A head-and-shoulders "
            "portrait works best."
        ),
    )

    class Meta:
        model = Speaker
        fields = list(PROFILE_FIELDS)
        labels = {
            "given_name": _("Given name (in Latin letters)"),
            "family_name": _("Family name (in Latin letters)"),
            "japanese_name": _("Name in Japanese script"),
            "post_nominals": _("Post-nominals"),
        }
        help_texts = {
            "given_name": "",
            "japanese_name": _("e.g. 山田 太郎. Leave empty if you have none."),
            "post_nominals": _("e.g. MP, KCB CBE. Leave empty if none."),
        }
        widgets = {
            "biography_en": forms.Textarea(attrs={"rows": 6}),
            "biography_ja": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translated = {
            "honorific": _("Honorific or rank"),
            "position": _("Position (post)"),
            "organisation": _("Organisation"),
            "biography": _("Biography"),
        }
        for name, label in translated.items():
            for language in ("en", "ja"):
                field = self.fields[f"{name}_{language}"]
                field.label = f"{label} ({LANGUAGE_SUFFIX[language]})"
                field.help_text = ""
                field.required = False
        self.fields["honorific_en"].help_text = _("e.g. Admiral, Dr, The Rt Hon")
        self.fields["honorific_ja"].help_text = _("e.g. 海将, 博士")
        self.fields["biography_en"].help_text = _(
            "A short paragraph. Markdown: *emphasis*, **bold**, [link](https://…)."
        )
        for language in ("en", "ja"):
            self.fields[f"biography_{language}"].max_length = MAX_BIOGRAPHY
            self.fields[f"biography_{language}"].widget.attrs["maxlength"] = MAX_BIOGRAPHY
        for name in ("given_name", "family_name"):
            self.fields[name].widget.attrs["autocomplete"] = (
                "given-name" if name == "given_name" else "family-name"
            )

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class TravelForm(forms.ModelForm):
    """What a speaker tells us about their travel (local times at the event)."""

    class Meta:
        model = SpeakerLogistics
        fields = list(SPEAKER_TRAVEL_FIELDS)
        widgets = {
            "arrival_date": DateInput(),
            "arrival_time": TimeInput(),
            "departure_date": DateInput(),
            "departure_time": TimeInput(),
            "access_needs": forms.Textarea(attrs={"rows": 3}),
        }

    def travel_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in SPEAKER_TRAVEL_FIELDS}


class OrganiserLogisticsForm(forms.ModelForm):
    """The admin's form: every field, with the date and time pickers of the speaker's page."""

    class Meta:
        model = SpeakerLogistics
        fields = "__all__"  # noqa: DJ007 - the admin chooses the fields shown
        widgets = {
            "arrival_date": DateInput(),
            "arrival_time": TimeInput(),
            "departure_date": DateInput(),
            "departure_time": TimeInput(),
        }


class InviteForm(forms.Form):
    """The admin's invitation step: the language and an optional personal message."""

    personal_message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        max_length=MAX_MESSAGE,
        validators=[validate_multi_line],
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Placed at the top of each email, in the words you write here."),
    )

    def __init__(self, *args, speakers, previous=None, **kwargs):
        """``previous``: each speaker's earlier invitation to the event, if any."""
        super().__init__(*args, **kwargs)
        self.speakers = speakers
        previous = previous or {}
        for speaker in speakers:
            self.fields[f"language_{speaker.pk}"] = forms.ChoiceField(
                label=str(speaker),
                choices=settings.LANGUAGES,
                initial=self.suggested_language(speaker, previous.get(speaker.pk)),
            )

    @staticmethod
    def suggested_language(speaker, invitation) -> str:
        """The language of their last invitation; else Japanese for a speaker from Japan.
        The organiser chooses in the end (a Japanese ambassador in London may prefer
        English)."""
        if invitation is not None:
            return invitation.language
        return "ja" if speaker.country == "JP" else "en"

    def language_for(self, speaker) -> str:
        return self.cleaned_data[f"language_{speaker.pk}"]
