"""Benchmark of `extract` over the 30 public sample letters (not a test: run it by hand).

    .venv/bin/python benchmarks/bench_extract.py [--rounds 20] [--all-cores]

Reports documents/second and peak RSS, in process (`extract_in_process`) and isolated (the
`Extractor` worker, pipe round trip included), over all 30 samples and over the 23 letters alone
(the samples whose expected record is a LOC: the refused PDF/.doc/encrypted/.docm files and the
two non-letters cost far less, so "letters/s" is the honest figure for the ≥ 100/s target). Pinned to one core unless --all-cores. The first
round of each mode is a warm-up (imports, style cache) and is not counted in the wall-clock rate.
The machine is shared, so the rate is also given per CPU-second (parent + worker CPU time; for the
worker this includes its start-up and the warm-up round, so it slightly understates the rate).
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sharepoint_sync.extract.api import extract_in_process  # noqa: E402
from sharepoint_sync.extract.isolation import Extractor  # noqa: E402

SAMPLES = ROOT / "tests" / "fixtures" / "loc-samples"
TODAY = datetime.date(2026, 11, 28)


def samples() -> list[tuple[str, bytes]]:
    """(name, bytes) of every sample document (letters and the refused ones alike)."""
    return [(p.name, p.read_bytes()) for p in sorted(SAMPLES.iterdir()) if p.suffix.lower() in (".docx", ".doc", ".docm")]


def letters(documents: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The samples that are Letters of Commitment (expected record `is_loc`)."""
    is_loc = {}
    for expected in SAMPLES.glob("*.expected.json"):
        record = json.loads(expected.read_text())
        is_loc[record["file"]] = record["is_loc"]
    return [(name, data) for name, data in documents if is_loc.get(name)]


def rate(extract, documents: list[tuple[str, bytes]], rounds: int) -> float:
    """Documents per second over `rounds` timed rounds after one warm-up round."""
    for name, data in documents:
        extract(data, name)
    started = time.perf_counter()
    for _ in range(rounds):
        for name, data in documents:
            extract(data, name)
    return rounds * len(documents) / (time.perf_counter() - started)


def cpu_seconds() -> float:
    """CPU time of this process plus its waited-for children (the worker, once closed)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def worker_cpu_seconds(pid: int | None) -> float:
    """CPU time of a live worker so far, from /proc/PID/stat (utime + stime; Linux); 0 elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--all-cores", action="store_true")
    args = parser.parse_args()
    if not args.all_cores and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # the worker inherits it
    documents, letter_documents = samples(), letters(samples())
    timed = (len(documents) + len(letter_documents)) * (args.rounds + 1)  # warm-up rounds cost CPU too
    cpu_before = cpu_seconds()
    with Extractor(today=TODAY) as extractor:
        isolated = rate(extractor.extract, documents, args.rounds)
        letters_cpu_before = time.process_time() + worker_cpu_seconds(extractor.worker_pid)
        isolated_letters = rate(extractor.extract, letter_documents, args.rounds)
        letters_cpu = time.process_time() + worker_cpu_seconds(extractor.worker_pid) - letters_cpu_before
    isolated_letters_cpu = len(letter_documents) * (args.rounds + 1) / letters_cpu
    isolated_cpu = timed / (cpu_seconds() - cpu_before)
    worker_peak = peak_rss_mb(resource.RUSAGE_CHILDREN)

    def in_process(data: bytes, name: str):
        return extract_in_process(data, name, TODAY)

    cpu_before = time.process_time()
    direct = rate(in_process, documents, args.rounds)
    direct_letters = rate(in_process, letter_documents, args.rounds)
    direct_cpu = timed / (time.process_time() - cpu_before)
    print(f"samples: {len(documents)} documents, {len(letter_documents)} of them letters; {args.rounds} rounds; "
          f"cores: {'all' if args.all_cores else 1}; load average {os.getloadavg()[0]:.1f}")
    print(f"isolated (Extractor worker): {isolated:6.1f} documents/s, {isolated_letters:6.1f} letters/s wall; "
          f"{isolated_cpu:6.1f} documents, {isolated_letters_cpu:6.1f} letters per CPU-second (parent + worker); "
          f"worker peak RSS {worker_peak:5.1f} MB")
    print(f"in process:                  {direct:6.1f} documents/s, {direct_letters:6.1f} letters/s wall; "
          f"{direct_cpu:6.1f} documents per CPU-second; process peak RSS {peak_rss_mb(resource.RUSAGE_SELF):5.1f} MB")

if __name__ == "__main__":
    main()
