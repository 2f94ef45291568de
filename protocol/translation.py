from modeltranslation.translator import TranslationOptions, register

from protocol.models import Delegation, PrecedenceCategory


@register(Delegation)
class DelegationTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(PrecedenceCategory)
class PrecedenceCategoryTranslationOptions(TranslationOptions):
    fields = ("name",)
