"""Uploaded files (complaint attachments and compliance evidence): type sniffing, size limits, safe
names, content hash and safe download headers. The one place that decides what an upload is.

The type of an upload is decided from its first bytes (magic numbers), never from the browser's
Content-Type. Complaint attachments accept PDF, PNG, JPEG and plain text and are stored under the
extension of the detected type; evidence files also accept CSV and DOCX, and their name's extension must
agree with what the bytes are. Downloads are always served as attachments with
``X-Content-Type-Options: nosniff`` and a sandboxing CSP, never with an active content type (no
text/html, image/svg+xml or JavaScript): text is served as ``text/plain`` or ``text/csv``.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import quote

from waarborg.domain.errors import InvalidInput, PayloadTooLarge


class FileType(StrEnum):
    """An accepted kind of file; the value is its bare media type."""

    PDF = "application/pdf"
    PNG = "image/png"
    JPEG = "image/jpeg"
    TEXT = "text/plain"
    CSV = "text/csv"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    @property
    def key(self) -> str:
        return self.name.lower()

    @property
    def extension(self) -> str:
        """The extension a file of this type is stored under."""
        return _EXTENSION.get(self.name, self.key)

    @property
    def media_type(self) -> str:
        """The Content-Type to serve it with (text with its charset)."""
        return f"{self.value}; charset=utf-8" if self in (FileType.TEXT, FileType.CSV) else self.value


_EXTENSION = {"JPEG": "jpg", "TEXT": "txt"}

PDF, PNG, JPEG, TEXT, CSV, DOCX = (
    FileType.PDF,
    FileType.PNG,
    FileType.JPEG,
    FileType.TEXT,
    FileType.CSV,
    FileType.DOCX,
)
ALL_TYPES: frozenset[str] = frozenset(FileType)
ALLOWED = (PDF, PNG, JPEG, TEXT)  # complaint attachments

_TEXT_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --------------------------------------------------------------------------- sniffing


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff(data: bytes, extension: str = "", allowed: Collection[str] = ALL_TYPES) -> FileType | None:
    """The type the bytes really are, if it is one of ``allowed``; None for anything else.

    Plain text is UTF-8 without control characters that does not start with markup (``<``); it is CSV
    when the name's ``extension`` says csv. DOCX is a zip holding a Word document.
    """
    found = _sniff(data, extension.lower())
    return found if found is not None and found in allowed else None


def _sniff(data: bytes, extension: str) -> FileType | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return DOCX if _is_docx(data) else None
    if not _is_plain_text(data):
        return None
    return CSV if extension == "csv" else TEXT


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _is_plain_text(data: bytes) -> bool:
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if _TEXT_CONTROL.search(body):
        return False
    return not body.lstrip().startswith(b"<")


# --------------------------------------------------------------------------- names and sizes

_SAFE_ASCII = re.compile(r"[^A-Za-z0-9._ -]+")


def safe_filename(name: str, file_type: FileType | None = None) -> str:
    """A name that is safe to store and to put in a header.

    Without ``file_type`` (evidence): the base name without directories, control characters or
    quotes, at most 150 characters, keeping its own extension. With ``file_type`` (complaint
    attachments): ASCII only, odd characters replaced, with the extension of the detected type.
    """
    return _unicode_name(name) if file_type is None else _ascii_name(name, file_type)


def _unicode_name(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C" and ch not in "\"';<>`")
    base = re.sub(r"\s+", " ", base).strip(" .")
    if len(base) > 150:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 149 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else base[:150]
    return base or "evidence"


def _ascii_name(name: str, file_type: FileType) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _SAFE_ASCII.sub("_", stem).strip(" ._")[:80] or "bijlage"
    return f"{stem}.{file_type.extension}"


def check_size(size: int, max_bytes: int, shown: str, field: str = "file") -> None:
    """Raise PayloadTooLarge (over ``max_bytes``) or InvalidInput (empty) naming the file."""
    if size > max_bytes:
        message = f"{field}: {shown!r} is {size} bytes; at most {max_bytes} bytes allowed"
        raise PayloadTooLarge(message, [message])
    if size == 0:
        raise InvalidInput.at(field, f"{shown!r} is empty")


# --------------------------------------------------------------------------- complaint attachments


@dataclass(frozen=True)
class CheckedAttachment:
    filename: str  # safe name with the extension of the detected type
    file_type: FileType
    size: int


def check_attachment(
    name: str, data: bytes, *, max_bytes: int, field: str = "attachments"
) -> CheckedAttachment:
    """Accept an upload or raise PayloadTooLarge / InvalidInput naming the file and what is wrong."""
    shown = (name or "?")[:80]
    check_size(len(data), max_bytes, shown, field)
    file_type = sniff(data, allowed=ALLOWED)
    if file_type is None:
        allowed = ", ".join(t.key for t in ALLOWED)
        raise InvalidInput.at(
            field, f"{shown!r} is not an allowed file type (allowed: {allowed}; the content decides)"
        )
    return CheckedAttachment(safe_filename(name, file_type), file_type, len(data))


def check_attachments(
    files: list[tuple[str, bytes]], *, max_count: int, max_bytes: int
) -> list[CheckedAttachment]:
    if len(files) > max_count:
        raise InvalidInput.at("attachments", f"{len(files)} files; at most {max_count} allowed")
    return [
        check_attachment(n, d, max_bytes=max_bytes, field=f"attachments[{i}]")
        for i, (n, d) in enumerate(files)
    ]


# --------------------------------------------------------------------------- evidence files

EXTENSIONS: dict[str, FileType] = {
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


def inspect_upload(filename: str, data: bytes, policy: EvidencePolicy | None = None) -> EvidenceFile:
    """Validate an evidence upload and describe it; raises InvalidInput / PayloadTooLarge naming the file."""
    policy = policy or EvidencePolicy()
    name = safe_filename(filename)
    check_size(len(data), policy.max_bytes, name)
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
    return EvidenceFile(filename=name, media_type=actual.value, size=len(data), sha256=sha256_hex(data))


# --------------------------------------------------------------------------- downloads


def download_headers(filename: str, media_type: str, size: int | None = None) -> dict[str, str]:
    """Headers for serving a stored file: always an attachment, never an active type."""
    bare = media_type.split(";", 1)[0].strip()
    kind = FileType(bare).media_type if bare in ALL_TYPES else "application/octet-stream"
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


def attachment_download_headers(filename: str, data: bytes) -> dict[str, str]:
    """Headers for serving a stored complaint attachment back. The type is sniffed again from the
    stored bytes; anything not on the allow-list is served as an opaque download."""
    file_type = sniff(data, allowed=ALLOWED)
    if file_type is None:
        return download_headers("bijlage.bin", "application/octet-stream", len(data))
    return download_headers(safe_filename(filename, file_type), file_type, len(data))
