"""Canaries: supervisor-only and internal content, drafts and unpublished working copies never leave the
register through a public export (CLI ``--public-only``, the standards' default, or the web downloads)."""

from __future__ import annotations

import json

import pytest

from tests.exchange.helpers import CANARY, seed
from waarborg.domain.exchange import FORMATS


@pytest.fixture
def seeded(world):  # type: ignore[no-untyped-def]
    return seed(world)


def _public_names(fmt: str, text: str) -> set[str]:
    if fmt == "csv":
        return {line.split(",")[3] for line in text.splitlines()[1:]}
    doc = json.loads(text)
    items = doc["entries"] if fmt == "waarborg-json" else doc
    if fmt == "waarborg-json":
        return {e["fields"]["name"] for e in items}
    if fmt == "atrs":
        return {e["tier_1"]["name"] for e in items}
    return {e["name"] for e in items}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_public_exports_carry_no_canary(seeded, cli, fmt):  # type: ignore[no-untyped-def]
    runs = [cli("export", "--format", fmt, "--public-only")]
    if fmt not in ("waarborg-json", "csv"):
        runs.append(cli("export", "--format", fmt))  # the standards are public by default
    for r in runs:
        assert r.exit_code == 0, r.stderr
        assert CANARY not in r.stdout
        names = _public_names(fmt, r.stdout)
        expected = set(seeded.published)
        if fmt == "annex-viii":  # only entries that yield an Annex VIII section
            expected = {"Alfa bewerkt", "Alfa risicoscore", "Alfa zelfbeoordeling"}
        assert names == expected


def test_web_downloads_are_public_only(seeded, client_for):  # type: ignore[no-untyped-def]
    for who in (None, "supervisor", "admin", "editor"):
        client = client_for(who)
        for fmt in FORMATS:
            r = client.get(f"/register/export/{fmt}")
            assert r.status_code == 200
            assert r.headers["content-disposition"] == (
                f'attachment; filename="waarborg-register-{fmt}.{FORMATS[fmt].extension}"'
            )
            assert "text/html" not in r.headers["content-type"]
            assert CANARY not in r.text, (who, fmt)
            assert "Alfa risicoscore" in r.text
    assert client_for(None).get("/register/export/xml").status_code == 404


def test_full_exports_do_carry_internal_content(seeded, cli):  # type: ignore[no-untyped-def]
    """The canaries are really there: the native formats export everything by default."""
    for fmt in ("waarborg-json", "csv"):
        r = cli("export", "--format", fmt)
        assert r.exit_code == 0, r.stderr
        assert f"{CANARY} internal_notes" in r.stdout
        assert f"{CANARY} concept" in r.stdout
