"""Evidence uploads: type sniffing, size and type limits, hashes, safe download headers."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waarborg.domain.attachments import (
    CSV,
    DOCX,
    JPEG,
    PDF,
    PNG,
    TEXT,
    EvidencePolicy,
    download_headers,
    inspect_upload,
    safe_filename,
    sniff,
)
from waarborg.domain.errors import InvalidInput, PayloadTooLarge

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def docx_bytes(word: bool = True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        if word:
            zf.writestr("word/document.xml", "<w:document/>")
        else:
            zf.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "media_type"),
    [
        ("report.pdf", PDF_BYTES, PDF),
        ("screen.PNG", PNG_BYTES, PNG),
        ("photo.jpeg", JPEG_BYTES, JPEG),
        ("photo.jpg", JPEG_BYTES, JPEG),
        ("notes.txt", "Bias-audit: geen bevindingen ✓\n".encode(), TEXT),
        ("notes.md", b"# Minutes\n- ok\n", TEXT),
        ("metrics.csv", b"group,rate\na,0.3\n", CSV),
        ("fria.docx", docx_bytes(), DOCX),
    ],
)
def test_accepted_kinds(name: str, data: bytes, media_type: str) -> None:
    info = inspect_upload(name, data)
    assert info.media_type == media_type
    assert info.size == len(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("page.html", b"<html><script>alert(1)</script></html>", "extension 'html' is not accepted"),
        ("page.txt", b"<html><script>alert(1)</script></html>", "content is not a PDF"),
        ("image.svg", b"<svg onload=alert(1)>", "extension 'svg' is not accepted"),
        ("fake.pdf", b"<html>hello</html>", "content is not a PDF"),
        ("fake.pdf", PNG_BYTES, "the name says application/pdf but the content is image/png"),
        ("sheet.docx", docx_bytes(word=False), "content is not a PDF"),
        ("zipped.docx", b"PK\x03\x04garbage", "content is not a PDF"),
        ("binary.txt", b"abc\x00def", "content is not a PDF"),
        ("latin1.txt", "café".encode("latin-1"), "content is not a PDF"),
        ("control.txt", b"abc\x1b[31mred", "content is not a PDF"),
        ("noextension", PDF_BYTES, "extension '(none)' is not accepted"),
        ("run.exe", b"MZ\x90\x00", "extension 'exe' is not accepted"),
    ],
)
def test_refused_uploads_name_the_file(name: str, data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as info:
        inspect_upload(name, data)
    assert message in info.value.message
    assert info.value.errors[0].startswith("file:")
    assert repr(safe_filename(name)) in info.value.message


def test_size_limits() -> None:
    policy = EvidencePolicy(max_bytes=100)
    assert inspect_upload("a.pdf", PDF_BYTES, policy).size == len(PDF_BYTES)
    with pytest.raises(PayloadTooLarge) as info:
        inspect_upload("big.pdf", PDF_BYTES + b"x" * 100, policy)
    assert (
        info.value.status == 413 and "'big.pdf'" in info.value.message and "100 bytes" in info.value.message
    )
    with pytest.raises(InvalidInput, match="is empty"):
        inspect_upload("empty.pdf", b"", policy)


def test_type_limits_are_configurable() -> None:
    policy = EvidencePolicy(allowed_types=frozenset({PDF}))
    with pytest.raises(InvalidInput, match="use pdf"):
        inspect_upload("a.png", PNG_BYTES, policy)


def test_download_headers_are_safe() -> None:
    h = download_headers('Rapport é "x".pdf', PDF, 42)
    assert h["Content-Type"] == PDF
    assert h["Content-Disposition"].startswith('attachment; filename="Rapport _ x.pdf"')
    assert "filename*=UTF-8''Rapport%20%C3%A9%20x.pdf" in h["Content-Disposition"]
    assert h["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in h["Content-Security-Policy"]
    assert h["Content-Length"] == "42"
    assert download_headers("a.txt", TEXT)["Content-Type"] == "text/plain; charset=utf-8"
    for active in ("text/html", "image/svg+xml", "application/javascript", "text/xml"):
        assert download_headers("x", active)["Content-Type"] == "application/octet-stream"


def test_sniff_direct() -> None:
    assert sniff(b"a;b\n1;2\n", "csv") == CSV
    assert sniff(b"  <!doctype html>") is None
    assert sniff(b"\xef\xbb\xbfhello") == TEXT


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\audit.pdf", "audit.pdf"),
        ("a\r\nb.pdf", "ab.pdf"),
        ("<script>.txt", "script.txt"),
        ("", "evidence"),
        ("...", "evidence"),
    ],
)
def test_safe_filename(raw: str, clean: str) -> None:
    assert safe_filename(raw) == clean


def test_long_filenames_keep_their_extension() -> None:
    name = safe_filename("x" * 500 + ".pdf")
    assert len(name) <= 150 and name.endswith(".pdf")


@given(st.text(max_size=300))
def test_hostile_filenames_give_safe_headers(name: str) -> None:
    clean = safe_filename(name)
    assert clean and "/" not in clean and "\\" not in clean and len(clean) <= 150
    disposition = download_headers(name, PDF)["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert disposition.count('"') == 2


@given(st.binary(max_size=512))
def test_sniffing_never_crashes_and_never_returns_an_active_type(data: bytes) -> None:
    assert sniff(data) in {None, PDF, PNG, JPEG, TEXT, DOCX}
