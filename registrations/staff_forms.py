"""Forms of the staff pages: the attendee filters and the door search."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from registrations import selectors
from registrations.models import AttendanceOption, Registration


class AttendeeFilterForm(forms.Form):
    """Read from the query string; the list and its CSV download share it exactly."""

    SELECT_FIELDS = ("sector", "nationality", "option", "checked_in")
    CHECKED_IN_CHOICES = [("", _("Any")), ("yes", _("Checked in")), ("no", _("Not checked in"))]

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name (Latin or Japanese script), organisation, email or reference."),
    )
    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        choices=Registration.Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    option = forms.ModelChoiceField(
        label=_("Attending"),
        required=False,
        queryset=AttendanceOption.objects.none(),
        empty_label=_("Any"),
    )
    checked_in = forms.ChoiceField(
        label=_("Checked in"), required=False, choices=CHECKED_IN_CHOICES
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["sector"].choices = [("", _("Any")), *Registration.Sector.choices]
        present = set(selectors.nationalities(event))
        self.fields["nationality"].choices = [("", _("Any"))] + [
            (code, name) for code, name in countries if code in present
        ]
        self.fields["option"].queryset = AttendanceOption.objects.filter(event=event)
        self.fields["status"].widget.attrs["class"] = "form-check-input"
        for name in self.SELECT_FIELDS:
            self.fields[name].widget.attrs["class"] = "form-select"

    @property
    def select_fields(self):
        return [self[name] for name in self.SELECT_FIELDS]

    def to_filter(self) -> selectors.AttendeeFilter:
        data = self.cleaned_data
        return selectors.AttendeeFilter(
            statuses=tuple(data["status"]),
            sector=data["sector"],
            nationality=data["nationality"],
            option=data["option"],
            checked_in={"yes": True, "no": False}.get(data["checked_in"]),
            search=data["q"],
        )


class CheckInSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, organisation or reference"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autofocus": True,
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        ),
    )
