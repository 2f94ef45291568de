"""Bring the rows in line before 0009 adds the constraints that hold them there.

1. Every registration gets its mailbox key (``normalise_email``).
2. Two active registrations of one event whose addresses turn out to be one mailbox
   (``a@example.com`` and ``a@ｅｘａｍｐｌｅ.com``) were one delegate registering
   twice: the earlier keeps its place, the later is cancelled with a line in its
   history saying why (no email: the delegate still has the earlier one).
3. Anonymised registrations still pending or on the waiting list leave the workflow:
   cancelled, with a line in their history.
4. The admin's history of registrations keeps the reference only: ``object_repr``
   held "REFERENCE Name" before ``Registration.__str__`` became the reference alone.
5. Text longer than the new limits (accessibility needs had none: 4.5 MB was seen)
   is cut to the limit, or the CHECK constraints of 0009 could not be added.
"""

from django.db import migrations
from django.db.models.functions import Length, Substr

from registrations.validators import normalise_email

ACTIVE = ("pending", "confirmed", "waitlisted")
# registrations.models.TEXT_LIMITS as this migration introduced them.
TEXT_LIMITS = {
    "honorific": 100,
    "given_name": 150,
    "family_name": 150,
    "japanese_name": 150,
    "email": 254,
    "phone": 40,
    "organisation": 250,
    "position": 250,
    "dietary_details": 500,
    "accessibility_needs": 1000,
}


def forwards(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    StatusChange = apps.get_model("registrations", "RegistrationStatusChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("admin", "LogEntry")

    for name, limit in TEXT_LIMITS.items():
        too_long = Registration.objects.annotate(length=Length(name)).filter(length__gt=limit)
        too_long.update(**{name: Substr(name, 1, limit)})

    rows = list(
        Registration.objects.order_by("created_at", "pk").only("pk", "event_id", "email", "status")
    )
    keys = {row.pk: normalise_email(row.email) for row in rows}
    seen = set()
    for row in rows:
        if row.status not in ACTIVE:
            continue
        key = (row.event_id, keys[row.pk])
        if key not in seen:
            seen.add(key)
            continue
        # Cancelled before its key is written, so the two never clash as active rows.
        _cancel(
            Registration,
            StatusChange,
            row,
            note="Cancelled: a second registration for the same mailbox",
            checked_out=True,
        )
    for pk, key in keys.items():
        Registration.objects.filter(pk=pk).update(email_normalised=key)

    waiting = Registration.objects.filter(
        anonymised_at__isnull=False, status__in=("pending", "waitlisted")
    )
    for registration in waiting.only("pk", "status"):
        _cancel(Registration, StatusChange, registration, note="Anonymised")

    try:
        content_type = ContentType.objects.get(app_label="registrations", model="registration")
    except ContentType.DoesNotExist:  # a new database: no history yet
        return
    entries = LogEntry.objects.filter(content_type=content_type)
    for entry in entries.only("pk", "object_repr").iterator():
        reference = entry.object_repr.split(" ", 1)[0]
        if reference != entry.object_repr:
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=reference)


def _cancel(Registration, StatusChange, registration, *, note, checked_out=False):
    update = {"status": "cancelled"}
    if checked_out:
        update["checked_in_at"] = None  # only a confirmed delegate may stay checked in
    Registration.objects.filter(pk=registration.pk).update(**update)
    StatusChange.objects.create(
        registration_id=registration.pk,
        from_status=registration.status,
        to_status="cancelled",
        note=note,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("registrations", "0007_mailbox_lengths_plain_text_and_anonymised_rows"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
