"""Configuration loading and validation: every problem reported at once, exit code 2."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sharepoint_sync import cli
from sharepoint_sync.config import default_config_path, load_config
from sharepoint_sync.errors import ConfigError

from tests.client.certs import (NOW, cert_pem, key_pem, make_certificate, rsa_key, write_config, write_pfx,
                                write_private)


@pytest.fixture()
def pem_config(tmp_path: Path) -> Path:
    """A valid config with a combined PEM (certificate + key), mode 0600."""
    key = rsa_key()
    write_private(tmp_path / "app.pem", cert_pem(make_certificate(key)) + key_pem(key))
    return write_config(tmp_path)


def problems_of(path: Path, environ: dict[str, str] | None = None) -> dict[str, str]:
    """Load and return {key: problem text} of the ConfigError (fails if loading succeeds)."""
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ=environ or {}, now=NOW)
    return {p.key: p.problem for p in caught.value.problems}


def test_valid_pem_config_loads_with_thumbprints_and_relative_paths(pem_config: Path) -> None:
    """A valid file yields frozen settings, SHA-256/SHA-1 thumbprints, expiry, and paths relative to the file."""
    config = load_config(pem_config, environ={}, now=NOW)
    assert len(config.credential.thumbprint_sha256) == 64
    assert len(config.credential.thumbprint_sha1) == 40
    assert config.credential.not_after > NOW
    assert config.sync.state_path == pem_config.parent / "var" / "state.sqlite"
    assert config.site.origin == "https://kentuckyde.sharepoint.com"
    assert config.tenant.authority == "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555"
    with pytest.raises(AttributeError):
        config.site.url = "https://elsewhere"  # type: ignore[misc]


def test_key_material_is_not_in_the_repr(pem_config: Path) -> None:
    """repr() of the config never shows the private key."""
    config = load_config(pem_config, environ={}, now=NOW)
    assert "PRIVATE KEY" in config.credential.key_pem
    assert "PRIVATE KEY" not in repr(config)


def test_pfx_with_password_from_environment(tmp_path: Path) -> None:
    """A PFX opens with the password named by password_env."""
    key = rsa_key()
    write_pfx(tmp_path / "app.pfx", key, make_certificate(key), b"s3cret")
    config = load_config(write_config(tmp_path, cert_path="app.pfx"),
                         environ={"ILN_TEST_CERT_PASSWORD": "s3cret"}, now=NOW)
    assert config.credential.subject == "CN=iln-sync test"


def test_pfx_wrong_password_is_a_problem(tmp_path: Path) -> None:
    """A wrong PFX password is reported on certificate.path, without the password."""
    key = rsa_key()
    write_pfx(tmp_path / "app.pfx", key, make_certificate(key), b"s3cret")
    problems = problems_of(write_config(tmp_path, cert_path="app.pfx"), {"ILN_TEST_CERT_PASSWORD": "wrong"})
    assert "password" in problems["certificate.path"]
    assert "wrong" not in problems["certificate.path"].replace("wrong or missing", "")


def test_encrypted_pem_key_without_password(tmp_path: Path) -> None:
    """An encrypted separate key without its password is reported on certificate.key_path."""
    key = rsa_key()
    (tmp_path / "app.pem").write_bytes(cert_pem(make_certificate(key)))
    write_private(tmp_path / "app.key", key_pem(key, b"pw"))
    problems = problems_of(write_config(tmp_path, key_path="app.key"))
    assert "encrypted" in problems["certificate.key_path"]


def test_encrypted_pem_key_with_password_loads(tmp_path: Path) -> None:
    """An encrypted key opens with the password from the environment."""
    key = rsa_key()
    (tmp_path / "app.pem").write_bytes(cert_pem(make_certificate(key)))
    write_private(tmp_path / "app.key", key_pem(key, b"pw"))
    config = load_config(write_config(tmp_path, key_path="app.key"), environ={"ILN_TEST_CERT_PASSWORD": "pw"}, now=NOW)
    assert config.certificate.key_path == tmp_path / "app.key"


@pytest.mark.parametrize("shift,word", [(dt.timedelta(days=-400), "expired"), (dt.timedelta(days=30), "not valid before")])
def test_certificate_outside_its_validity(tmp_path: Path, shift: dt.timedelta, word: str) -> None:
    """An expired or not-yet-valid certificate is a problem naming its date."""
    key = rsa_key()
    cert = make_certificate(key, not_before=NOW + shift - dt.timedelta(days=1), not_after=NOW + shift + dt.timedelta(days=1)) \
        if shift.days > 0 else make_certificate(key, not_before=NOW + shift, not_after=NOW + shift + dt.timedelta(days=1))
    write_private(tmp_path / "app.pem", cert_pem(cert) + key_pem(key))
    assert word in problems_of(write_config(tmp_path))["certificate.path"]


def test_key_without_certificate(tmp_path: Path) -> None:
    """A PEM holding only a key is reported as having no certificate."""
    write_private(tmp_path / "app.pem", key_pem(rsa_key()))
    assert "no certificate" in problems_of(write_config(tmp_path))["certificate.path"]


def test_key_not_matching_certificate(tmp_path: Path) -> None:
    """A key that does not belong to the certificate is reported."""
    write_private(tmp_path / "app.pem", cert_pem(make_certificate(rsa_key(0))) + key_pem(rsa_key(1)))
    assert "does not belong" in problems_of(write_config(tmp_path))["certificate.key_path"]


def test_key_file_readable_by_others(tmp_path: Path) -> None:
    """A key file with group/other permissions is reported with the chmod fix."""
    key = rsa_key()
    write_private(tmp_path / "app.pem", cert_pem(make_certificate(key)) + key_pem(key), mode=0o644)
    assert "chmod 600" in problems_of(write_config(tmp_path))["certificate.path"]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    """Bad URLs, a missing key, a missing CA bundle, non-positive numbers and an unreadable cert come together."""
    path = write_config(tmp_path, cert_path="missing.pem", ca_bundle="nope/ca.pem", replace={
        'authority_host = "https://login.microsoftonline.com"': 'authority_host = "http://login.microsoftonline.com"',
        'url = "https://kentuckyde.sharepoint.com/sites/KYILN"': 'url = "https://kentuckyde.sharepoint.com/Shared Documents"',
        'library = "Letters of Commitment"': "",
        "retry_budget = 30": "retry_budget = 0",
        "request_timeout_seconds = 30": "request_timeout_seconds = -1",
    })
    problems = problems_of(path)
    assert "https" in problems["tenant.authority_host"]
    assert "site URL" in problems["site.url"]
    assert problems["site.library"] == "is missing"
    assert "positive" in problems["sync.retry_budget"]
    assert "positive" in problems["sync.request_timeout_seconds"]
    assert "not found" in problems["tenant.ca_bundle"]
    assert "not found" in problems["certificate.path"]


def test_missing_config_file_is_a_problem(tmp_path: Path) -> None:
    """A config path that does not exist is one problem on --config."""
    assert "not found" in problems_of(tmp_path / "absent.toml")["--config"]


def test_default_path_comes_from_environment() -> None:
    """--config defaults to $ILN_SYNC_CONFIG, else ./config/iln-sync.toml."""
    assert default_config_path({"ILN_SYNC_CONFIG": "/etc/x.toml"}) == Path("/etc/x.toml")
    assert default_config_path({}) == Path("config/iln-sync.toml")


def test_graph_secret_comes_from_the_environment(tmp_path: Path) -> None:
    """The optional Graph-only secret is read from the variable named by graph_secret_env."""
    key = rsa_key()
    write_private(tmp_path / "app.pem", cert_pem(make_certificate(key)) + key_pem(key))
    path = write_config(tmp_path, replace={'password_env = "ILN_TEST_CERT_PASSWORD"':
                                           'password_env = "ILN_TEST_CERT_PASSWORD"\ngraph_secret_env = "G_SECRET"'})
    assert load_config(path, environ={"G_SECRET": "abc"}, now=NOW).graph_secret == "abc"


def test_check_exits_2_listing_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`iln-sync check` with a broken config exits 2 and prints every problem, before any sign-in."""
    path = write_config(tmp_path, cert_path="missing.pem", replace={"retry_budget = 30": "retry_budget = 0"})
    assert cli.main(["check", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "certificate.path" in err and "sync.retry_budget" in err


def test_pfx_password_variable_that_is_not_set_is_named(tmp_path: Path) -> None:
    """A PFX whose password variable is unset is reported naming that variable (and never a password)."""
    key = rsa_key()
    write_pfx(tmp_path / "app.pfx", key, make_certificate(key), b"s3cret")
    problem = problems_of(write_config(tmp_path, cert_path="app.pfx"), {})["certificate.path"]
    assert "$ILN_TEST_CERT_PASSWORD, which is not set in the environment" in problem


def test_separate_key_file_readable_by_others(tmp_path: Path) -> None:
    """A separate key file with group/other permissions is reported on certificate.key_path with the chmod fix."""
    key = rsa_key()
    (tmp_path / "app.pem").write_bytes(cert_pem(make_certificate(key)))
    write_private(tmp_path / "app.key", key_pem(key), mode=0o640)
    assert "chmod 600" in problems_of(write_config(tmp_path, key_path="app.key"))["certificate.key_path"]


@pytest.mark.parametrize("bad_url,word", [
    ("https://login microsoftonline.com", "host"),
    ("https://login.microsoftonline.com:port", "host"),
    ("https://admin:hunter2@login.microsoftonline.com", "user name or password"),
    ("https://login.microsoftonline.com/?x=1", "query"),
    ("login.microsoftonline.com", "https://"),
])
def test_bad_authority_url_is_a_problem(tmp_path: Path, bad_url: str, word: str) -> None:
    """A URL without https, with a bad host/port, a query or embedded credentials is refused (credentials not echoed)."""
    key = rsa_key()
    write_private(tmp_path / "app.pem", cert_pem(make_certificate(key)) + key_pem(key))
    path = write_config(tmp_path, replace={'authority_host = "https://login.microsoftonline.com"':
                                           f'authority_host = "{bad_url}"'})
    problem = problems_of(path)["tenant.authority_host"]
    assert word in problem and "hunter2" not in problem


def test_ca_bundle_without_a_certificate_is_a_problem(tmp_path: Path) -> None:
    """A CA bundle file that holds no PEM certificate is reported on tenant.ca_bundle."""
    key = rsa_key()
    write_private(tmp_path / "app.pem", cert_pem(make_certificate(key)) + key_pem(key))
    (tmp_path / "ca.pem").write_text("not a certificate\n")
    assert "no PEM certificate" in problems_of(write_config(tmp_path, ca_bundle="ca.pem"))["tenant.ca_bundle"]


def test_check_with_a_broken_config_starts_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A config with problems stops `check` with exit 2 before any network call is attempted."""
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket, "create_connection", no_network)
    path = write_config(tmp_path, cert_path="missing.pem")
    assert cli.main(["check", "--config", str(path)]) == 2
    assert "certificate.path: file not found" in capsys.readouterr().err


def test_unknown_settings_and_sections_are_problems(tmp_path: Path) -> None:
    """A misspelt setting or section is reported with what is known, instead of being silently ignored."""
    key = rsa_key()
    write_private(tmp_path / "app.pem", cert_pem(make_certificate(key)) + key_pem(key))
    path = write_config(tmp_path, replace={"retry_budget = 30": 'retry_budget = 30\nretry_budjet = 5\n\n[tennant]\nx = 1'})
    problems = problems_of(path)
    assert "unknown setting" in problems["sync.retry_budjet"] and "retry_budget" in problems["sync.retry_budjet"]
    assert "unknown section" in problems["tennant"]


def test_the_example_configuration_uses_only_known_settings() -> None:
    """config/iln-sync.example.toml names no setting the loader does not read."""
    example = Path(__file__).resolve().parents[2] / "config" / "iln-sync.example.toml"
    with pytest.raises(ConfigError) as caught:  # its certificate path does not exist here
        load_config(example, environ={}, now=NOW)
    assert not [p for p in caught.value.problems if p.problem.startswith("unknown")]


@pytest.mark.parametrize("value, loaded", [(None, 100), ("25", 25)])
def test_write_batch_size_defaults_to_100_and_can_be_lowered(tmp_path: Path, value: str | None, loaded: int) -> None:
    """sync.write_batch_size: writes per `$batch` (a stop waits for the batch under way); 100 unless set."""
    key = rsa_key()
    write_private(tmp_path / "app.pem", cert_pem(make_certificate(key)) + key_pem(key))
    extra = {"retry_budget = 30": f"retry_budget = 30\nwrite_batch_size = {value}"} if value else None
    config = load_config(write_config(tmp_path, replace=extra), environ={}, now=NOW)
    assert config.sync.write_batch_size == loaded


@pytest.mark.parametrize("value", ["0", "101"])
def test_write_batch_size_outside_1_to_100_is_a_problem(tmp_path: Path, value: str) -> None:
    """SharePoint's `$batch` takes 1 to 100 operations: any other size is named as a problem."""
    key = rsa_key()
    write_private(tmp_path / "app.pem", cert_pem(make_certificate(key)) + key_pem(key))
    path = write_config(tmp_path, replace={"retry_budget = 30": f"retry_budget = 30\nwrite_batch_size = {value}"})
    assert "between 1 and 100" in problems_of(path)["sync.write_batch_size"]
