"""Attachments: the content decides the type (allow-list), size limit, and downloads never run in a browser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waarborg.domain.attachments import (
    TEXT,
    attachment_download_headers,
    check_attachment,
    check_attachments,
    safe_filename,
    sniff,
)
from waarborg.domain.errors import InvalidInput, PayloadTooLarge

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
LIMIT = 1024


@pytest.mark.parametrize(
    ("name", "data", "media", "stored_as"),
    [
        ("besluit.pdf", PDF, "application/pdf", "besluit.pdf"),
        ("scan.PNG", PNG, "image/png", "scan.png"),
        ("foto.jpeg", JPEG, "image/jpeg", "foto.jpg"),
        (
            "brief.txt",
            b"Geachte heer/mevrouw, ik maak bezwaar.\n",
            "text/plain; charset=utf-8",
            "brief.txt",
        ),
        ("misleading.exe", PDF, "application/pdf", "misleading.pdf"),  # the content decides, not the name
    ],
)
def test_allowed_types_by_content(name: str, data: bytes, media: str, stored_as: str) -> None:
    checked = check_attachment(name, data, max_bytes=LIMIT)
    assert (
        checked.file_type.media_type == media and checked.filename == stored_as and checked.size == len(data)
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("page.html", b"<!DOCTYPE html><script>alert(1)</script>"),
        ("page.txt", b"  <html><body>hi</body></html>"),
        ("icon.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("data.xml", b"<?xml version='1.0'?><x/>"),
        ("prog.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("archive.zip", b"PK\x03\x04\x14\x00"),
        ("binary.txt", b"hello\x00world"),
        ("latin1.txt", "café".encode("latin-1")),
        ("doc.gif", b"GIF89a\x01\x00"),
    ],
)
def test_other_types_are_refused_naming_the_file(name: str, data: bytes) -> None:
    with pytest.raises(InvalidInput, match=rf"attachments: '{name}' is not an allowed file type"):
        check_attachment(name, data, max_bytes=LIMIT)


def test_size_limit_and_empty_and_count() -> None:
    with pytest.raises(PayloadTooLarge, match=r"'big.pdf' is 1025 bytes; at most 1024") as err:
        check_attachment("big.pdf", PDF + b"0" * (1025 - len(PDF)), max_bytes=LIMIT)
    assert err.value.status == 413
    assert check_attachment("edge.pdf", PDF + b"0" * (1024 - len(PDF)), max_bytes=LIMIT).size == 1024
    with pytest.raises(InvalidInput, match="'leeg.txt' is empty"):
        check_attachment("leeg.txt", b"", max_bytes=LIMIT)
    with pytest.raises(InvalidInput, match="attachments: 4 files; at most 3 allowed"):
        check_attachments([("a.pdf", PDF)] * 4, max_count=3, max_bytes=LIMIT)
    with pytest.raises(InvalidInput, match=r"attachments\[1\]: 'x.html'"):
        check_attachments([("a.pdf", PDF), ("x.html", b"<html>")], max_count=3, max_bytes=LIMIT)


def test_download_headers_never_allow_active_content() -> None:
    h = attachment_download_headers("besluit.pdf", PDF)
    assert h["Content-Type"] == "application/pdf"
    assert h["Content-Disposition"].startswith("attachment;")
    assert h["X-Content-Type-Options"] == "nosniff" and "sandbox" in h["Content-Security-Policy"]
    assert h["Cache-Control"] == "private, no-store" and h["Content-Length"] == str(len(PDF))
    # bytes that are no longer on the allow-list (e.g. tampered storage) become an opaque download
    bad = attachment_download_headers("evil.html", b"<html><script>alert(1)</script>")
    assert (
        bad["Content-Type"] == "application/octet-stream"
        and 'filename="bijlage.bin"' in bad["Content-Disposition"]
    )


def test_filenames_lose_paths_and_odd_characters() -> None:
    assert safe_filename("../../etc/passwd", TEXT) == "passwd.txt"
    assert safe_filename("C:\\Users\\a\\Mijn brief (1).pdf", TEXT) == "Mijn brief _1.txt"
    assert safe_filename('Beslüit"; x=.pdf', TEXT) == "Besluit_ x.txt"
    assert safe_filename("", TEXT) == "bijlage.txt"


@given(st.binary(max_size=64))
def test_sniff_never_crashes_and_accepts_only_the_allow_list(data: bytes) -> None:
    found = sniff(data)
    assert found is None or found.key in {"pdf", "png", "jpeg", "text"}


@given(st.text(max_size=100))
def test_safe_filename_is_always_a_plain_ascii_name(name: str) -> None:
    out = safe_filename(name, TEXT)
    assert out.isascii() and "/" not in out and "\\" not in out and '"' not in out and out.endswith(".txt")
    assert "\n" not in out and "\r" not in out and not out.startswith(".")
