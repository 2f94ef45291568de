"""Re-encoding of uploaded speaker photos.

The validators (speakers/validators.py) have already refused what is too big,
damaged, or not a JPEG, PNG or WebP. A multi-picture JPEG (MPO, as phones write
them) is stored as a plain JPEG of its first picture. What is stored is not the
uploaded file but a new one that Pillow writes from the decoded pixels: EXIF
(camera, GPS position, dates), XMP, comments and anything appended to the file
are left behind, and the file's extension, hence the Content-Type it is served
with, is the format Pillow found rather than the name the uploader chose.
"""

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

# Pillow's format name → the format stored.
STORED_FORMAT = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}

# Stored format → (file extension, save options).
OUTPUT = {
    "JPEG": ("jpg", {"quality": 90, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 90}),
}


def reencode_photo(file, *, stem: str = "photo") -> ContentFile:
    """A clean copy of an uploaded photo (or logo: ``stem`` names the file), in the
    format it came in, without metadata."""
    file.seek(0)
    with Image.open(file) as original:
        image_format = STORED_FORMAT[original.format]
        extension, options = OUTPUT[image_format]
        # Turn the pixels the way the EXIF orientation says, since the tag goes.
        image = ImageOps.exif_transpose(original)
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        # A new image holds the pixels and nothing of the original's info dict.
        clean = Image.frombytes(image.mode, image.size, image.tobytes())
        if image.mode == "P":
            clean.putpalette(image.getpalette())
        output = BytesIO()
        clean.save(output, format=image_format, **options)
    return ContentFile(output.getvalue(), name=f"{stem}.{extension}")
