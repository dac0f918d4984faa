"""The file cleaner, run in a child process with hard limits: `python -m korgoo.cases.cleaner`
(SECURITY.md 23, 36).

Decoding a photo or a PDF is the most expensive thing an anonymous visitor can make the server do:
a crafted PDF of 100,000 pages or an image that claims billions of pixels costs seconds of CPU and
hundreds of megabytes. So the decoding never runs in the web worker: `korgoo.cases.files` starts
this module as a child process, sends it the file on standard input and reads the cleaned file from
standard output. Before it reads a byte, the child limits itself (CPU seconds, address space); the
parent also gives it a wall-clock deadline and kills it past that. A child that is killed or fails
answers "cannot read this file", and the web worker stays as small and as free as it was.

The module imports no Django and no project code: only Pillow and pypdf.
"""

from __future__ import annotations

import io
import resource
import sys

from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter

# Answers the parent understands (first line of the standard error when the exit status is 2).
TOO_MANY_PIXELS = "too_many_pixels"
TOO_MANY_PAGES = "too_many_pages"
ENCRYPTED = "encrypted"
WRONG_TYPE = "wrong_type"


class Refused(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def clean_image(data: bytes, pil_format: str, max_pixels: int) -> bytes:
    """The photo decoded and written again without EXIF (GPS, device serial) and text chunks."""
    Image.MAX_IMAGE_PIXELS = max_pixels
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        if width * height > max_pixels:  # checked before decoding a single pixel
            raise Refused(TOO_MANY_PIXELS)
        if image.format != pil_format:
            raise Refused(WRONG_TYPE)
        image.load()
        upright = ImageOps.exif_transpose(image) or image
        pixels = Image.new(upright.mode, upright.size)
        pixels.paste(upright)
        out = io.BytesIO()
        if pil_format == "JPEG":
            pixels.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
        else:
            pixels.save(out, "PNG", optimize=True)
        return out.getvalue()


def clean_pdf(data: bytes, max_pages: int) -> bytes:
    """The PDF written again without its document information and XMP metadata."""
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise Refused(ENCRYPTED)
    # The page count the file declares is read before any page is: a file that declares more pages
    # than a worker's evidence ever has is refused at once; one that lies meets the CPU limit.
    pages = reader.root_object["/Pages"].get_object()
    declared = pages.get("/Count", 0) if isinstance(pages, dict) else 0
    if not isinstance(declared, int) or declared > max_pages:
        raise Refused(TOO_MANY_PAGES)
    writer = PdfWriter()
    for number, page in enumerate(reader.pages):
        if number >= max_pages:
            raise Refused(TOO_MANY_PAGES)
        writer.add_page(page)
    writer.metadata = None  # no document information dictionary (author, producer, dates)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main(argv: list[str]) -> int:
    """argv: kind (JPEG, PNG, PDF), CPU seconds, address space in bytes, max pixels, max pages."""
    kind, cpu_seconds, address_space, max_pixels, max_pages = argv
    resource.setrlimit(resource.RLIMIT_CPU, (int(cpu_seconds), int(cpu_seconds) + 1))
    resource.setrlimit(resource.RLIMIT_AS, (int(address_space), int(address_space)))
    data = sys.stdin.buffer.read()
    try:
        cleaned = (
            clean_pdf(data, int(max_pages)) if kind == "PDF" else clean_image(data, kind, int(max_pixels))
        )
    except Refused as refused:
        sys.stderr.write(refused.code + "\n")
        return 2
    except Exception as exc:  # any decoder failure means the file cannot be vouched for
        sys.stderr.write(f"unreadable {type(exc).__name__}\n")
        return 3
    sys.stdout.buffer.write(cleaned)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
