"""`iln-sync extract FILE... [--json] [--explain]`: read Letters of Commitment from local files.

One record per file, in the order given (docs/contract/loc-record.md): with `--json` a JSON
object for one file or an array for several; otherwise a readable summary per file. `--explain`
adds the evidence: the text each field was read from (with `--json`, the record's optional
`evidence` object; otherwise an "Evidence:" list, and reasons that quote it). Exit 0 when
every file produced a record, whatever its status; 2 for usage errors such as a missing file; 1 an
unexpected error (through cli.main, `failures.classify`).
No tenant, no configuration: documents are read in the isolated worker with the default limits.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from sharepoint_sync import clock
from sharepoint_sync.core.evidence_words import evidence_lines, quoted_reasons
from sharepoint_sync.core.words import reasons_words
from sharepoint_sync.extract.isolation import Extractor
from sharepoint_sync.extract.limits import DEFAULT_LIMITS
from sharepoint_sync.record import LocRecord

HELP = "Read Letters of Commitment (Word files) and print what they say, one record per file."

# Reasons are worded by sharepoint_sync.core.words, the same sentences the run writes onto the
# document in SharePoint, so `extract` and the site never describe one problem two ways.

# C0/C1 controls, bidi overrides/isolates and zero-width characters: document text must not be
# able to rearrange or hide what a terminal shows.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE... and --json."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="Word files to read (.docx)")
    parser.add_argument("--json", action="store_true", help="print the contract's JSON records")
    parser.add_argument("--explain", action="store_true",
                        help="also show, for every field, the text it was read from (the evidence)")


def run(args: argparse.Namespace) -> int:
    """Extract every file in order; 2 (and nothing read) when a file does not exist."""
    paths = [Path(name) for name in args.files]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        print(f"iln-sync extract: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    today = clock.today()
    with Extractor(DEFAULT_LIMITS, today=today) as extractor:
        records = [extractor.extract(_read_bounded(path), path.name) for path in paths]
    if args.json:
        payload = [r.to_json(evidence=args.explain) for r in records]
        print(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, ensure_ascii=False))
    else:
        print("\n\n".join(summary(record, explain=args.explain) for record in records))
    return 0


def _read_bounded(path: Path) -> bytes:
    """At most one byte over the size limit: pre-flight then calls the file too large."""
    with path.open("rb") as stream:
        return stream.read(DEFAULT_LIMITS.max_file_bytes + 1)


def summary(record: LocRecord, explain: bool = False) -> str:
    """A readable, terminal-safe summary of one record (`explain`: with its evidence)."""
    lines = [f"{_safe(record.file)}: {_status_words(record)}"]
    if record.is_loc:
        lines += _loc_lines(record)
    reasons = [_safe(r) for r in quoted_reasons(record)] if explain else reasons_words(record.review_reasons)
    if reasons and record.is_loc:
        lines.append("  Needs review: " + " ".join(reasons))
    elif reasons:
        lines.append("  Why: " + " ".join(reasons))
    if explain and record.is_loc:
        found = evidence_lines(record)
        lines.append("  Evidence:" + ("" if found else " (none)"))
        lines += ["    " + _safe(line) for line in found]
    return "\n".join(lines)


def _status_words(record: LocRecord) -> str:
    template = f" (form {record.template})" if record.template != "unknown" else ""
    return {
        "ok": "read, ok" + template,
        "needs_review": "read, needs review" + template,
        "not_a_loc": "not a Letter of Commitment",
        "unreadable": "unreadable",
    }.get(record.status, record.status)


def _loc_lines(record: LocRecord) -> list[str]:
    district = _safe(record.district or "(none)")
    if record.district_as_written and record.district_as_written != record.district:
        district += f' (written "{_safe(record.district_as_written)}")'
    signer = record.signatory
    signed_by = ", ".join(_safe(v) for v in (signer.name, signer.title) if v) if signer else ""
    lines = [
        f"  District: {district}",
        f"  Signed: {record.district_signed_on or '(no date)'}" + (f" by {signed_by}" if signed_by else "")
        + (f"; KDE signed {record.kde_signed_on}" if record.kde_signed_on else ""),
        f"  School years: {', '.join(record.school_years) or '(none)'}"
        + (f", expires {record.expires_on}" if record.expires_on else "")
        + (f" (academic year stated: {record.academic_year_stated})" if record.academic_year_stated else ""),
    ]
    lines.append("  Contacts:" + ("" if record.contacts else " (none)"))
    for person in record.contacts:
        marker = " [point of contact]" if person == record.point_of_contact else ""
        lines.append("    - " + ", ".join(_safe(v) for v in (person.name, person.title, person.email) if v) + marker)
    lines.append("  Action points:" + ("" if record.action_points else " (none)"))
    lines += [f"    {n}. {_safe(point)}" for n, point in enumerate(record.action_points, 1)]
    if record.focus_areas:
        lines.append("  Focus areas: " + "; ".join(_safe(f) for f in record.focus_areas))
    if record.initiatives:
        lines.append("  Initiatives: " + "; ".join(record.initiatives))
    return lines


def _safe(text: str) -> str:
    return _UNSAFE.sub("", text)
