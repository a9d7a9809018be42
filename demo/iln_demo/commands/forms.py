"""`iln-sync forms ...`: write the official blank LOC form, the demo letters, or LOC variants.

  iln-sync forms build-templates [--out doc_templates]        the blank kyiln-2023 form
  iln-sync forms demo-letters --out DIR [--today YYYY-MM-DD]  the letters `iln-sync demo` uploads
  iln-sync forms variants --out DIR [--n 60] [--seed 1]       letters with known truth (*.expected.json)
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from sharepoint_sync import clock

HELP = "Write the official blank LOC form (doc_templates/), the demo letters or test variants."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The three actions and their options."""
    parser.add_argument("action", choices=("build-templates", "demo-letters", "variants"))
    parser.add_argument("--out", type=Path, default=None,
                        help="directory to write into (build-templates: doc_templates/ by default; required otherwise)")
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="the day letters' dates are relative to (default: today)")
    parser.add_argument("--n", type=int, default=60, help="how many variants")
    parser.add_argument("--seed", type=int, default=1, help="variant generator seed")


def run(args: argparse.Namespace) -> int:
    """Write the files and list them."""
    today = args.today or clock.today()
    if args.action == "build-templates":
        from iln_demo.forms.blank import write_template
        print(write_template(args.out or Path("doc_templates")))
        return 0
    if args.out is None:
        print(f"iln-sync forms {args.action}: --out DIR is required", file=sys.stderr)
        return 2
    if args.action == "demo-letters":
        from iln_demo.forms.demo import demo_letters
        items = [(Path(x.path_in_library) / x.file_name, x.data, x.expected) for x in demo_letters(today)]
    else:
        from iln_demo.forms.variants import variants
        items = [(Path(v.file_name), v.data, v.expected) for v in variants(args.n, args.seed, today)]
    for relative, data, expected in items:
        target = args.out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        target.with_name(target.stem + ".expected.json").write_text(json.dumps(expected, indent=2) + "\n")
        print(target)
    return 0
