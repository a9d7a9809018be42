"""`iln-sync check` end to end against the fake tenant."""
from __future__ import annotations

import uuid
from typing import Any

import pytest

from sharepoint_sync import cli


def test_check_reports_each_check_and_missing_lists(clean_tenant: Any, tenant_info: dict[str, Any],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """check signs in, reads the web and lists the configured lists; missing ones (a fresh tenant) fail the
    check: exit 2 with the hint to run provision."""
    assert cli.main(["check", "--config", tenant_info["config_path"]]) == 2
    captured = capsys.readouterr()
    assert "ok  signed in to" in captured.out and "ok  Graph token" in captured.out and "ok  site" in captured.out
    assert '"Letters of Commitment" missing' in captured.out
    assert "iln-sync check: The site is missing lists or columns the worker needs (5 of 5 lists not found: " \
           "Letters of Commitment, " in captured.err and "run `iln-sync provision`" in captured.err


def test_check_fails_before_any_sharepoint_call_when_sign_in_is_refused(
        clean_tenant: Any, config_copy: Any, tenant_info: dict[str, Any], emulator: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A refused sign-in exits 3 with one clear message, and no SharePoint request is sent."""
    path = config_copy({tenant_info["client_id"]: str(uuid.uuid4())})
    since = emulator.last_seq()
    assert cli.main(["check", "--config", str(path)]) == 3
    assert "AADSTS" in capsys.readouterr().err
    assert not [e for e in emulator.requests(since) if "/_api/" in e["path"]]


def test_check_stops_on_a_missing_site_grant(clean_tenant: Any, tenant_info: dict[str, Any], https_session: Any,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Without the site grant, check exits 3 naming the site and the permission needed."""
    grant = f"{tenant_info['control_url']}/site-grant"
    https_session.post(grant, json={"granted": False}).raise_for_status()
    try:
        assert cli.main(["check", "--config", tenant_info["config_path"]]) == 3
    finally:
        https_session.post(grant, json={"granted": True}).raise_for_status()
    err = capsys.readouterr().err
    assert tenant_info["site_url"] in err and "Sites.Selected" in err
