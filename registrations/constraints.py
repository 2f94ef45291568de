"""Check constraints that say their rule once, for the database and for forms alike."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual


def _lookups(condition):
    for child in condition.children:
        if isinstance(child, Q):
            yield from _lookups(child)
        else:
            yield child


def _referenced_fields(condition) -> set | None:
    """The field names a condition of plain ``field=value``, ``field__in`` and
    ``field__isnull`` lookups compares, or None when it is anything else."""
    names = set()
    for child in _lookups(condition):
        if not (isinstance(child, tuple) and len(child) == 2):
            return None
        lookup, value = child
        name, _sep, kind = lookup.partition("__")
        if kind not in ("", "exact", "in", "isnull") or hasattr(value, "resolve_expression"):
            return None
        names.add(name)
    return names


def _evaluate(condition, instance) -> bool | None:
    """The condition on the unsaved row, or None where SQL's NULL logic would differ."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            result = _evaluate(child, instance)
        else:
            lookup, expected = child
            name, _sep, kind = lookup.partition("__")
            value = getattr(instance, instance._meta.get_field(name).attname)
            if kind == "isnull":
                result = (value is None) == bool(expected)
            elif value is None or expected is None:
                return None
            elif kind == "in":
                result = value in expected
            else:
                result = value == expected
        if result is None:
            return None
        results.append(result)
    if condition.connector == Q.AND:
        holds = all(results)
    elif condition.connector == Q.OR:
        holds = any(results)
    else:
        return None
    return not holds if condition.negated else holds


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
        # Plain comparisons of the row's own fields are decided here, without the
        # query Django would send (one per constraint per form); anything else, the
        # database decides.
        fields = _referenced_fields(self.condition)
        if fields is not None and exclude and fields & set(exclude):
            return  # as Django does: a rule on an excluded field is not checked
        holds = _evaluate(self.condition, instance) if fields is not None else None
        if holds is True:
            return
        if holds is False:
            raise ValidationError(
                {
                    self.field: [
                        ValidationError(
                            self.get_violation_error_message(), code=self.violation_error_code
                        )
                    ]
                }
            )
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
