"""Draw static/img/apple-touch-icon.png (180 x 180) from the favicon's design.

static/img/favicon.svg is a 64-unit square: navy (#1b2540) with a claret (#7a1f2b)
band along the bottom 8 units and "UJ" in a bold serif, 30 units high, centred on
x = 32 with its baseline at y = 42. This draws the same at 180 px. The square is left
without rounded corners and opaque: iOS rounds the icon itself and shows transparency
as black. Georgia is not on a Linux machine; DejaVu Serif Bold (fonts-dejavu-core)
stands in, as it does for the SVG in a browser without Georgia.

    .venv/bin/python scripts/make_apple_touch_icon.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = 180
SCALE = SIZE / 64
NAVY, CLARET, WHITE = "#1b2540", "#7a1f2b", "#ffffff"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
OUTPUT = Path(__file__).resolve().parents[1] / "static" / "img" / "apple-touch-icon.png"


def draw() -> Image.Image:
    image = Image.new("RGB", (SIZE, SIZE), NAVY)
    canvas = ImageDraw.Draw(image)
    canvas.rectangle([0, round(56 * SCALE), SIZE, SIZE], fill=CLARET)
    font = ImageFont.truetype(FONT, round(30 * SCALE))
    # Anchor "ms": middle of the text on x, its baseline on y, as text-anchor="middle" does.
    canvas.text((32 * SCALE, 42 * SCALE), "UJ", font=font, fill=WHITE, anchor="ms")
    return image


if __name__ == "__main__":
    draw().save(OUTPUT, "PNG", optimize=True)
    print(f"wrote {OUTPUT}")
