"""Register benchmark (issue 2): full-text search on the public API vs Datasette, on the same rows.

Loads N published entries (default 100,000) into SQLite and into a throwaway PostgreSQL database, and
the same rows into a SQLite file for Datasette with the same FTS5 index. Serves each with one
uvicorn worker (a subprocess), drives it from a separate load process (bench/loadgen.py) on
127.0.0.1 and prints one table: latency at concurrency 1 and under load, requests/second, and the
ratio to Datasette. Goal: p95 under 20 ms and at least Datasette's throughput.

    .venv/bin/python bench/register.py                       # everything (about 10 minutes)
    .venv/bin/python bench/register.py --entries 20000 --no-postgres
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from register_data import datasette_metadata, load_waarborg, suppliers
from register_verify import verify_against_service
from sqlalchemy import create_engine, text

from waarborg.storage import search
from waarborg.storage.db import Database

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data" / "register"
KEPT_PG = "waarborg_bench_kept"
HOST = "127.0.0.1"


def queries() -> list[tuple[str, str]]:
    """(kind, q): rare terms (1 to ~100 hits), common terms, prefixes and two-word searches."""
    names = suppliers()
    rare = ["l0031337", "l0077777", "l0004242"] + [names[k].lower() for k in (300, 800, 1300)]
    common = ["gemeente", "gegevens", "medewerkers", "bijstand", "toeslagen"]
    prefix = ["risic", "verkeer", "aanvr", "fraude", "onderh"]
    two = ["chatbot parkeren", "risicoscore bijstand", "gemeente noordveen"]
    return (
        [("rare", q) for q in rare]
        + [("common", q) for q in common]
        + [("prefix", q) for q in prefix]
        + [("two words", q) for q in two]
    )


def waarborg_path(q: str) -> str:
    return "/api/v1/entries?" + urlencode({"q": q})


def datasette_path(q: str) -> str:
    """The same FTS5 query Waarborg runs (every word a prefix), newest first, 25 a page."""
    fts = " ".join(f'"{w}"*' for w in search.terms(q))
    return f"/register/entries.json?_search={quote(fts)}&_searchmode=raw&_sort_desc=published_at&_size=25"


@dataclass
class Server:
    name: str
    cmd: list[str]
    path_for: object
    env: dict[str, str] = field(default_factory=dict)
    ready: str = "/"
    total_key: str = "total"
    proc: subprocess.Popen[bytes] | None = None
    port: int = 0

    def start(self) -> None:
        with socket.socket() as s:
            s.bind((HOST, 0))
            self.port = s.getsockname()[1]
        log = (DATA / f"{self.name.split()[0]}-{self.port}.log").open("wb")
        cmd = [c.replace("{port}", str(self.port)) for c in self.cmd]
        env = os.environ | self.env
        self.proc = subprocess.Popen(cmd, cwd=DATA, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url(self.ready), timeout=2).read()
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise SystemExit(f"{self.name} exited ({self.proc.returncode}); see {log.name}") from None
                time.sleep(0.3)
        raise SystemExit(f"{self.name} did not answer on port {self.port} within 60 s; see {log.name}")

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def waarborg_server(name: str, url: str) -> Server:
    env = {
        "WAARBORG_DATABASE_URL": url,
        "WAARBORG_ENVIRONMENT": "production",
        "WAARBORG_SECRET_KEY": secrets.token_urlsafe(40),
        "WAARBORG_DATA_DIR": str(DATA / "var"),
        "WAARBORG_EVIDENCE_DIR": str(DATA / "var" / "evidence"),
    }
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "waarborg.web.app:create_app"]
    cmd += ["--host", HOST, "--port", "{port}", "--workers", "1"]
    return Server(name, cmd, waarborg_path, env, ready="/healthz")


def datasette_server(name: str, db_file: Path, *settings: str) -> Server:
    meta = DATA / "datasette-metadata.json"
    meta.write_text(json.dumps(datasette_metadata()))
    cmd = [str(Path(sys.executable).parent / "datasette"), "serve", str(db_file), "--metadata", str(meta)]
    cmd += ["--host", HOST, "--port", "{port}"]
    for s in settings:
        cmd += ["--setting", *s.split("=")]
    return Server(name, cmd, datasette_path, ready="/-/versions.json", total_key="filtered_table_rows_count")


def drive(server: Server, paths: list[str], requests: int, concurrency: int, warmup: int) -> dict:
    job = {"host": HOST, "port": server.port, "paths": paths, "requests": requests}
    job |= {"concurrency": concurrency, "warmup": warmup}
    out = subprocess.run(
        [sys.executable, str(BENCH / "loadgen.py")], input=json.dumps(job), capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"load driver failed: {out.stderr}")
    return json.loads(out.stdout)


def pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


@dataclass
class Result:
    name: str
    serial: dict
    loaded: dict
    totals: list[int | None]

    def lat(self, run: dict, kinds: set[str] | None = None) -> list[float]:
        qs = queries()
        return [ms for k, ms in run["samples"] if kinds is None or qs[k % len(qs)][0] in kinds]

    round_rps: list[float] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return len(self.loaded["samples"]) / self.loaded["seconds"]

    def merge(self, other: Result) -> Result:
        """Both rounds' samples together; req/s over the summed time of the loaded runs."""

        def join(a: dict, b: dict) -> dict:
            n = a["error_count"] + b["error_count"]
            return {
                "samples": a["samples"] + b["samples"],
                "seconds": a["seconds"] + b["seconds"],
                "error_count": n,
            }

        return Result(self.name, join(self.serial, other.serial), join(self.loaded, other.loaded), self.totals,
                      self.round_rps + other.round_rps)  # fmt: skip


