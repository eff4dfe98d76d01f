import pytest
from pydantic import ValidationError

from waarborg.settings import DEFAULT_SECRET, Settings


def test_production_refuses_unsafe_settings():
    with pytest.raises(ValidationError) as exc:
        Settings(
            environment="production",
            secret_key=DEFAULT_SECRET,
            debug=True,
            auto_create_schema=True,
            _env_file=None,
        )
    text = str(exc.value)
    assert "WAARBORG_SECRET_KEY must be set" in text
    assert "WAARBORG_DEBUG must be off" in text
    assert "WAARBORG_AUTO_CREATE_SCHEMA must be off" in text


def test_production_with_safe_settings_and_sqlite_default():
    s = Settings(environment="production", secret_key="k" * 40, _env_file=None)
    assert s.is_sqlite and s.database_url == "sqlite:///var/waarborg.db"
