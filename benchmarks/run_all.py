"""Run every benchmark in turn (`make bench`). Figures go to docs/benchmarks.md by hand, with the
machine's load noted: these machines are shared, so numbers are read, not asserted."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["bench_extract.py", "bench_fake_tenant.py", "bench_sync_requests.py", "bench_page_requests.py"]


def main() -> int:
    """Run each benchmark script with this interpreter; non-zero if any failed."""
    failed = 0
    for name in BENCHMARKS:
        print(f"== {name}", flush=True)
        failed |= subprocess.call([sys.executable, str(HERE / name)])
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
