"""A browser's single-file copy of a page (`.mhtml`/`.mht`): the page and its images in one MIME message.

Read with the standard library's `email` parser: the `text/html` part is the page,
each `image/*` part is served to the image stage under the URL it was saved from
(`Content-Location`), so the page's `<img>` tags find their pictures in the file,
never on the network.
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

from wx2md.migrate.assets import ArchiveImages
from wx2md.urls import clean_image_url


def is_mhtml(path: Path, head: bytes) -> bool:
    low = head[:4096].lower()
    return path.suffix.lower() in (".mhtml", ".mht") or (b"mime-version:" in low and b"multipart/related" in low)


def read_mhtml(path: Path, images: ArchiveImages) -> str:
    """The page's HTML; its images go into `images` by the URLs the page names them with."""
    with path.open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    markup = ""
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        if kind == "text/html" and not markup:
            payload = part.get_payload(decode=True) or b""
            markup = payload.decode(part.get_content_charset() or "utf-8", errors="replace")
        elif kind.startswith("image/"):
            location = str(part.get("Content-Location") or "").strip()
            data = part.get_payload(decode=True)
            if location and data:
                images.blobs[location] = data
                cleaned = clean_image_url(location)
                if cleaned:
                    images.blobs[cleaned] = data
    if not markup:
        from wx2md.errors import BadInput

        raise BadInput("a single-file page copy with no HTML part")
    return markup
