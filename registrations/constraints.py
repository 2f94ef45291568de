"""Check constraints that say their rule once, for the database and for forms alike."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual


class FieldCheckConstraint(models.CheckConstraint):
    """A check constraint whose violation is reported on one field, not above the form.

    The condition is the rule's only statement: the database enforces it, and
    ``full_clean()`` (hence every model form) reports it beside ``field``, so no
    ``clean()`` or form has to say it again (and show the message twice).
    """

    def __init__(self, *, field, **kwargs):
        super().__init__(**kwargs)
        self.field = field

    def validate(self, model, instance, exclude=None, using=None):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({self.field: error.error_list}) from None

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        return path, args, kwargs

    def __eq__(self, other):
        return isinstance(other, FieldCheckConstraint) and (
            self.field == other.field and super().__eq__(other)
        )


class MaxLengthConstraint(models.CheckConstraint):
    """The database's copy of a text field's ``max_length``.

    PostgreSQL enforces ``varchar(n)`` by itself, SQLite enforces no length at all,
    and a ``TextField`` has no length in any database: this CHECK holds on both.
    Python-side the field's own ``max_length`` validator says it first (with the
    form's message), so this constraint does not validate again.
    """

    def __init__(self, *, field, max_length, name, **kwargs):
        self.field = field
        self.max_length = max_length
        kwargs.pop("condition", None)
        super().__init__(condition=LessThanOrEqual(Length(field), max_length), name=name, **kwargs)

    def validate(self, model, instance, exclude=None, using=None):
        return

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs.pop("condition", None)
        kwargs.update(field=self.field, max_length=self.max_length)
        return path, args, kwargs

    def __eq__(self, other):
        return isinstance(other, MaxLengthConstraint) and (
            (self.field, self.max_length, self.name) == (other.field, other.max_length, other.name)
        )


def max_length_constraints(prefix: str, model_fields: dict[str, int]) -> list:
    """One ``MaxLengthConstraint`` per field: ``{"given_name": 150, …}``."""
    return [
        MaxLengthConstraint(field=name, max_length=length, name=f"{prefix}_{name}_max_length")
        for name, length in model_fields.items()
    ]
