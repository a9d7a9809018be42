"""The isolated worker: a document that exhausts time or memory, or kills the worker, costs one
record, and the next document is still read."""
from __future__ import annotations

import datetime
import os
import signal
import threading
from pathlib import Path

import pytest

from sharepoint_sync.extract.isolation import Extractor
from sharepoint_sync.extract.limits import Limits

from tests.extract.docx_factory import make_docx

TODAY = datetime.date(2025, 10, 1)


@pytest.fixture(scope="module")
def heavy_docx() -> bytes:
    """~9 MB of hard-to-compress document XML: seconds of parsing and >100 MB of tree."""
    rows = (f"<w:p><w:r><w:t>{os.urandom(8).hex()}</w:t></w:r></w:p>" for _ in range(200_000))
    return make_docx("".join(rows))


def wait_until_dead(pid: int) -> None:
    """Block until the killed process is a zombie (SIGKILL is delivered asynchronously)."""
    for _ in range(500):
        try:
            with open(f"/proc/{pid}/status") as status:
                if "\nState:\tZ" in status.read():
                    return
        except FileNotFoundError:
            return
        threading.Event().wait(0.01)


def assert_next_document_still_works(extractor: Extractor) -> None:
    record = extractor.extract(b"%PDF-1.5\n", "next.docx")
    assert (record.file, record.review_reasons) == ("next.docx", ("unreadable:not_docx",))


def test_a_document_over_the_time_limit_is_too_large_and_the_worker_is_replaced(heavy_docx: bytes) -> None:
    """Over timeout_seconds: the worker is killed, the record is unreadable:too_large, work goes on."""
    with Extractor(Limits(timeout_seconds=0.2), today=TODAY) as extractor:
        first_worker = extractor.worker_pid
        record = extractor.extract(heavy_docx, "slow.docx")
        assert (record.status, record.review_reasons) == ("unreadable", ("unreadable:too_large",))
        assert_next_document_still_works(extractor)
        assert extractor.worker_pid != first_worker


def test_a_document_over_the_memory_limit_is_too_large(heavy_docx: bytes) -> None:
    """A worker capped at 100 MB cannot build the tree: unreadable:too_large, and the worker lives on."""
    with Extractor(Limits(memory_mb=100), today=TODAY) as extractor:
        record = extractor.extract(heavy_docx, "hungry.docx")
        assert record.review_reasons == ("unreadable:too_large",)
        assert_next_document_still_works(extractor)


def test_a_worker_that_dies_mid_document_costs_one_corrupt_record(heavy_docx: bytes) -> None:
    """The worker killed while reading (as by a crash): unreadable:corrupt, then a fresh worker."""
    with Extractor(today=TODAY) as extractor:
        killer = threading.Timer(0.3, os.kill, (extractor.worker_pid, signal.SIGKILL))
        killer.start()
        try:
            record = extractor.extract(heavy_docx, "crash.docx")
        finally:
            killer.cancel()
        assert record.review_reasons == ("unreadable:corrupt",)
        assert_next_document_still_works(extractor)


def test_a_worker_killed_between_documents_is_restarted() -> None:
    """A dead idle worker is noticed and replaced before the next document."""
    with Extractor(today=TODAY) as extractor:
        pid = extractor.worker_pid
        os.kill(pid, signal.SIGKILL)
        wait_until_dead(pid)
        assert_next_document_still_works(extractor)


def test_the_record_names_the_file_without_directories() -> None:
    """`file` is the base name, whatever directories (either separator) the caller passes."""
    with Extractor(today=TODAY) as extractor:
        assert extractor.extract(b"", "C:\\uploads\\2025\\Adair LOC.docx").file == "Adair LOC.docx"
        assert extractor.extract(b"", "site/Letters of Commitment/x.docx").file == "x.docx"


def test_one_long_lived_worker_reads_document_after_document() -> None:
    """Many documents go through the same worker process (no process per file), each with its own record."""
    with Extractor(today=TODAY) as extractor:
        pid = extractor.worker_pid
        records = [extractor.extract(make_docx(), f"letter{n}.docx") for n in range(5)]
        assert [r.file for r in records] == [f"letter{n}.docx" for n in range(5)]
        assert all(r.status == "not_a_loc" for r in records) and extractor.worker_pid == pid


def test_the_worker_gets_no_secret_from_the_environment(monkeypatch) -> None:
    """The process that parses hostile files does not inherit the caller's secrets (its /proc environ)."""
    monkeypatch.setenv("ILN_SYNC_CERT_PASSWORD", "hunter2")
    with Extractor(today=TODAY) as extractor:
        environ = Path(f"/proc/{extractor.worker_pid}/environ")
        if not environ.is_file():
            pytest.skip("no /proc on this system")
        assert b"hunter2" not in environ.read_bytes() and b"PYTHONPATH=" in environ.read_bytes()


def test_a_missing_district_registry_stops_the_start_instead_of_failing_every_letter(tmp_path) -> None:
    """A copy of the package without its registry: the worker refuses to start and says why (no 'corrupt' records)."""
    import shutil
    import subprocess
    import sys

    import sharepoint_sync

    package = Path(sharepoint_sync.__file__).resolve().parent
    shutil.copytree(package, tmp_path / "sharepoint_sync",
                    ignore=shutil.ignore_patterns("data", "fake_tenant", "__pycache__"))
    script = ("import datetime; from sharepoint_sync.extract.isolation import Extractor\n"
              "Extractor(today=datetime.date(2025, 10, 1)).__enter__()")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(tmp_path), "PATH": os.environ.get("PATH", "")}, timeout=60)
    assert done.returncode != 0 and "district registry cannot be read (FileNotFoundError)" in done.stderr


def test_a_batch_gives_the_records_one_by_one_extraction_gives_in_order() -> None:
    """extract_many returns, in order, exactly what extract returns for each file (one worker, queued)."""
    files = [(f"letter{n}.docx", make_docx()) for n in range(4)] + [("scan.pdf", b"%PDF-1.5\n"), ("empty.docx", b"")]
    with Extractor(today=TODAY) as extractor:
        one_by_one = [extractor.extract(data, name) for name, data in files]
        pid = extractor.worker_pid
        assert extractor.extract_many(files) == one_by_one and extractor.worker_pid == pid
        assert extractor.extract_many([]) == []


def test_a_file_over_the_time_limit_in_a_batch_costs_its_own_record_only(heavy_docx: bytes) -> None:
    """In a batch, each file keeps its own time limit: the slow one is too_large, the files queued
    behind it are read by the fresh worker."""
    files = [("before.docx", make_docx()), ("slow.docx", heavy_docx), ("after.docx", make_docx()),
             ("last.pdf", b"%PDF-1.5\n")]
    with Extractor(Limits(timeout_seconds=0.2), today=TODAY) as extractor:
        records = extractor.extract_many(files)
    assert [r.file for r in records] == ["before.docx", "slow.docx", "after.docx", "last.pdf"]
    assert [r.review_reasons for r in records] == [("not_a_loc",), ("unreadable:too_large",), ("not_a_loc",),
                                                   ("unreadable:not_docx",)]


def test_a_file_name_that_is_not_valid_unicode_comes_back_as_given() -> None:
    """A surrogate-escaped (non-UTF-8) file name crosses to the worker and back unchanged."""
    name = "caf\udce9 LOC.docx"  # os.fsdecode of b"caf\xe9 LOC.docx" on a UTF-8 system
    with Extractor(today=TODAY) as extractor:
        assert extractor.extract(b"%PDF-1.5\n", name).file == name
