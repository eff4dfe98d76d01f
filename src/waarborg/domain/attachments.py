"""Attachments to complaints and explanation requests: an allow-list of types recognised by their content
(magic bytes), never by the name or the content type the browser sent; a size limit; and download headers
that keep a browser from running anything (attachment disposition, nosniff, a sandboxing CSP).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from waarborg.domain.errors import InvalidInput, PayloadTooLarge


@dataclass(frozen=True)
class FileType:
    key: str
    media_type: str
    extension: str


PDF = FileType("pdf", "application/pdf", "pdf")
PNG = FileType("png", "image/png", "png")
JPEG = FileType("jpeg", "image/jpeg", "jpg")
TEXT = FileType("text", "text/plain; charset=utf-8", "txt")
ALLOWED = (PDF, PNG, JPEG, TEXT)

_MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<head", b"<iframe")
_TEXT_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


@dataclass(frozen=True)
class CheckedAttachment:
    filename: str  # safe name with the extension of the detected type
    file_type: FileType
    size: int


def sniff(data: bytes) -> FileType | None:
    """The allowed type whose signature ``data`` starts with; None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    return TEXT if _is_plain_text(data) else None


def _is_plain_text(data: bytes) -> bool:
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if _TEXT_CONTROL.search(body):
        return False
    head = body[:1024].lstrip().lower()
    return not any(head.startswith(tag) for tag in _MARKUP)


def safe_filename(name: str, file_type: FileType) -> str:
    """ASCII name without path parts or odd characters, with the extension of the detected type."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _SAFE_NAME.sub("_", stem).strip(" ._")[:80] or "bijlage"
    return f"{stem}.{file_type.extension}"


def check_attachment(
    name: str, data: bytes, *, max_bytes: int, field: str = "attachments"
) -> CheckedAttachment:
    """Accept an upload or raise PayloadTooLarge / InvalidInput naming the file and what is wrong."""
    shown = (name or "?")[:80]
    if len(data) > max_bytes:
        raise PayloadTooLarge(
            f"{field}: {shown!r} is {len(data)} bytes; at most {max_bytes} bytes allowed",
            [f"{field}: {shown!r} is {len(data)} bytes; at most {max_bytes} bytes allowed"],
        )
    if not data:
        raise InvalidInput.at(field, f"{shown!r} is empty")
    file_type = sniff(data)
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


def download_headers(filename: str, data: bytes) -> dict[str, str]:
    """Response headers for serving a stored attachment back. The type is sniffed again from the stored
    bytes; anything not on the allow-list is served as an opaque download."""
    file_type = sniff(data)
    media = file_type.media_type if file_type else "application/octet-stream"
    name = safe_filename(filename, file_type) if file_type else "bijlage.bin"
    return {
        "Content-Type": media,
        "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Content-Length": str(len(data)),
    }
