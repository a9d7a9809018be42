"""structlog, configured once. Dotted event names, key/value fields, secrets never logged."""
from __future__ import annotations

import logging
import re
import sys
from typing import Any

import structlog

# Values under these keys are replaced, whatever they hold.
_SECRET_KEYS = re.compile(r"(token|secret|password|assertion|authorization|key_pem|private)", re.I)
# Bearer tokens, JWTs, SAS/pre-authenticated query strings and whole private-key PEM blocks (header,
# base64 body and footer: the body is the secret), wherever they appear in a value.
_SECRET_VALUES = re.compile(
    r"(Bearer\s+[A-Za-z0-9._~+/=-]+|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"
    r"|([?&](sig|tempauth|access_token|code)=)[^&\s\"']+"
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$))"
)

_configured = False


def redact(value: Any) -> Any:
    """Strip anything token-shaped from a value before it is logged or shown."""
    if isinstance(value, str):
        return _SECRET_VALUES.sub("[redacted]", value)
    return value


def _redact_processor(_logger: Any, _name: str, event: dict[str, Any]) -> dict[str, Any]:
    for key in list(event):
        if key != "event" and _SECRET_KEYS.search(key):
            event[key] = "[redacted]"
        else:
            event[key] = redact(event[key])
    return event


class _StderrAtWriteTime:
    """sys.stderr looked up at each write, so a swapped stderr (pytest capture, daemons) is honoured."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure(*, json: bool = False, level: str = "INFO", stream: Any = None) -> None:
    """Configure structlog once per process (later calls are ignored unless forced by tests)."""
    global _configured
    if _configured:
        return
    _configured = True
    # office365's event handler logs any exception raised in a request listener (our token callback,
    # when the sign-in endpoint is unreachable) with a full traceback through stdlib logging, then
    # re-raises it; the retry layer already logs it (sp.retry) and the command ends with describe()'s
    # sentence, so the traceback only buries that sentence. See office365/runtime/types/event_handler.py.
    logging.getLogger("office365.runtime.types.event_handler").setLevel(logging.CRITICAL)
    renderer: Any = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _redact_processor,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper(), logging.INFO)),
        logger_factory=structlog.PrintLoggerFactory(file=stream or _StderrAtWriteTime()),
        cache_logger_on_first_use=False,
    )


def get_logger(name: str | None = None) -> Any:
    """A bound structlog logger; event names are dotted, e.g. `sync.run.finished`."""
    return structlog.get_logger(name) if name else structlog.get_logger()
