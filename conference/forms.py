from django import forms

from conference.validators import refuse_svg


class LogoFormField(forms.ImageField):
    """An image field that names an SVG as such: Django's own says only "Upload a valid
    image" (Pillow cannot open SVG), before the model's logo validator is reached."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "read"):
            refuse_svg(data)
        return super().to_python(data)