def run_rounds(servers: list[Server], args: argparse.Namespace) -> list[Result]:
    """``args.rounds`` rounds, the servers taking turns, so that the machine's load hits them alike."""
    merged: dict[str, Result] = {}
    for _ in range(args.rounds):
        for server in servers:
            r = measure(server, args)
            r.round_rps = [r.rps]
            merged[server.name] = merged[server.name].merge(r) if server.name in merged else r
    return list(merged.values())


def measure(server: Server, args: argparse.Namespace) -> Result:
    paths = [server.path_for(q) for _, q in queries()]  # type: ignore[operator]
    print(f"[bench] {server.name}: starting", file=sys.stderr)
    server.start()
    try:
        totals = []
        for p in paths:
            body = json.loads(urllib.request.urlopen(server.url(p), timeout=120).read())
            totals.append(body.get(server.total_key))
        serial = drive(server, paths, args.serial, 1, warmup=len(paths))
        loaded = drive(server, paths, args.requests, args.concurrency, warmup=100)
    finally:
        server.stop()
    for run in (serial, loaded):
        if run["errors"]:
            print(f"[bench] {server.name}: errors {run['errors'][:3]}", file=sys.stderr)
    return Result(server.name, serial, loaded, totals)


def report(results: list[Result], args: argparse.Namespace) -> None:
    peers = [r for r in results if r.name.startswith("datasette")]
    best = max(peers, key=lambda r: r.rps) if peers else None
    print(
        f"\nRegister full-text search, {args.entries:,} published entries, {len(queries())} queries "
        f"(rare/common/prefix/two words), page of 25, newest first, with total count.\n"
        f"{args.rounds} rounds, servers taking turns; per server and round {args.serial} sequential requests "
        f"(c=1) and {args.requests} from {args.concurrency} connections (c={args.concurrency}).\n"
        f"Latencies in ms over all rounds. Ratio: req/s against {best.name if best else '-'}.\n"
    )
    head = f"{'server':<30} {'p50 c=1':>8} {'p95 c=1':>8} {'p50 c=8':>8} {'p95 c=8':>8} {'req/s':>7} {'ratio':>6} {'errors':>6}"
    print(head.replace("c=8", f"c={args.concurrency}"))
    print("-" * len(head))
    for r in results:
        s, lo = r.lat(r.serial), r.lat(r.loaded)
        ratio = f"{r.rps / best.rps:.2f}" if best else "-"
        print(
            f"{r.name:<30} {pct(s, 50):8.1f} {pct(s, 95):8.1f} {pct(lo, 50):8.1f} {pct(lo, 95):8.1f} "
            f"{r.rps:7.1f} {ratio:>6} {r.serial['error_count'] + r.loaded['error_count']:6d}"
        )
    for r in results:
        if best and not r.name.startswith("datasette"):
            p95 = pct(r.lat(r.serial), 95)
            print(
                f"goal {r.name}: p95 (c=1) {p95:.0f} ms {'<' if p95 < 20 else '>='} 20 ms; "
                f"throughput {r.rps / best.rps:.2f}x Datasette's ({'met' if r.rps >= best.rps else 'missed'})"
            )
    print(
        "\nreq/s per round: "
        + "; ".join(f"{r.name} " + ", ".join(f"{x:.1f}" for x in r.round_rps) for r in results)
    )
    print(f"\np95 at c=1 by kind of query (ms):\n{'server':<30} " + " ".join(f"{k:>10}" for k in _kinds()))
    for r in results:
        print(f"{r.name:<30} " + " ".join(f"{pct(r.lat(r.serial, {k}), 95):10.1f}" for k in _kinds()))
    print("\nHits per query (total count reported by each server):")
    print(f"{'query':<24} " + " ".join(f"{r.name.split(' (')[0][:16]:>16}" for r in results))
    for i, (_, q) in enumerate(queries()):
        print(f"{q:<24} " + " ".join(f"{r.totals[i]!s:>16}" for r in results))


