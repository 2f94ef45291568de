from django import forms

from registrations.models import Registration


class RegistrationAdminForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = "__all__"  # noqa: DJ007 - the admin chooses the fields shown

    def _get_validation_exclusions(self):
        # Status and check-in are read-only in the admin (services change them), yet the
        # database constraints on them (one active registration per email, check-in only
        # when confirmed) must still be checked here, or a violation would end in a 500.
        return super()._get_validation_exclusions() - {"status", "checked_in_at"}
