"""`iln-sync check --config FILE`: validate the configuration, sign in, read the site, one line per check.

Stops at the first failure with a clear message and a non-zero exit code (2 for configuration,
including a site.url where no site answers, 3 for sign-in/permission, 4 for remote errors). A refused
sign-in fails before any SharePoint call.
"""
from __future__ import annotations

import argparse
import sys
from typing import Any, Callable, TextIO

from sharepoint_sync import log
from sharepoint_sync.config import Config, add_config_argument, load_config

HELP = "Check the configuration, the sign-in and the site, printing what was checked."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config FILE."""
    add_config_argument(parser)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run every check in order; raise the first failure (cli.main turns it into a message and exit code)."""
    stream = out or sys.stdout
    log.configure()

    def ok(text: str) -> None:
        print(f"ok  {text}", file=stream, flush=True)

    config = load_config(args.config)
    _report_config(config, ok)
    _check_sign_in(config, ok)
    _check_site(config, ok, stream)
    return 0


def _report_config(config: Config, ok: Callable[[str], None]) -> None:
    cred = config.credential
    ok(f"configuration {config.path}")
    ok(f"certificate {cred.subject}, SHA-256 thumbprint {cred.thumbprint_sha256}, "
       f"valid until {cred.not_after:%Y-%m-%d}")


def _check_sign_in(config: Config, ok: Callable[[str], None]) -> None:
    from sharepoint_sync.auth import GRAPH, SHAREPOINT, authenticator_for

    auth = authenticator_for(config)
    auth.token_for(SHAREPOINT)
    ok(f"signed in to {config.tenant.authority} as app {config.tenant.client_id} "
       f"(token for {auth.scope_for(SHAREPOINT)})")
    auth.token_for(GRAPH)
    how = "client secret" if config.graph_secret else "certificate"
    ok(f"Graph token for {auth.scope_for(GRAPH)} ({how})")


def _check_site(config: Config, ok: Callable[[str], None], stream: TextIO) -> None:
    from sharepoint_sync.gateway import open_gateway

    gateway = open_gateway(config)
    web: dict[str, Any] = read_site(gateway, config)
    ok(f"site {web.get('Url') or config.site.url}: \"{web.get('Title', '')}\"")
    site = config.site
    names = [("library", site.library), ("submissions list", site.submissions_list),
             ("commitments list", site.commitments_list), ("members list", site.members_list),
             ("runs list", site.runs_list)]
    missing = 0
    present: set[str] = set()
    for label, title in names:
        if gateway.list_exists(title):
            present.add(title)
            ok(f"{label} \"{title}\" present")
        else:
            missing += 1
            print(f"--  {label} \"{title}\" missing (iln-sync provision creates it)", file=stream, flush=True)
    _check_indexes(gateway, config, present, ok, stream)
    if missing:
        print(f"{missing} of {len(names)} lists missing; run `iln-sync provision --config {config.path}`",
              file=stream)


def _check_indexes(gateway: Any, config: Config, present: set[str], ok: Callable[[str], None], stream: TextIO) -> None:
    """Every column the worker looks rows up by is indexed: past 5,000 rows SharePoint refuses a filter
    on any other (error-500-list-view-threshold.verbose.reported.json)."""
    from sharepoint_sync.core.schema import lookup_columns
    from sharepoint_sync.run.session import site_names

    for title, column in lookup_columns(site_names(config)):
        if title not in present:
            continue
        field = next((f for f in gateway.fields(title) if f.get("InternalName") == column), None)
        if field is not None and field.get("Indexed"):
            ok(f"\"{title}\" is looked up by {column}, which is indexed")
        else:
            state = "missing" if field is None else "not indexed"
            print(f"--  \"{title}\" is looked up by {column}, which is {state} (iln-sync provision adds it)",
                  file=stream, flush=True)


def read_site(gateway: Any, config: Config) -> dict[str, Any]:
    """The site's web; a 404 there means site.url names no site (a typo, the wrong tenant host), which is
    a configuration problem (exit 2) rather than a server fault. SharePoint answers an unknown site path
    with 404 System.IO.FileNotFoundException, as the fake tenant does."""
    from sharepoint_sync.errors import ConfigError, ConfigProblem, RemoteError

    try:
        return gateway.web()
    except RemoteError as error:
        if error.status != 404:
            raise
        raise ConfigError([ConfigProblem(
            "site.url", f"no SharePoint site at {config.site.url} (SharePoint answered 404 Not Found); "
                        "check the address, e.g. https://TENANT.sharepoint.com/sites/KYILN")]) from error