def _kinds() -> list[str]:
    return list(dict.fromkeys(k for k, _ in queries()))


def postgres_db(admin_url: str, name: str, *, create: bool, reuse: bool = False) -> tuple[str, bool]:
    """(URL, whether it already existed) of database ``name``; dropped first unless reused."""
    admin = create_engine(admin_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        found = c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
        if not (reuse and found):
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if create:
                c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}", bool(reuse and found)


def load(url: str, n: int, peer: Path | None = None) -> None:
    t0 = time.perf_counter()
    db = Database(url)
    load_waarborg(db, n, peer)
    db.dispose()
    print(
        f"[bench] loaded {n:,} entries into {url.split(':')[0]} in {time.perf_counter() - t0:.0f} s",
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=2, help="rounds; the servers take turns")
    ap.add_argument("--requests", type=int, default=1000, help="requests of each loaded run")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--serial", type=int, default=200, help="requests of each concurrency-1 run")
    ap.add_argument("--pg-admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--datasette-defaults", action="store_true", help="also run stock Datasette (slow)")
    ap.add_argument("--keep", action="store_true", help=f"keep the data (PostgreSQL: {KEPT_PG})")
    ap.add_argument("--reuse", action="store_true", help="reuse the data kept by --keep")
    ap.add_argument("--verify", type=int, default=40, help="entries in the bulk-vs-service check (0: skip)")
    args = ap.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    if args.verify:
        problems = verify_against_service(DATA / "verify", args.verify, ["", *[q for _, q in queries()[:12]]])
        shutil.rmtree(DATA / "verify")
        if problems:
            raise SystemExit("bulk load differs from the service path: " + "; ".join(problems[:5]))
        print(f"[bench] bulk path = service path on {args.verify} entries (rows, FTS, API)", file=sys.stderr)
    marker, sqlite_file, peer_file = DATA / "entries.txt", DATA / "waarborg.db", DATA / "register.db"
    sqlite_url = f"sqlite:///{sqlite_file}"
    reuse = args.reuse and marker.exists() and marker.read_text() == str(args.entries)
    if not reuse:
        marker.unlink(missing_ok=True)
        for f in [*DATA.glob("waarborg.db*"), *DATA.glob("register.db*")]:
            f.unlink()
        load(sqlite_url, args.entries, peer_file)
    # Without a higher time limit Datasette answers slow searches under load with HTTP 400 after 1 s.
    tuned = ("suggest_facets=off", "sql_time_limit_ms=60000")
    servers = [datasette_server("datasette (facet suggest off)", peer_file, *tuned)]
    if args.datasette_defaults:
        servers.insert(
            0, datasette_server("datasette (facet suggest on)", peer_file, "sql_time_limit_ms=60000")
        )
    servers.append(waarborg_server("waarborg sqlite", sqlite_url))
    keep = args.keep or args.reuse
    pg_name = KEPT_PG if keep else f"waarborg_bench_{secrets.token_hex(4)}"
    try:
        if not args.no_postgres:
            pg_url, existed = postgres_db(args.pg_admin_url, pg_name, create=True, reuse=args.reuse)
            if not existed:
                load(pg_url, args.entries)
            servers.append(waarborg_server("waarborg postgresql", pg_url))
        marker.write_text(str(args.entries))
        results = run_rounds(servers, args)
    finally:
        if not args.no_postgres and not keep:
            postgres_db(args.pg_admin_url, pg_name, create=False)
        if not keep:
            for f in [marker, *DATA.glob("waarborg.db*"), *DATA.glob("register.db*")]:
                f.unlink(missing_ok=True)
    report(results, args)


if __name__ == "__main__":
    main()
