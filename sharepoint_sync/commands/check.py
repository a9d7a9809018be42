"""`iln-sync check --config FILE`: validate the configuration, sign in, read the site, one line per check.

Stops at the first failure with one sentence (`failures.classify`, through cli.main) and its exit code:
0 every check passed; 2 configuration (a setting, a certificate, a site.url where no site answers) or a
site whose lists are missing (with the hint to run `iln-sync provision`); 3 sign-in or permission refused;
7 a remote error the check could not get past. A refused sign-in fails before any SharePoint call.
"""
from __future__ import annotations

import argparse
import sys
from typing import Any, Callable, TextIO

from sharepoint_sync import log
from sharepoint_sync.config import Config, add_config_argument, load_config
from sharepoint_sync.errors import SiteNotProvisioned

HELP = "Check the configuration, the sign-in and the site, printing what was checked."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config FILE."""
    add_config_argument(parser)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run every check in order; raise the first failure (cli.main classifies it: its sentence, its exit code)."""
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
    from sharepoint_sync.auth import GRAPH, SHAREPOINT
    from sharepoint_sync.edges import authenticator_for

    auth = authenticator_for(config)
    auth.token_for(SHAREPOINT)
    ok(f"signed in to {config.tenant.authority} as app {config.tenant.client_id} "
       f"(token for {auth.scope_for(SHAREPOINT)})")
    auth.token_for(GRAPH)
    how = "client secret" if config.graph_secret else "certificate"
    ok(f"Graph token for {auth.scope_for(GRAPH)} ({how})")


def _check_site(config: Config, ok: Callable[[str], None], stream: TextIO) -> None:
    from sharepoint_sync.edges import open_gateway

    gateway = open_gateway(config)
    web: dict[str, Any] = gateway.web()  # no site at site.url: a 404 that failures.classify calls a config problem
    ok(f"site {web.get('Url') or config.site.url}: \"{web.get('Title', '')}\"")
    site = config.site
    names = [("library", site.library), ("submissions list", site.submissions_list),
             ("commitments list", site.commitments_list), ("members list", site.members_list),
             ("runs list", site.runs_list)]
    missing: list[str] = []
    present: set[str] = set()
    for label, title in names:
        if gateway.list_exists(title):
            present.add(title)
            ok(f"{label} \"{title}\" present")
        else:
            missing.append(title)
            print(f"--  {label} \"{title}\" missing (iln-sync provision creates it)", file=stream, flush=True)
    _check_indexes(gateway, config, present, ok, stream)
    if missing:  # a site a run would fail on is not a passed check
        raise SiteNotProvisioned(f"{len(missing)} of {len(names)} lists not found: {', '.join(missing)}")
    columns = _missing_columns(gateway, config, stream)
    if columns:  # a run reads or writes every one of them (a site provisioned by an older worker, say)
        raise SiteNotProvisioned(f"{len(columns)} column(s) not found: {', '.join(columns)}")
    ok("every list has the columns iln-sync reads and writes")


def _missing_columns(gateway: Any, config: Config, stream: TextIO) -> list[str]:
    """The schema's columns a list lacks, each printed with the provision hint, as "list: column"."""
    from sharepoint_sync.core.schema import site_schema
    from sharepoint_sync.run.session import site_names

    out: list[str] = []
    for spec in site_schema(site_names(config)):
        have = {str(f.get("InternalName") or "").casefold() for f in gateway.fields(spec.title)}
        for field in spec.fields:
            if field.internal_name.casefold() not in have:
                print(f"--  \"{spec.title}\" has no column \"{field.display_name}\" ({field.internal_name}) "
                      "(iln-sync provision adds it)", file=stream, flush=True)
                out.append(f"{spec.title}: {field.internal_name}")
    return out


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
