"""Benchmark of `extract` over the 30 public sample letters (not a test: run it by hand).

    .venv-release/bin/python benchmarks/bench_extract.py [--rounds 20] [--all-cores] [--only MODE]
    .venv/bin/python benchmarks/bench_extract.py ...      # the same, on the pure-Python source tree

`.venv-release` is the compiled release build (`make release`, setup.py: what production runs);
the first line printed says which build is measured.

Reports, in one run over the same files: letters/s and documents/s isolated (the `Extractor`
worker, as in production: one round trip per letter), isolated with the letters handed over as one
batch (`Extractor.extract_many`), and in process (`extract_in_process`); CPU
milliseconds per letter (parent + worker); the worker's peak RSS; and the lxml floor (unzip +
`lxml.etree.fromstring` of `word/document.xml` of the same letters, nothing else) with the ratio
floor / isolated. "Letters" are the 23 samples whose expected record is a LOC: the refused
PDF/.doc/encrypted/.docm files and the two non-letters cost far less, so letters/s is the honest
figure for the target. Pinned to one core unless --all-cores. The first round of each mode is a
warm-up (imports, style cache) and is not counted in the wall-clock rate. The machine is shared,
so rates are also given per CPU-second (parent + worker CPU time; for the worker this includes
the warm-up round, so it slightly understates the rate).

`--stages` prints where a letter's CPU time goes instead (in process, best of 5 batches): the
floor, pre-flight, a bare Python walk touching every element of `document.xml` once (what any
Python-level reader pays at least), the reader (`read_view`), the flat line view and field reading.

`--only isolated|floor|in-process|batched` runs one mode over the letters and prints one line: for timing
whole processes from outside, e.g. isolated against floor in alternating pairs.
"""
from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import resource
import sys
import time
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
try:  # the installed package when there is one (the compiled release build in .venv-release)
    import sharepoint_sync  # noqa: F401
except ImportError:
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


def lxml_floor(data: bytes, _name: str) -> None:
    """The least any reader must do: unzip `word/document.xml` and parse it with lxml."""
    etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


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


def isolated(documents, letter_documents, rounds: int) -> dict:
    """Isolated rates: documents/s, letters/s (wall), letters per CPU-second and CPU ms per letter."""
    timed = (len(documents) + len(letter_documents)) * (rounds + 1)  # warm-up rounds cost CPU too
    cpu_before = cpu_seconds()
    with Extractor(today=TODAY) as extractor:
        documents_rate = rate(extractor.extract, documents, rounds)
        letters_cpu_before = time.process_time() + worker_cpu_seconds(extractor.worker_pid)
        letters_rate = rate(extractor.extract, letter_documents, rounds)
        letters_cpu = time.process_time() + worker_cpu_seconds(extractor.worker_pid) - letters_cpu_before
    letters_done = len(letter_documents) * (rounds + 1)
    return {"documents/s": documents_rate, "letters/s": letters_rate,
            "documents/cpu-s": timed / (cpu_seconds() - cpu_before),
            "letters/cpu-s": letters_done / letters_cpu, "cpu-ms/letter": 1000 * letters_cpu / letters_done,
            "worker-rss-mb": peak_rss_mb(resource.RUSAGE_CHILDREN)}


def batched(letter_documents, rounds: int) -> dict:
    """Isolated, the letters handed over as one batch per round (`Extractor.extract_many`: the next
    letter queued at the worker while it reads one): letters/s (wall) and CPU ms per letter."""
    with Extractor(today=TODAY) as extractor:
        extractor.extract_many(letter_documents)  # warm-up round
        cpu_before = time.process_time() + worker_cpu_seconds(extractor.worker_pid)
        started = time.perf_counter()
        for _ in range(rounds):
            extractor.extract_many(letter_documents)
        wall = time.perf_counter() - started
        cpu = time.process_time() + worker_cpu_seconds(extractor.worker_pid) - cpu_before
    done = len(letter_documents) * rounds
    return {"letters/s": done / wall, "letters/cpu-s": done / cpu, "cpu-ms/letter": 1000 * cpu / done}


def in_process(documents, letter_documents, rounds: int) -> dict:
    """In-process rates (no isolation), for comparison."""
    def extract(data: bytes, name: str):
        return extract_in_process(data, name, TODAY)

    cpu_before = time.process_time()
    documents_rate = rate(extract, documents, rounds)
    letters_cpu_before = time.process_time()
    letters_rate = rate(extract, letter_documents, rounds)
    letters_cpu = time.process_time() - letters_cpu_before
    letters_done = len(letter_documents) * (rounds + 1)
    return {"documents/s": documents_rate, "letters/s": letters_rate,
            "documents/cpu-s": (len(documents) + len(letter_documents)) * (rounds + 1) / (time.process_time() - cpu_before),
            "letters/cpu-s": letters_done / letters_cpu, "cpu-ms/letter": 1000 * letters_cpu / letters_done,
            "rss-mb": peak_rss_mb(resource.RUSAGE_SELF)}


def floor(letter_documents, rounds: int) -> dict:
    """The lxml floor on the same letters: letters/s (wall) and per CPU-second."""
    cpu_before = time.process_time()
    letters_rate = rate(lxml_floor, letter_documents, rounds)
    letters_cpu = time.process_time() - cpu_before
    letters_done = len(letter_documents) * (rounds + 1)
    return {"letters/s": letters_rate, "letters/cpu-s": letters_done / letters_cpu,
            "cpu-ms/letter": 1000 * letters_cpu / letters_done}


