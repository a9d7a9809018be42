"""The fake tenant's own logging: standard-library `logging` under `m365_fake.*` loggers.

Events keep the dotted-name + key=value style (`fake_tenant.started base_url=...`), and the fields ride
along as `record.event_name` and `record.fields` so a host that routes stdlib logs through structlog keeps them
as data. The fake configures no handler of its own: the embedding program decides where logs go.
It must not import the worker (the worker and the fake are separate packages), so it carries its own
redaction of token-shaped query parameters for the request log.
"""
from __future__ import annotations

import logging
import re
from typing import Any

# Pre-authenticated and token-bearing query parameters (SharePoint's `tempauth=`, SAS `sig=`, OAuth
# `access_token=`/`code=`), and bearer tokens or JWTs anywhere in a value.
_SECRET_VALUES = re.compile(
    r"(Bearer\s+[A-Za-z0-9._~+/=-]+|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"
    r"|([?&](sig|tempauth|access_token|code)=)[^&\s\"']+)"
)


def redact(value: Any) -> Any:
    """A string with anything token-shaped replaced by `[redacted]`; other values unchanged."""
    if isinstance(value, str):
        return _SECRET_VALUES.sub("[redacted]", value)
    return value


class EventLogger:
    """`log.info("dotted.event", key=value, ...)` over a stdlib logger."""

    def __init__(self, name: str) -> None:
        self._logger = logging.getLogger(name)

    def _emit(self, level: int, event: str, fields: dict[str, Any]) -> None:
        if not self._logger.isEnabledFor(level):
            return
        exc_info = fields.pop("exc_info", None)
        safe = {key: redact(value) for key, value in fields.items()}
        text = " ".join([event, *(f"{key}={value!r}" for key, value in safe.items())])
        self._logger.log(level, "%s", text, extra={"event_name": event, "fields": safe}, exc_info=exc_info)

    def debug(self, event: str, **fields: Any) -> None:
        """Log `event` at DEBUG."""
        self._emit(logging.DEBUG, event, fields)

    def info(self, event: str, **fields: Any) -> None:
        """Log `event` at INFO."""
        self._emit(logging.INFO, event, fields)

    def warning(self, event: str, **fields: Any) -> None:
        """Log `event` at WARNING."""
        self._emit(logging.WARNING, event, fields)

    def error(self, event: str, **fields: Any) -> None:
        """Log `event` at ERROR."""
        self._emit(logging.ERROR, event, fields)


def get_logger(name: str) -> EventLogger:
    """The event logger for `name` (a dotted module name under `m365_fake`)."""
    return EventLogger(name if name.startswith("m365_fake") else f"m365_fake.{name}")
