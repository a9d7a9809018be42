"""structlog, configured once. Dotted event names, key/value fields, secrets never logged.

`configure()` is called once at the start of each command: JSON lines when the log stream is not a
terminal (systemd's journal, a file, a pipe) or with `json=True` (`--log-format json`), console
rendering on a terminal. The standard-library loggers of msal, office365, apscheduler and urllib3
go through the same processors (so the same redaction and the same run id), at WARNING: their INFO
lines repeat what our own events say. Tracebacks are rendered without frame locals (a local can
hold a token or the key). `redact()` is the one redaction function, for logs and for whatever else
is shown to people (Runs rows, reports, emails).
"""
from __future__ import annotations

import logging
import re
import sys
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

import structlog
from structlog.typing import EventDict, Processor

# Values under these keys are replaced, whatever they hold.
_SECRET_KEYS = re.compile(r"(token|secret|password|assertion|authorization|key_pem|private)", re.I)
# Inside nested data (headers, request bodies, shown rows) only unmistakably secret keys are blanked.
_NESTED_SECRET_KEYS = re.compile(r"^(authorization|password|passphrase|client_secret|client_assertion|access_token"
                                 r"|refresh_token|id_token|key_pem|private_key|x-ms-.*token.*)$", re.I)
# Bearer tokens, JWTs (whole or cut short: anything starting eyJ, base64 for '{"'), Authorization
# header values, secret-bearing query/form parameters (SAS `sig=`, SharePoint `tempauth=`, OAuth
# `client_assertion=`, `client_secret=`, `access_token=`, `code=`, `password=`) and whole private-key
# PEM blocks (header, base64 body and footer: the body is the secret), wherever they appear in a value.
_SECRET_VALUES = re.compile(
    r"(Bearer\s+[A-Za-z0-9._~+/=-]{6,}|bearer\s+[A-Za-z0-9._~+/=-]{16,}"
    r"|eyJ[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*)*"
    r"|(?<=[Aa]uthorization)([\"']?\s*[:=]\s*[\"']?)(?:(?:Basic|Bearer|Negotiate)\s+)?[^\s\"',}]+"
    r"|([?&;\s]|^)((?i:sig|tempauth|access_token|refresh_token|client_assertion|client_secret|code|password)=)"
    r"[^&\s\"']+"
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$))"
)
# secret values known to this process (the certificate password, a Graph client secret, the key):
# replaced wherever they appear, whatever their shape
_known: set[str] = set()
_configured = False
#: the libraries whose stdlib loggers are routed through structlog, and their level
LIBRARY_LEVELS = {"msal": logging.WARNING, "office365": logging.WARNING, "apscheduler": logging.WARNING,
                  "urllib3": logging.WARNING, "requests": logging.WARNING}


def register_secrets(values: Iterable[str | None]) -> None:
    """Remember secret values read at start (env, key files) so that they are redacted wherever they show up."""
    for value in values:
        if value and len(value) >= 4:  # a 1-3 character "secret" would blank ordinary words
            _known.add(value)
            # each base64 line of a key on its own too (a cut-off dump shows lines), not the -----BEGIN lines
            _known.update(line.strip() for line in value.splitlines()
                          if len(line.strip()) >= 16 and not line.startswith("-----"))


def _redact_text(text: str) -> str:
    text = _SECRET_VALUES.sub(_replacement, text)
    for secret in sorted(_known, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, "[redacted]")
    return text


def _replacement(match: re.Match[str]) -> str:
    whole = match.group(0)
    if match.group(2) is not None:  # Authorization: keep the separator, drop the value
        return f"{match.group(2)}[redacted]"
    if match.group(4) is not None:  # name=value: keep the name
        return f"{match.group(3) or ''}{match.group(4)}[redacted]"
    return "[redacted]" if whole else whole


