"""Synthetic published register entries for bench/register.py, loaded in bulk.

Rows are built the way the service builds them: the field data goes through
``domain.entries.validate_entry_data`` and the publication columns (published snapshot, pub_*,
``search_text``) are set by ``services.entries._apply_publication`` on a transient ``Entry``. Only the
INSERTs are done in bulk with SQLAlchemy Core (plus the SQLite FTS rows, with the statement that
``storage.search.reindex`` runs). ``verify_against_service`` checks on a sample that this yields the
same API output as creating, submitting and publishing through the service.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from waarborg.domain import entries as dom
from waarborg.services import accounts
from waarborg.services import entries as entry_service
from waarborg.services.bootstrap import cli_actor
from waarborg.services.unit import unit
from waarborg.storage import search
from waarborg.storage.db import Database
from waarborg.storage.migrate import create_all
from waarborg.storage.models import Entry, Organisation

SEED = 20261207
BATCH = 2000
_PLACES = [a + b for a in ("Noord", "Zuid", "Oost", "West", "Groot", "Nieuw", "Oud", "Hoog", "Laag", "Klein")
           for b in ("dam", "dorp", "veen", "wijk", "horst", "broek", "hoven", "zijl", "meer", "berg")]  # fmt: skip
_AGENCIES = ["Dienst Uitkeringen", "Belastingkantoor", "Rijksdienst Wegverkeer", "Waterschap Rivierenland",
             "Omgevingsdienst", "Inspectie Onderwijs", "Sociale Verzekeringsbank", "Politie Eenheid Midden",
             "Politie Eenheid Noord", "Ziekenhuis Zuid", "Noordbank N.V.", "Zorgverzekeraar Centraal"]  # fmt: skip
_TOOLS = ["Risicoscore", "Risicoprofiel", "Chatbot", "Voorspelmodel", "Beeldherkenning", "Tekstanalyse",
          "Spraakherkenning", "Prioritering", "Fraudesignalering", "Planningsmodel", "Matchingsalgoritme",
          "Anonimisering", "Classificatie", "Routeoptimalisatie", "Capaciteitsplanning", "Vertaalhulp",
          "Documentherkenning", "Verkeersregeling", "Onderhoudsvoorspelling", "Wachtrijbeheer"]  # fmt: skip
_DOMAINS = ["bijstand", "parkeren", "afvalinzameling", "paspoortaanvragen", "toeslagen", "schuldhulp",
            "jeugdzorg", "wmo-aanvragen", "bouwvergunningen", "belastingaangiften", "verkeersdrukte",
            "subsidieaanvragen", "handhaving", "inburgering", "leerlingenvervoer", "woningtoewijzing",
            "energietoeslag", "meldingen openbare ruimte", "kentekenherkenning", "personeelswerving"]  # fmt: skip
_PHRASES = [
    "Het model ondersteunt medewerkers bij de beoordeling van {d}.",
    "Medewerkers zien een advies en nemen zelf het besluit over {d}.",
    "Het algoritme gebruikt gegevens uit de aanvraag en uit eigen registraties.",
    "Er worden geen gegevens over nationaliteit, afkomst of postcode gebruikt.",
    "De uitkomsten worden elk kwartaal gecontroleerd op ongelijke behandeling.",
    "Inwoners kunnen bezwaar maken en een toelichting op de uitkomst vragen.",
    "Het doel is snellere afhandeling en minder fouten bij {d}.",
    "Alternatieven zoals steekproeven en handmatige controle zijn overwogen.",
    "Risico's op discriminatie worden beperkt door bias-monitoring op leeftijd en geslacht.",
    "Het systeem draait in een afgeschermde omgeving met logging van elke beslissing.",
    "The system ranks cases for {d} so that staff review the most urgent first.",
    "A human reviewer checks every signal before any decision is taken.",
]
_METHODS = ["Gradient-boosted beslisbomen", "Logistische regressie", "Taalmodel met retrieval",
            "Regelgebaseerd beslismodel", "Neuraal netwerk voor beeldherkenning", "Clusteranalyse"]  # fmt: skip
_SYLLABLES = ["ka", "lo", "mi", "ver", "tra", "quo", "zen", "dal", "rix", "bo", "nu", "fen", "sta", "vik"]
_CHOICES = dom.catalogue().choices


def organisations() -> list[tuple[str, str, str]]:
    """(slug, name, kind) of the 100 + 12 organisations; entries are skewed towards the first ones."""
    orgs = [(f"gemeente-{p.lower()}", f"Gemeente {p}", "municipality") for p in _PLACES]
    orgs += [(name.lower().replace(" ", "-").replace(".", ""), name, "agency") for name in _AGENCIES]
    return orgs


def suppliers() -> list[str]:
    rng = random.Random(SEED + 1)
    names = {"".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize() for _ in range(3000)}
    return sorted(names)


def entry_fields(rng: random.Random, i: int, supplier_names: list[str]) -> dict[str, Any]:
    """Field data of entry number ``i`` (deterministic for a given rng state)."""
    tool, domain = rng.choice(_TOOLS), rng.choice(_DOMAINS)
    supplier = supplier_names[min(int(rng.paretovariate(0.9)) - 1, len(supplier_names) - 1)]

    def para(n: int) -> str:
        return " ".join(rng.choice(_PHRASES).format(d=domain) for _ in range(n))

    year = rng.randint(2015, 2026)
    return {
        "name": f"{tool} {domain}",
        "description_short": f"{tool} voor {domain}. " + para(1),
        "themes": rng.sample(list(_CHOICES["theme"]), rng.randint(1, 2)),
        "status": rng.choice(list(_CHOICES["status"])),
        "begin_date": f"{year}-{rng.randint(1, 12):02d}",
        "contact_email": f"algoritmes{i % 97}@register.example",
        "publication_category": rng.choice(list(_CHOICES["publication_category"])),
        "website": f"https://register.example/algoritme/{i}",
        "goal": para(2),
        "human_intervention": para(1),
        "risks": para(1),
        "lawful_basis": f"Artikel {rng.randint(1, 120)} van de {rng.choice(['Participatiewet', 'Wegenverkeerswet', 'Awb', 'Jeugdwet'])}.",
        "methods_and_models": rng.choice(_METHODS) + ". " + para(1),
        "supplier": f"{supplier} B.V.",
        "roles": ["deployer"] if rng.random() < 0.8 else ["provider", "deployer"],
        "risk_class": rng.choice(list(_CHOICES["risk_class"])),
        "lars": f"L{i:07d}",
        "security_measures": "Toegang met tweefactorauthenticatie; jaarlijkse pentest.",
        "internal_notes": "Evaluatie gepland." if rng.random() < 0.3 else "",
    }


def build_entries(n: int, orgs: list[Organisation]) -> Iterator[Entry]:
    """``n`` transient, published ``Entry`` objects with ids 1..n (publication set by the service code)."""
    rng = random.Random(SEED)
    names = suppliers()
    weights = [1 / (k + 1) for k in range(len(orgs))]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for i in range(1, n + 1):
        org = rng.choices(orgs, weights)[0]
        data = dom.validate_entry_data(entry_fields(rng, i, names))
        vis = dom.validate_visibility({"supplier": "supervisor"} if rng.random() < 0.05 else {})
        created = start + timedelta(seconds=i * 900 + rng.randint(0, 600))
        entry = Entry(
            id=i,
            public_id=f"WB-{(i * 2654435761) % 2**32:08X}",
            organisation_id=org.id,
            organisation=org,
            status="published",
            version=1,
            name=data["name"],
            data=data,
            visibility=vis,
            last_author_id=None,
            needs_reclassification=False,
            created_at=created,
        )
        entry_service._apply_publication(entry)
        entry.published_at = entry.updated_at = created + timedelta(hours=rng.randint(1, 400))
        yield entry


def entry_row(entry: Entry) -> dict[str, Any]:
    return {c.key: getattr(entry, c.key) for c in Entry.__table__.columns}


def make_organisations(db: Database) -> list[Organisation]:
    system = cli_actor("bench")
    with unit(db) as s:
        for slug, name, kind in organisations():
            accounts.create_organisation(s, system, slug=slug, name=name, kind=kind)
        return accounts.list_organisations(s)


def _batches(items: Iterator[Entry]) -> Iterator[list[Entry]]:
    batch: list[Entry] = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def load_waarborg(db: Database, n: int, datasette_path: Path | None = None) -> None:
    """Schema, organisations (through the service) and ``n`` published entries (bulk)."""
    create_all(db.engine)
    orgs = make_organisations(db)
    fts = text("INSERT INTO entries_fts(rowid, body) VALUES (:id, :body)")  # as search.reindex does
    peer = _datasette_start(datasette_path) if datasette_path else None
    with db.engine.begin() as conn:
        for batch in _batches(build_entries(n, orgs)):
            conn.execute(insert(Entry.__table__), [entry_row(e) for e in batch])
            if db.dialect == "sqlite":
                conn.execute(fts, [{"id": e.id, "body": e.search_text} for e in batch])
            if peer is not None:
                _datasette_insert(peer, batch)
    if peer is not None:
        peer.commit()
        peer.close()
    if db.dialect == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE entries")


# --- the Datasette peer: a flat public table with the same rows and the same FTS5 index ----------

DATASETTE_TABLE = """CREATE TABLE entries (
  id INTEGER PRIMARY KEY, public_id TEXT, organisation_slug TEXT, organisation TEXT, name TEXT,
  status TEXT, risk_class TEXT, publication_category TEXT, themes TEXT, version INTEGER,
  published_at TEXT, fields TEXT)"""


def datasette_metadata() -> dict[str, Any]:
    """Datasette's documented way to attach an FTS table to a table (fts_table / fts_pk)."""
    return {"databases": {"register": {"tables": {"entries": {"fts_table": "entries_fts", "fts_pk": "id"}}}}}


def _datasette_start(path: Path) -> sqlite3.Connection:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute(DATASETTE_TABLE)
    conn.execute(search.FTS_DDL_SQLITE)  # the same tokenizer as Waarborg's index
    conn.execute("CREATE INDEX ix_entries_risk_class ON entries(risk_class)")
    conn.execute("CREATE INDEX ix_entries_publication_category ON entries(publication_category)")
    return conn


def _datasette_insert(conn: sqlite3.Connection, batch: list[Entry]) -> None:
    rows = []
    for e in batch:
        public = dom.visible_data(e.published_data or {}, e.published_visibility, "public")
        rows.append(
            (e.id, e.public_id, e.organisation.slug, e.organisation.name, e.pub_name, e.pub_status,
             e.pub_risk_class, e.pub_category, json.dumps(e.pub_themes), e.published_version,
             e.published_at.isoformat() if e.published_at else None, json.dumps(public, ensure_ascii=False))
        )  # fmt: skip
    conn.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.executemany(
        "INSERT INTO entries_fts(rowid, body) VALUES (?, ?)", [(e.id, e.search_text) for e in batch]
    )
