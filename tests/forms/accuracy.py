"""Extraction accuracy over generated LOC variants, per field and per variant feature.

    .venv/bin/python -m tests.forms.accuracy --n 300 --seed 2 [--today 2026-11-28] [--show]

Prints how many variants the extractor reads exactly, which record fields it misses, and the
variant features most often present in a miss (what to look at in field reading).
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date


def differences(expected: dict, got: dict) -> list[str]:
    """Record fields that differ (review reasons compared as a set, as the contract says)."""
    out = []
    for key, want in expected.items():
        have = got.get(key)
        if key == "review_reasons":
            want, have = sorted(want), sorted(have or [])
        if want != have:
            out.append(key)
    return out


def measure(n: int, seed: int, today: date, show: bool = False) -> tuple[int, Counter, Counter, Counter]:
    """(exact count, misses per field, misses per feature, variants per feature)."""
    from sharepoint_sync.extract.api import extract_in_process
    from iln_demo.forms.variants import variants

    exact, fields, failing, seen = 0, Counter(), Counter(), Counter()
    for variant in variants(n, seed, today):
        got = extract_in_process(variant.data, variant.file_name, today).to_json()
        diff = differences(variant.expected, got)
        seen.update(variant.features)
        if not diff:
            exact += 1
            continue
        fields.update(diff)
        failing.update(variant.features)
        if show:
            print(variant.file_name, variant.features)
            for key in diff:
                print(f"  {key}: expected {json.dumps(variant.expected[key])} got {json.dumps(got.get(key))}")
    return exact, fields, failing, seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 28))
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args()
    exact, fields, failing, seen = measure(args.n, args.seed, args.today, args.show)
    print(f"{exact}/{args.n} variants read exactly ({100 * exact / args.n:.1f}%), seed {args.seed}")
    print("misses per field:", dict(fields.most_common()))
    for feature, misses in sorted(failing.items(), key=lambda kv: -kv[1] / seen[kv[0]])[:15]:
        print(f"  {misses}/{seen[feature]} with {feature}")


if __name__ == "__main__":
    main()