def redact(value: Any) -> Any:
    """Strip anything secret from a value before it is logged or shown (strings; dicts, lists and tuples
    recursively, where a secret-named key's value is blanked whole)."""
    if isinstance(value, str):
        return _redact_text(value)
    if isinstance(value, dict):
        return {k: "[redacted]" if isinstance(k, str) and _NESTED_SECRET_KEYS.match(k) and v
                else redact(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(redact(v) for v in value)
    return value


def _redact_processor(_logger: Any, _name: str, event: EventDict) -> EventDict:
    for key in list(event):
        if key != "event" and _SECRET_KEYS.search(key):
            event[key] = "[redacted]"
        else:
            event[key] = redact(event[key])
    return event


def _library_event(_logger: Any, _name: str, event: EventDict) -> EventDict:
    """A stdlib record (msal, office365...) gets a dotted event name; its text moves to `message`."""
    record = event.get("_record")
    if record is not None and not event.get("_from_structlog"):
        event["message"] = event.get("event")
        event["event"] = f"lib.{record.name}"
    return event


class _StderrAtWriteTime:
    """sys.stderr looked up at each write, so a swapped stderr (pytest capture, daemons) is honoured."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()

    def isatty(self) -> bool:
        return bool(getattr(sys.stderr, "isatty", lambda: False)())


def wants_json(stream: Any, choice: str | None = None) -> bool:
    """`--log-format json|console`, else JSON unless the stream is a terminal."""
    if choice in ("json", "console"):
        return choice == "json"
    return not bool(getattr(stream, "isatty", lambda: False)())


def configure(*, json: bool | None = None, level: str = "INFO", stream: Any = None, force: bool = False) -> None:
    """Configure structlog (and the stdlib loggers) once per process; later calls are ignored unless `force`."""
    global _configured
    if _configured and not force:
        return
    _configured = True
    out: Any = stream or _StderrAtWriteTime()   # any text stream: PrintLoggerFactory only writes and flushes
    as_json = wants_json(out) if json is None else json
    # office365's event handler logs any exception raised in a request listener (our token callback,
    # when the sign-in endpoint is unreachable) with a full traceback through stdlib logging, then
    # re-raises it; the retry layer already logs it (sp.retry) and the command ends with describe()'s
    # sentence, so the traceback only buries that sentence. See office365/runtime/types/event_handler.py.
    logging.getLogger("office365.runtime.types.event_handler").setLevel(logging.CRITICAL)
    shared: list[Processor] = [structlog.contextvars.merge_contextvars, structlog.processors.add_log_level,
              structlog.processors.TimeStamper(fmt="iso", utc=True)]
    renderer = _renderer(as_json)
    structlog.configure(
        processors=[*shared, *_exceptions(as_json), _redact_processor, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper(), logging.INFO)),
        logger_factory=structlog.PrintLoggerFactory(file=out),
        cache_logger_on_first_use=False,
    )
    _route_stdlib(out, shared, as_json, renderer)


def _renderer(as_json: bool) -> Any:
    if as_json:
        return structlog.processors.JSONRenderer()
    # plain_traceback: rich or better-exceptions, when installed, would print every frame's locals
    return structlog.dev.ConsoleRenderer(colors=False, exception_formatter=structlog.dev.plain_traceback)


def _exceptions(as_json: bool) -> list[Processor]:
    if not as_json:
        return []
    transformer = structlog.tracebacks.ExceptionDictTransformer(show_locals=False)
    return [structlog.processors.ExceptionRenderer(transformer)]


def _route_stdlib(out: Any, shared: list[Any], as_json: bool, renderer: Any) -> None:
    """One handler on the root logger rendering stdlib records with our processors (redaction included)."""
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*shared, *_exceptions(as_json)],
        processors=[_library_event, structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    _redact_processor, renderer],
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter)
    handler.set_name("iln-sync")
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if h.get_name() != "iln-sync"] + [handler]
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)
    for name, lib_level in LIBRARY_LEVELS.items():
        logging.getLogger(name).setLevel(lib_level)
    _enable_library_loggers()


def _enable_library_loggers() -> None:
    """Re-enable the libraries' loggers that exist already: `logging.config.dictConfig` disables every
    existing logger by default (`disable_existing_loggers`), so a library configuring its own logging
    (import-linter does, in-process) would otherwise silence msal's warnings for good."""
    for name, logger in list(logging.root.manager.loggerDict.items()):
        ours = any(name == lib or name.startswith(f"{lib}.") for lib in LIBRARY_LEVELS)
        if ours and isinstance(logger, logging.Logger):
            logger.disabled = False


@contextmanager
def bound_run(run_id: str) -> Iterator[None]:
    """Every log line inside (ours and the libraries', same thread) carries `run_id`."""
    with structlog.contextvars.bound_contextvars(run_id=run_id):
        yield


def get_logger(name: str | None = None) -> Any:
    """A bound structlog logger; event names are dotted, e.g. `sync.run.finished`."""
    return structlog.get_logger(name) if name else structlog.get_logger()
