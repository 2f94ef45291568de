from modeltranslation.translator import TranslationOptions, register

from speakers.models import Speaker


@register(Speaker)
class SpeakerTranslationOptions(TranslationOptions):
    # Names are not translated: the Japanese-script name is its own field.
    fields = ("honorific", "position", "organisation", "biography")
