"""Evidence files: type sniffing, size limits, content hash and safe download headers.

The type of an upload is decided from its first bytes (magic numbers), never from the browser's
Content-Type; the file name's extension must agree with what the bytes are. Downloads are always
served as attachments with ``X-Content-Type-Options: nosniff`` and never with an active content type
(no text/html, image/svg+xml or JavaScript): text is served as ``text/plain`` or ``text/csv``.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from urllib.parse import quote

from waarborg.domain import attachments
from waarborg.domain.errors import InvalidInput, PayloadTooLarge

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain"
CSV = "text/csv"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

ALL_TYPES = frozenset({PDF, PNG, JPEG, TEXT, CSV, DOCX})
EXTENSIONS: dict[str, str] = {
    "pdf": PDF,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "txt": TEXT,
    "md": TEXT,
    "log": TEXT,
    "csv": CSV,
    "docx": DOCX,
}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class EvidencePolicy:
    max_bytes: int = DEFAULT_MAX_BYTES
    allowed_types: frozenset[str] = field(default=ALL_TYPES)


@dataclass(frozen=True)
class EvidenceFile:
    filename: str
    media_type: str
    size: int
    sha256: str


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


_BASIC = {"pdf": PDF, "png": PNG, "jpeg": JPEG, "text": TEXT}


def sniff(data: bytes, extension: str = "") -> str | None:
    """The media type the bytes really are (None if none of the accepted kinds).

    PDF, PNG, JPEG and plain text are recognised by ``waarborg.domain.attachments.sniff`` (shared with
    complaint attachments); evidence also accepts DOCX (a zip holding a Word document) and CSV text.
    """
    if data.startswith(b"PK\x03\x04"):
        return DOCX if _is_docx(data) else None
    if data.lstrip()[:1] == b"<":
        return None
    found = attachments.sniff(data)
    kind = _BASIC.get(found.key) if found else None
    if kind == TEXT and extension == "csv":
        return CSV
    return kind


def safe_filename(name: str) -> str:
    """Base name without directories, control characters or quotes; at most 150 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C" and ch not in "\"';<>`")
    base = re.sub(r"\s+", " ", base).strip(" .")
    if len(base) > 150:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 149 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else base[:150]
    return base or "evidence"


def check_size(size: int, policy: EvidencePolicy, filename: str = "file") -> None:
    if size > policy.max_bytes:
        raise PayloadTooLarge(
            f"file: {filename!r} is {size} bytes; the limit is {policy.max_bytes} bytes",
            [f"file: {filename!r} is larger than {policy.max_bytes} bytes"],
        )
    if size == 0:
        raise InvalidInput.at("file", f"{filename!r} is empty")


def inspect_upload(filename: str, data: bytes, policy: EvidencePolicy | None = None) -> EvidenceFile:
    """Validate an upload and describe it; raises InvalidInput / PayloadTooLarge naming the file."""
    policy = policy or EvidencePolicy()
    name = safe_filename(filename)
    check_size(len(data), policy, name)
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    expected = EXTENSIONS.get(ext)
    if expected is None or expected not in policy.allowed_types:
        allowed = ", ".join(sorted(e for e, t in EXTENSIONS.items() if t in policy.allowed_types))
        raise InvalidInput.at(
            "file", f"{name!r}: extension {ext or '(none)'!r} is not accepted; use {allowed}"
        )
    actual = sniff(data, ext)
    if actual is None:
        raise InvalidInput.at(
            "file", f"{name!r}: the content is not a PDF, PNG, JPEG, plain text, CSV or DOCX file"
        )
    if actual != expected:
        raise InvalidInput.at("file", f"{name!r}: the name says {expected} but the content is {actual}")
    return EvidenceFile(filename=name, media_type=actual, size=len(data), sha256=sha256_hex(data))


def download_headers(filename: str, media_type: str, size: int | None = None) -> dict[str, str]:
    """Headers for serving a stored evidence file: always an attachment, never an active type."""
    kind = media_type if media_type in ALL_TYPES else "application/octet-stream"
    if kind in (TEXT, CSV):
        kind += "; charset=utf-8"
    name = safe_filename(filename)
    ascii_name = name.encode("ascii", "replace").decode("ascii").replace("?", "_")
    headers = {
        "Content-Type": kind,
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if size is not None:
        headers["Content-Length"] = str(size)
    return headers
