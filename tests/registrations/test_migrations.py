"""The data migration that brought existing rows under the one-mailbox rule."""

import importlib

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from registrations.models import Registration
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "registrations.migrations.0008_normalise_mailboxes_and_take_anonymised_rows_out_of_the_workflow"
)


def test_a_second_active_registration_of_one_mailbox_is_cancelled_with_a_reason(event):
    first = RegistrationFactory(event=event, status="confirmed", email="a@example.com")
    second = RegistrationFactory(event=event, status="pending", email="b@example.com")
    # As the rows stood before the migration: the key not yet worked out.
    Registration.objects.filter(pk=second.pk).update(
        email="a@ｅｘａｍｐｌｅ.com", email_normalised="not yet"
    )
    other_event = RegistrationFactory(status="confirmed", email="A@example.com")
    user = UserFactory()
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Registration),
        object_id=str(first.pk),
        object_repr=f"{first.reference} Ms Charlotte Ashworth",
        action_flag=CHANGE,
    )

    migration.forwards(apps, None)

    first.refresh_from_db()
    second.refresh_from_db()
    other_event.refresh_from_db()
    assert (first.status, other_event.status) == ("confirmed", "confirmed")
    assert (second.status, second.email_normalised) == ("cancelled", "a@example.com")
    assert list(second.status_changes.values_list("from_status", "to_status", "note")) == [
        ("pending", "cancelled", "Cancelled: a second registration for the same mailbox")
    ]
    assert list(LogEntry.objects.values_list("object_repr", flat=True)) == [first.reference]
