"""Forms of the seating pages: a new plan, and each change made on the plan page."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from conference.models import Session
from registrations.models import AttendanceOption, Registration
from seating import layouts
from seating.models import SeatingPlan


class PlanForm(forms.Form):
    """What to seat (a session, or an occasion such as a dinner) and how: the layout
    and its numbers. Every layout's numbers are on the form (it works without
    script); only the chosen layout's are read."""

    target = forms.ChoiceField(label=_("Seat for"))
    name_en = forms.CharField(
        label=_("Name in English (optional)"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to use the session's or the occasion's name."),
    )
    name_ja = forms.CharField(
        label=_("Name in Japanese (optional)"), max_length=150, required=False
    )
    layout = forms.ChoiceField(
        label=_("Layout"),
        choices=SeatingPlan.Layout.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        taken_sessions = set(
            SeatingPlan.objects.filter(event=event, session__isnull=False).values_list(
                "session", flat=True
            )
        )
        taken_occasions = set(
            SeatingPlan.objects.filter(event=event, occasion__isnull=False).values_list(
                "occasion", flat=True
            )
        )
        sessions = [
            (f"session:{session.pk}", session.title)
            for session in Session.objects.for_event(event).order_by("starts_at", "order", "pk")
            if session.pk not in taken_sessions
        ]
        occasions = [
            (f"occasion:{option.pk}", option.name)
            for option in AttendanceOption.objects.filter(event=event).order_by("order", "pk")
            if option.pk not in taken_occasions
        ]
        self.fields["target"].choices = [
            ("", "—"),
            (_("Sessions"), sessions),
            (_("Occasions (whoever holds the attendance option)"), occasions),
        ]
        self.fields["target"].widget.attrs["class"] = "form-select"
        self.fields["name_en"].widget.attrs["class"] = "form-control"
        self.fields["name_ja"].widget.attrs.update({"class": "form-control", "lang": "ja"})
        for layout, (_function, options) in layouts.SHAPES.items():
            for option in options:
                name = f"{layout}_{option.name}"
                if option.boolean:
                    self.fields[name] = forms.BooleanField(
                        label=option.label, required=False, initial=bool(option.default)
                    )
                    # Bootstrap's box, on the line of its label at any width.
                    self.fields[name].widget.attrs["class"] = "form-check-input"
                else:
                    self.fields[name] = forms.IntegerField(
                        label=option.label,
                        min_value=option.minimum,
                        max_value=option.maximum,
                        initial=option.default,
                        required=False,
                    )
                    self.fields[name].widget.attrs["class"] = "form-control"

    def layout_groups(self):
        """The layouts' fields, one group per layout, for the template."""
        return [
            (label, [self[f"{value}_{option.name}"] for option in layouts.SHAPES[value][1]])
            for value, label in SeatingPlan.Layout.choices
        ]

    def clean(self):
        data = super().clean()
        target = data.get("target", "")
        kind, _sep, pk = target.partition(":")
        data["session"] = data["occasion"] = None
        if kind == "session":
            data["session"] = Session.objects.for_event(self.event).filter(pk=pk).first()
        elif kind == "occasion":
            data["occasion"] = AttendanceOption.objects.filter(event=self.event, pk=pk).first()
        layout = data.get("layout")
        if layout:
            data["options"] = {
                option.name: (
                    data.get(f"{layout}_{option.name}")
                    if data.get(f"{layout}_{option.name}") is not None
                    else option.default
                )
                for option in layouts.SHAPES[layout][1]
            }
        return data


class SeatActionForm(forms.Form):
    """One change on the plan page; ``version`` is the plan's as the page drew it."""

    ACTIONS = (
        ("assign", _("Assign automatically")),
        ("place", _("Seat here")),
        ("swap", _("Swap")),
        ("pin", _("Pin")),
        ("unpin", _("Unpin")),
        ("empty", _("Leave empty")),
        ("publish", _("Publish")),
        ("unpublish", _("Back to draft")),
        ("reviewed", _("Mark as reviewed")),
    )
    SEAT_ACTIONS = {"place", "swap", "pin", "unpin", "empty"}

    action = forms.ChoiceField(choices=ACTIONS)
    version = forms.IntegerField(min_value=1)
    seat = forms.CharField(max_length=20, required=False)
    other_seat = forms.CharField(label=_("Swap with seat"), max_length=20, required=False)
    participant = forms.ModelChoiceField(
        label=_("Participant"), queryset=Registration.objects.none(), required=False
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        # Any participant of the event: the service says why one not confirmed for
        # the plan cannot sit there.
        self.fields["participant"].queryset = Registration.objects.for_event(plan.event_id)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in self.SEAT_ACTIONS and not data.get("seat"):
            raise ValidationError(_("Choose a seat first."))
        if action == "place" and data.get("participant") is None:
            self.add_error("participant", _("Choose the participant to seat."))
        if action == "swap" and not data.get("other_seat"):
            self.add_error("other_seat", _("Choose the seat to swap with."))
        return data
