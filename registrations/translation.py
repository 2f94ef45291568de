from modeltranslation.translator import TranslationOptions, register

from registrations.models import AttendanceOption


@register(AttendanceOption)
class AttendanceOptionTranslationOptions(TranslationOptions):
    fields = ("name",)
