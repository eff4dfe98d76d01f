"""Malformed files are refused as a whole, with a message naming the record, the field and the value."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.exchange.helpers import rich_fields
from waarborg.domain import exchange
from waarborg.domain.errors import InvalidInput
from waarborg.domain.exchange.mapping import mapping

JSON_FORMATS = ("algoritmeregister-v1", "atrs", "annex-viii", "waarborg-json")
FAST = settings(max_examples=40, deadline=None)


def _records(n: int = 3) -> list[dict]:  # type: ignore[type-arg]
    return [
        {
            "public_id": f"WB-0000000{i}",
            "organisation": "org-a",
            "public_body": True,
            "status": "draft",
            "fields": rich_fields(f"Systeem {i}", roles=["provider"]),
        }
        for i in range(1, n + 1)
    ]


VALID = {fmt: exchange.dump(fmt, _records(), "internal") for fmt in exchange.FORMATS}


def _refused(fmt: str, text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as exc:
        exchange.load(fmt, text)
    assert exc.value.errors, exc.value.message
    return exc.value


@FAST
@given(fmt=st.sampled_from(JSON_FORMATS), data=st.data())
def test_truncated_json_is_refused(fmt: str, data: st.DataObject) -> None:
    text = VALID[fmt]
    cut = data.draw(st.integers(0, len(text.rstrip()) - 1))
    err = _refused(fmt, text[:cut])
    assert err.errors[0].startswith("file: ")


@FAST
@given(fmt=st.sampled_from(list(exchange.FORMATS)), data=st.data())
def test_garbled_files_load_or_are_refused_cleanly(fmt: str, data: st.DataObject) -> None:
    """Any byte-level damage either still reads as a valid file or raises InvalidInput, never a crash."""
    text = VALID[fmt]
    pos = data.draw(st.integers(0, len(text) - 1))
    junk = data.draw(st.text(alphabet=st.sampled_from("{}[]\",:\\x0\n;'=é"), min_size=1, max_size=3))
    try:
        exchange.load(fmt, text[:pos] + junk + text[pos + 1 :])
    except InvalidInput as exc:
        assert all(isinstance(line, str) and line for line in exc.errors)


WRONG_TYPES = st.one_of(
    st.integers(),
    st.booleans(),
    st.dictionaries(st.text(max_size=3), st.integers(), min_size=1, max_size=2),
    st.lists(st.integers(), min_size=1, max_size=2),
)


@FAST
@given(
    record=st.integers(1, 3),
    field=st.sampled_from(["name", "description_short", "status", "themes", "lawful_basis_links", "goal"]),
    value=WRONG_TYPES,
)
def test_wrong_types_name_record_and_field(record: int, field: str, value: object) -> None:
    doc = json.loads(VALID["waarborg-json"])
    doc["entries"][record - 1]["fields"][field] = value
    err = _refused("waarborg-json", json.dumps(doc))
    assert any(line.startswith(f"record {record}: {field}") for line in err.errors), err.errors


AR_ENUMS = {"status": False, "publication_category": False, "category": True, "lang": False}


@FAST
@given(
    record=st.integers(1, 3),
    key=st.sampled_from(sorted(AR_ENUMS)),
    value=st.text(min_size=1, max_size=20).filter(lambda v: v.isprintable()),
)
def test_unknown_enum_values_name_record_key_and_value(record: int, key: str, value: str) -> None:
    allowed = {v for vm in mapping().value_maps.values() for v in vm.to_std.values()}
    assume(value not in allowed)
    doc = json.loads(VALID["algoritmeregister-v1"])
    doc[record - 1][key] = [value] if AR_ENUMS[key] else value
    err = _refused("algoritmeregister-v1", json.dumps(doc))
    where = f"record {record}: {key}" + ("[0]" if AR_ENUMS[key] else "")
    assert f"{where}: {value!r:.60} is not one of" in err.errors[0], err.errors


@FAST
@given(
    fmt=st.sampled_from(list(exchange.FORMATS)),
    record=st.integers(1, 3),
    extra=st.integers(1, 300),
)
def test_too_long_names_are_refused(fmt: str, record: int, extra: int) -> None:
    records = _records()
    records[record - 1]["fields"]["name"] = "x" * (100 + extra)
    err = _refused(fmt, exchange.dump(fmt, records, "internal"))
    path = {"atrs": "tier_1.name (name)"}.get(fmt, "name")
    assert f"record {record}: {path}: {100 + extra} characters, at most 100 allowed" in err.errors


@FAST
@given(column=st.text(alphabet="abcdefghij_", min_size=1, max_size=12), at=st.integers(0, 50))
def test_csv_with_unknown_columns_is_refused(column: str, at: int) -> None:
    from waarborg.domain.exchange.csvfmt import columns

    assume(column not in columns())
    header, *rows = VALID["csv"].split("\r\n")
    cols = header.split(",")
    cols.insert(min(at, len(cols)), column)
    err = _refused("csv", "\r\n".join([",".join(cols), *rows]))
    assert f"header: column {column!r}" in err.errors[0]


@FAST
@given(record=st.integers(1, 3), cells=st.integers(1, 3), drop=st.booleans())
def test_csv_rows_with_the_wrong_number_of_cells(record: int, cells: int, drop: bool) -> None:
    header, *rows = VALID["csv"].rstrip("\r\n").split("\r\n")
    row = rows[record - 1]
    rows[record - 1] = row.rsplit(",", cells)[0] if drop else row + "," * cells
    err = _refused("csv", "\r\n".join([header, *rows]) + "\r\n")
    assert err.errors[0].startswith(f"record {record}: ")
    assert "cells, but the header has" in err.errors[0]


@pytest.mark.parametrize(
    ("fmt", "text", "message"),
    [
        ("waarborg-json", '{"format": "other"}', "file: format: expected 'waarborg-json', got 'other'"),
        ("waarborg-json", "[]", "file: format: expected 'waarborg-json'"),
        ("algoritmeregister-v1", '"text"', "file: expected a JSON array of records, got str"),
        ("algoritmeregister-v1", "[]", "file: no records"),
        ("algoritmeregister-v1", '[{"naam": "x"}]', "record 1: naam: unknown key (value 'x')"),
        ("atrs", '[{"tier_1": "x"}]', "record 1: tier_1: expected an object, got str 'x'"),
        ("annex-viii", '[{"name": "x"}]', "record 1: expected at least one of section_a"),
        ("csv", "", "file: empty"),
        ("csv", "description_short\r\nx\r\n", "header: column 'name' is missing"),
    ],
)
def test_file_level_problems(fmt: str, text: str, message: str) -> None:
    assert message in _refused(fmt, text).errors[0]


def test_all_problems_are_listed_at_once() -> None:
    doc = json.loads(VALID["waarborg-json"])
    doc["entries"][0]["fields"]["status"] = "kapot"
    doc["entries"][2]["visibility"] = {"name": "internal"}
    doc["entries"][2]["public_id"] = doc["entries"][1]["public_id"]
    errors = _refused("waarborg-json", json.dumps(doc)).errors
    assert errors[0].startswith("record 1: status: 'kapot' is not one of")
    assert "record 3: visibility.name: this field is always public" in errors
    assert "record 3: public_id: 'WB-00000002' appears already in record 2" in errors


# --- through the CLI: exit 2, nothing written ------------------------------------------------------


def _bad_files() -> st.SearchStrategy[tuple[str, str, str]]:
    """(format, text, expected substring) with a broken LAST record, so earlier ones would be valid."""

    def waarborg(value: object) -> tuple[str, str, str]:
        doc = json.loads(VALID["waarborg-json"])
        doc["entries"][-1]["fields"]["risk_class"] = value
        return "waarborg-json", json.dumps(doc), "record 3: risk_class: "

    def csv_cells(extra: int) -> tuple[str, str, str]:
        return "csv", VALID["csv"].rstrip("\r\n") + "," * extra + "\r\n", "record 3: "

    def truncated(cut: int) -> tuple[str, str, str]:
        text = VALID["algoritmeregister-v1"]
        return "algoritmeregister-v1", text[: len(text) // 2 + cut], "file: not valid JSON"

    return st.one_of(
        st.one_of(st.text(min_size=1, max_size=10), st.integers()).map(waarborg),
        st.integers(1, 4).map(csv_cells),
        st.integers(0, 50).map(truncated),
    )


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bad=_bad_files())
def test_cli_refuses_bad_files_and_writes_nothing(world, cli, tmp_path, bad) -> None:  # type: ignore[no-untyped-def]
    from tests.exchange.helpers import snapshot

    fmt, text, expected = bad
    before = snapshot(world.db)
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8", newline="")
    r = cli("import", str(path), "--format", fmt, "--org", "org-a", "--publish")
    assert r.exit_code == 2, r.stderr
    assert expected in r.stderr
    assert "Traceback" not in r.stderr
    assert snapshot(world.db) == before
