"""One typed settings object, read from WAARBORG_* environment variables (and a .env file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "insecure-development-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WAARBORG_", env_file=".env", extra="ignore")

    environment: str = "development"  # development | production | test
    database_url: str = "sqlite:///var/waarborg.db"
    secret_key: str = DEFAULT_SECRET
    debug: bool = False
    auto_create_schema: bool = False
    data_dir: Path = Path("var")
    evidence_dir: Path = Path("var/evidence")
    evidence_max_bytes: int = 20 * 1024 * 1024
    # S3-compatible evidence store, e.g. s3://bucket/prefix?endpoint_url=https://minio.local (or
    # file:///path); empty = a directory store under evidence_dir.
    evidence_store_url: str = ""
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    mail_from: str = "waarborg@localhost"
    base_url: str = "http://127.0.0.1:8000"
    session_max_age: int = 8 * 3600
    complaint_retention_days: int = 365
    rate_limit_per_hour: int = 5
    page_size: int = 25

    @model_validator(mode="after")
    def _production_guards(self) -> Settings:
        if self.environment == "production":
            problems = []
            if self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32:
                problems.append("WAARBORG_SECRET_KEY must be set to a random value of at least 32 characters")
            if self.debug:
                problems.append("WAARBORG_DEBUG must be off in production")
            if self.auto_create_schema:
                problems.append(
                    "WAARBORG_AUTO_CREATE_SCHEMA must be off in production (use `waarborg db upgrade`)"
                )
            if problems:
                raise ValueError("unsafe production settings: " + "; ".join(problems))
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