def build_kind() -> str:
    """Which build of the reader is measured: the mypyc-compiled release build or pure Python."""
    from sharepoint_sync.extract.fields import lines

    where = Path(lines.__file__)
    return f"{'compiled (mypyc)' if where.suffix != '.py' else 'pure Python'}, {where.parent.parent.parent}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--all-cores", action="store_true")
    parser.add_argument("--only", choices=("isolated", "floor", "in-process", "batched"))
    parser.add_argument("--stages", action="store_true")
    args = parser.parse_args()
    if not args.all_cores and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # the worker inherits it
    documents = samples()
    letter_documents = letters(documents)
    print(f"build: {build_kind()}", flush=True)
    if args.only:
        run_one(args.only, letter_documents, args.rounds)
        return
    if args.stages:
        stages(letter_documents, args.rounds)
        return
    load = os.getloadavg()[0]
    iso = isolated(documents, letter_documents, args.rounds)
    base = floor(letter_documents, args.rounds)
    batch = batched(letter_documents, args.rounds)
    direct = in_process(documents, letter_documents, args.rounds)
    print(f"samples: {len(documents)} documents, {len(letter_documents)} of them letters; {args.rounds} rounds; "
          f"cores: {'all' if args.all_cores else 1}; load average {load:.1f} at start, {os.getloadavg()[0]:.1f} at end")
    print(f"isolated (Extractor worker): {iso['documents/s']:7.1f} documents/s, {iso['letters/s']:7.1f} letters/s wall; "
          f"{iso['letters/cpu-s']:7.1f} letters per CPU-second, {iso['cpu-ms/letter']:.3f} CPU-ms per letter "
          f"(parent + worker); worker peak RSS {iso['worker-rss-mb']:5.1f} MB")
    print(f"isolated, one batch a round: {'':19s}{batch['letters/s']:7.1f} letters/s wall; "
          f"{batch['letters/cpu-s']:7.1f} letters per CPU-second, {batch['cpu-ms/letter']:.3f} CPU-ms per letter "
          f"(Extractor.extract_many)")
    print(f"in process:                  {direct['documents/s']:7.1f} documents/s, {direct['letters/s']:7.1f} letters/s wall; "
          f"{direct['letters/cpu-s']:7.1f} letters per CPU-second, {direct['cpu-ms/letter']:.3f} CPU-ms per letter; "
          f"process peak RSS {direct['rss-mb']:5.1f} MB")
    print(f"lxml floor (unzip + fromstring of word/document.xml): {base['letters/s']:7.1f} letters/s wall; "
          f"{base['letters/cpu-s']:7.1f} letters per CPU-second, {base['cpu-ms/letter']:.3f} CPU-ms per letter")
    print(f"ratio floor / isolated: {base['letters/s'] / iso['letters/s']:.2f} wall, "
          f"{base['letters/cpu-s'] / iso['letters/cpu-s']:.2f} per CPU-second")


def stages(letter_documents, rounds: int) -> None:
    """CPU milliseconds per letter of each stage of extraction (cumulative stages, in process)."""
    from sharepoint_sync.extract.api import read_view
    from sharepoint_sync.extract.fields import interpret
    from sharepoint_sync.extract.fields.lines import flatten
    from sharepoint_sync.extract.preflight import preflight
    from sharepoint_sync.extract.registry import default_registry

    def walk(data: bytes, _name: str) -> None:
        root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
        for element in root.iter():
            element.tag  # noqa: B018 - touching each element is the point

    registry = default_registry()
    views = [read_view(data) for _, data in letter_documents]
    work = {
        "lxml floor (unzip + parse document.xml)": lxml_floor,
        "pre-flight (zip checks, content types, main part)": lambda data, _n: preflight(data),
        "floor + a bare Python walk over every element": walk,
        "reader (pre-flight + every part + accepted view)": lambda data, _n: read_view(data),
        "flat line view alone": None,
        "field reading alone (flat view included)": None,
        "whole extract_in_process": lambda data, name: extract_in_process(data, name, TODAY),
    }
    for label, function in work.items():
        if label.startswith("flat"):
            cost = _best_ms(lambda: [flatten(view) for view in views], len(views), rounds)
        elif label.startswith("field"):
            cost = _best_ms(lambda: [interpret(view, "x", today=TODAY, registry=registry) for view in views],
                            len(views), rounds)
        else:
            cost = _best_ms(lambda f=function: [f(data, name) for name, data in letter_documents], len(views), rounds)
        print(f"{label:52s} {cost:6.3f} CPU-ms per letter")


def _best_ms(batch, size: int, rounds: int) -> float:
    """CPU ms per item of the fastest of 5 timings of `rounds // 5` batches (after a warm-up)."""
    batch()
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        for _ in range(max(rounds // 5, 1)):
            batch()
        best = min(best, (time.process_time() - started) / max(rounds // 5, 1) / size * 1000)
    return best


def run_one(mode: str, letter_documents, rounds: int) -> None:
    """One mode over the letters only (for whole-process timing from outside)."""
    if mode == "floor":
        figures = floor(letter_documents, rounds)
    elif mode == "isolated":
        figures = isolated([], letter_documents, rounds)
    elif mode == "batched":
        figures = batched(letter_documents, rounds)
    else:
        figures = in_process([], letter_documents, rounds)
    print(f"{mode}: {figures['letters/s']:.1f} letters/s wall, {figures['letters/cpu-s']:.1f} letters per CPU-second")


if __name__ == "__main__":
    main()
