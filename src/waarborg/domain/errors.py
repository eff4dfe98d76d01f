"""One error vocabulary for the whole project.

Domain, services, CLI and web raise these; the web layer maps them to HTTP in one handler
(``waarborg.web.errors``) and the CLI maps them to exit codes (2 for bad input, 1 for a failed check).
"""

from __future__ import annotations


class WaarborgError(Exception):
    """Base class. ``status`` is the HTTP status the web layer uses."""

    status = 500

    def __init__(self, message: str, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: list[str] = list(errors or [])


class NotFound(WaarborgError):
    status = 404


class NotAllowed(WaarborgError):
    """The policy layer said no; ``message`` carries the reason."""

    status = 403


class NotAuthenticated(WaarborgError):
    status = 401


class Conflict(WaarborgError):
    """Optimistic-locking conflict or a duplicate."""

    status = 409


class TransitionNotAllowed(WaarborgError):
    status = 409


class InvalidInput(WaarborgError):
    """Bad input. Each item of ``errors`` reads ``field.path: message`` and names the value."""

    status = 422

    def __init__(self, message: str, errors: list[str] | None = None, field: str | None = None) -> None:
        if field is not None and not errors:
            errors = [f"{field}: {message}"]
        super().__init__(message, errors)
        self.field = field

    @classmethod
    def at(cls, field: str, message: str) -> InvalidInput:
        return cls(f"{field}: {message}", [f"{field}: {message}"], field=field)


class TooManyRequests(WaarborgError):
    status = 429


class PayloadTooLarge(WaarborgError):
    status = 413
