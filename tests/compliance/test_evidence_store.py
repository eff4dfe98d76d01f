"""Evidence storage outside the database: content-addressed files and the S3-compatible variant."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from waarborg.domain.errors import InvalidInput, NotFound
from waarborg.engines.evidence_store import (
    CorruptEvidence,
    FileEvidenceStore,
    S3EvidenceStore,
    store_from_url,
)

DATA = b"%PDF-1.7 evidence"


def test_file_store_is_content_addressed(tmp_path: Path) -> None:
    store = FileEvidenceStore(tmp_path)
    key = store.put(DATA)
    path = store.path_for(key)
    assert path == tmp_path / key[:2] / key[2:4] / key
    assert store.get(key) == DATA and store.exists(key)
    assert store.put(DATA) == key  # stored once
    assert not stat.S_IMODE(os.stat(path).st_mode) & 0o222  # read-only
    assert [p.name for p in path.parent.iterdir()] == [key]  # no temp files left


def test_file_store_errors(tmp_path: Path) -> None:
    store = FileEvidenceStore(tmp_path)
    with pytest.raises(NotFound):
        store.get("0" * 64)
    with pytest.raises(InvalidInput, match="not a lowercase hex SHA-256"):
        store.get("../../etc/passwd")
    key = store.put(DATA)
    path = store.path_for(key)
    os.chmod(path, 0o640)
    path.write_bytes(b"tampered")
    with pytest.raises(CorruptEvidence):
        store.get(key)


def test_failed_write_leaves_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = FileEvidenceStore(tmp_path)

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        store.put(DATA)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


class FakeS3:
    """Stand-in with the three boto3 client methods the store uses (no boto3 here)."""

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], bytes] = {}
        self.puts: list[dict[str, Any]] = []

    def _missing(self) -> Exception:
        exc = Exception("404")
        exc.response = {"Error": {"Code": "404"}}  # type: ignore[attr-defined]
        return exc

    def put_object(self, **kw: Any) -> None:
        self.puts.append(kw)
        self.objects[(kw["Bucket"], kw["Key"])] = kw["Body"]

    def get_object(self, Bucket: str, Key: str) -> dict[str, Any]:
        if (Bucket, Key) not in self.objects:
            raise self._missing()
        return {"Body": io.BytesIO(self.objects[(Bucket, Key)])}

    def head_object(self, Bucket: str, Key: str) -> dict[str, Any]:
        if (Bucket, Key) not in self.objects:
            raise self._missing()
        return {}


def test_s3_store_with_a_stand_in_client() -> None:
    fake = FakeS3()
    store = S3EvidenceStore("bucket", prefix="ev/", client=fake)
    key = store.put(DATA)
    assert store.put(DATA) == key and len(fake.puts) == 1
    assert fake.puts[0]["Key"] == f"ev/{key}" and fake.puts[0]["ContentType"] == "application/octet-stream"
    assert store.get(key) == DATA and store.exists(key)
    assert not store.exists("1" * 64)
    with pytest.raises(NotFound):
        store.get("1" * 64)
    fake.objects[("bucket", f"ev/{key}")] = b"tampered"
    with pytest.raises(CorruptEvidence):
        store.get(key)


def test_store_from_url(tmp_path: Path) -> None:
    assert isinstance(store_from_url(str(tmp_path)), FileEvidenceStore)
    assert store_from_url(f"file://{tmp_path}").root == tmp_path  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput, match="unsupported evidence store URL scheme 'ftp'"):
        store_from_url("ftp://host/x")


def test_settings_choose_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``evidence_store_url`` is a real setting (WAARBORG_EVIDENCE_STORE_URL); empty = evidence_dir."""
    from waarborg.services import compliance
    from waarborg.settings import Settings

    plain = Settings(evidence_dir=tmp_path / "ev", _env_file=None)  # type: ignore[call-arg]
    assert plain.evidence_store_url == ""
    store = compliance.evidence_store(plain)
    assert isinstance(store, FileEvidenceStore) and store.root == tmp_path / "ev"

    monkeypatch.setenv("WAARBORG_EVIDENCE_STORE_URL", f"file://{tmp_path}/elsewhere")
    configured = Settings(evidence_dir=tmp_path / "ev", _env_file=None)  # type: ignore[call-arg]
    assert configured.evidence_store_url == f"file://{tmp_path}/elsewhere"
    other = compliance.evidence_store(configured)
    assert isinstance(other, FileEvidenceStore) and other.root == tmp_path / "elsewhere"

    s3 = Settings(evidence_store_url="s3://bucket/team", _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(RuntimeError, match="needs boto3"):  # boto3 is not installed in the test env
        compliance.evidence_store(s3)
