from modeltranslation.translator import TranslationOptions, register

from seating.models import SeatingPlan


@register(SeatingPlan)
class SeatingPlanTranslationOptions(TranslationOptions):
    fields = ("name",)
