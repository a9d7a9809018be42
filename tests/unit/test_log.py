"""Logging never shows secrets: token-shaped values and secret-named fields are redacted."""
from __future__ import annotations

import pytest

from sharepoint_sync import log

KEY_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"
PEM = f"-----BEGIN PRIVATE KEY-----\n{KEY_BODY}\n-----END PRIVATE KEY-----\n"
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3gifQ.c2lnbmF0dXJlLXZhbHVl"


@pytest.mark.parametrize("text,secret", [
    (f"Authorization: Bearer {JWT}", JWT),
    (f"token was {JWT} then", JWT),
    ("https://x/file.docx?tempauth=abc123secret&x=1", "abc123secret"),
    ("https://x/blob?sv=1&sig=S1GnAtUrE%3D", "S1GnAtUrE%3D"),
    (f"key:\n{PEM}", KEY_BODY),
    (f"truncated key:\n-----BEGIN RSA PRIVATE KEY-----\n{KEY_BODY}", KEY_BODY),
])
def test_redact_removes_token_shaped_values_and_whole_key_blocks(text: str, secret: str) -> None:
    """redact() removes bearer tokens, JWTs, pre-authenticated query values and a private key's base64 body."""
    cleaned = log.redact(text)
    assert secret not in cleaned and "[redacted]" in cleaned


def test_logged_events_redact_secret_fields_and_values(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A log line keeps ordinary fields but never a secret-named field's value or a token inside any value."""
    import structlog

    before = structlog.get_config()
    monkeypatch.setattr(log, "_configured", False)
    try:
        log.configure()
        log.get_logger("test").info("auth.token.acquired", client_id="c-1", access_token="raw-token-value",
                                    client_secret="hunter2", detail=f"key {PEM}")
    finally:
        structlog.configure(**before)  # leave the process's logging as it was
    line = capsys.readouterr().err
    assert "auth.token.acquired" in line and "c-1" in line
    assert "raw-token-value" not in line and "hunter2" not in line and KEY_BODY not in line
