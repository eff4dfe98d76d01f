"""Storage of evidence files outside the database, addressed by their SHA-256.

- ``FileEvidenceStore``: a directory (the default); files live at ``<root>/ab/cd/<sha256>`` and are
  written to a temporary file in the same directory, fsynced, then renamed into place (atomic).
- ``S3EvidenceStore``: any S3-compatible store via boto3, imported only when used. It is NOT exercised
  against a real S3 service in this project's tests (boto3 is not a dependency); tests drive it with a
  stand-in client that has the same three methods.

Stored objects are immutable: the same content is stored once; reading checks the hash.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlparse

from waarborg.domain.attachments import sha256_hex
from waarborg.domain.errors import InvalidInput, NotFound

_SHA = re.compile(r"^[0-9a-f]{64}$")


class EvidenceStore(Protocol):
    def put(self, data: bytes) -> str: ...

    def get(self, sha256: str) -> bytes: ...

    def exists(self, sha256: str) -> bool: ...


def _check_key(sha256: str) -> str:
    if not _SHA.match(sha256 or ""):
        raise InvalidInput.at("sha256", f"{sha256!r} is not a lowercase hex SHA-256")
    return sha256


class CorruptEvidence(Exception):
    """A stored file no longer matches its hash."""


class FileEvidenceStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        key = _check_key(sha256)
        return self.root / key[:2] / key[2:4] / key

    def put(self, data: bytes) -> str:
        key = sha256_hex(data)
        target = self.path_for(key)
        if target.exists():
            return key
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o440)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        return key

    def get(self, sha256: str) -> bytes:
        path = self.path_for(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise NotFound(f"evidence {sha256} is not in the store") from exc
        if sha256_hex(data) != sha256:
            raise CorruptEvidence(f"evidence {sha256}: stored content does not match its hash")
        return data

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()


class S3EvidenceStore:
    """S3-compatible store (AWS, MinIO, Ceph...). Untested against a real service here; see module doc."""

    def __init__(
        self, bucket: str, prefix: str = "evidence/", client: Any = None, **client_kwargs: Any
    ) -> None:
        if client is None:
            try:
                import boto3  # type: ignore[import-not-found]
            except ImportError as exc:  # pragma: no cover - depends on the environment
                raise RuntimeError("S3 evidence storage needs boto3: pip install boto3") from exc
            client = boto3.client("s3", **client_kwargs)
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    def _key(self, sha256: str) -> str:
        return f"{self.prefix}{_check_key(sha256)}"

    def put(self, data: bytes) -> str:
        key = sha256_hex(data)
        if not self.exists(key):
            self.client.put_object(
                Bucket=self.bucket, Key=self._key(key), Body=data, ContentType="application/octet-stream"
            )
        return key

    def get(self, sha256: str) -> bytes:
        try:
            obj = self.client.get_object(Bucket=self.bucket, Key=self._key(sha256))
        except Exception as exc:
            if _is_missing(exc):
                raise NotFound(f"evidence {sha256} is not in the store") from exc
            raise
        data: bytes = obj["Body"].read()
        if sha256_hex(data) != sha256:
            raise CorruptEvidence(f"evidence {sha256}: stored content does not match its hash")
        return data

    def exists(self, sha256: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(sha256))
        except Exception as exc:
            if _is_missing(exc):
                return False
            raise
        return True


def _is_missing(exc: Exception) -> bool:
    code = str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))
    return code in {"404", "NoSuchKey", "NotFound"} or isinstance(exc, KeyError)


def store_from_url(url: str) -> EvidenceStore:
    """``/path`` or ``file:///path`` -> directory store; ``s3://bucket/prefix?endpoint_url=...`` -> S3."""
    parsed = urlparse(url)
    if parsed.scheme in ("", "file"):
        return FileEvidenceStore(parsed.path or url)
    if parsed.scheme == "s3":
        options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        prefix = parsed.path.lstrip("/")
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        return S3EvidenceStore(parsed.netloc, prefix or "evidence/", **options)
    raise InvalidInput.at(
        "evidence_store", f"unsupported evidence store URL scheme {parsed.scheme!r} in {url!r}"
    )
