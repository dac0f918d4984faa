"""The receipt as a picture the worker can save among their photos.

It looks like nothing in particular: the digits in groups, dark on a plain light background, no name,
no logo, no words, so that someone scrolling through the phone's gallery sees a number someone wrote
down, not a complaint. It is made on the answer that shows the receipt, put in the page as a `data:`
address (the page loads nothing else and no file is kept), and never stored.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# DejaVu comes with the fonts the PDFs need (fonts-dejavu-core); Pillow's own font otherwise.
FONT_FILES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)
SIZE = 44
PAPER = (246, 244, 238)
INK = (40, 44, 52)


def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_FILES:
        if path.exists():
            return ImageFont.truetype(str(path), SIZE)
    return ImageFont.load_default(size=SIZE)


def receipt_picture(shown: str) -> bytes:
    """A PNG of the receipt as shown (groups of four), two groups per line on a narrow picture that
    fits a phone's gallery."""
    groups = shown.split()
    lines = [" ".join(groups[i : i + 2]) for i in range(0, len(groups), 2)]
    font = _font()
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    widths = [int(probe.textbbox((0, 0), line, font=font)[2]) for line in lines]
    line_height = int(SIZE * 1.5)
    width = max(widths) + 2 * SIZE
    height = line_height * len(lines) + 2 * SIZE
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((SIZE, SIZE + number * line_height), line, font=font, fill=INK)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def receipt_picture_data_url(shown: str) -> str:
    return "data:image/png;base64," + base64.b64encode(receipt_picture(shown)).decode("ascii")
