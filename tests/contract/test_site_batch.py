"""Contract of the site port, part 3: `run_batch` (one `$batch` on SharePoint) with per-operation results,
and a Hypothesis history of writes whose outcome both sites must agree on."""
from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sharepoint_sync.errors import ConflictError, RemoteError
from sharepoint_sync.ports import (ChangeSet, ChangesQuery, ChangeTokenExpired, CreateRow, Row, RowsQuery,
                                   SourcesQuery, UpdateRow, is_gone)
from tests.contract.sites import LIBRARY, ROWS, MemorySite, SiteUnderTest, provision


def test_a_batch_answers_each_operation_in_order(site: SiteUnderTest) -> None:
    """Reads and writes in one batch: one result per operation, each what the single call returns."""
    site.upload(LIBRARY, "a.docx", b"x")
    token = site.gateway.current_change_token(ROWS)
    results = site.gateway.run_batch([
        CreateRow(ROWS, {"RowKey": "one", "Label": "1"}, "RowKey"),
        CreateRow(ROWS, {"RowKey": "two", "Label": "2"}, "RowKey"),
        RowsQuery(ROWS, ("RowKey", "Label")),
        SourcesQuery(LIBRARY, "library", ("WbStatus",)),
        ChangesQuery(ROWS, token),
        ChangesQuery(ROWS, None),
    ])
    one, two, rows, sources, changes, current = results
    assert isinstance(one, Row) and isinstance(two, Row) and one.item_id != two.item_id
    assert sorted((r.item_id, r.values["RowKey"]) for r in rows) == sorted([(one.item_id, "one"), (two.item_id, "two")])
    assert [s.name for s in sources] == ["a.docx"]
    assert [(c.item_id, c.kind) for c in changes.changes] == [(one.item_id, "add"), (two.item_id, "add")]
    assert isinstance(current, ChangeSet) and current.changes == ()
    assert site.gateway.get_changes(ROWS, current.next_token).changes == ()


def test_a_failed_part_is_its_own_result_and_the_others_land(site: SiteUnderTest) -> None:
    """A stale ETag (412) and a deleted row (404) fail in their own slots; the batch's other writes land."""
    kept = site.gateway.create_row(ROWS, {"RowKey": "kept"}, key_column="RowKey")
    edited = site.gateway.create_row(ROWS, {"RowKey": "edited"}, key_column="RowKey")
    gone = site.gateway.create_row(ROWS, {"RowKey": "gone"}, key_column="RowKey")
    site.staff_edit(ROWS, edited.item_id, Label="staff")
    site.delete(ROWS, gone.item_id)
    results = site.gateway.run_batch([
        UpdateRow(ROWS, edited.item_id, {"Label": "ours"}, edited.etag),
        UpdateRow(ROWS, gone.item_id, {"Label": "ours"}, gone.etag),
        UpdateRow(ROWS, kept.item_id, {"Label": "ours"}, kept.etag),
        CreateRow(ROWS, {"RowKey": "new"}, "RowKey"),
    ])
    assert isinstance(results[0], ConflictError) and results[0].status == 412
    assert isinstance(results[1], RemoteError) and is_gone(results[1])
    assert isinstance(results[2], Row) and isinstance(results[3], Row)
    labels = {r.values["RowKey"]: r.values["Label"] for r in site.gateway.read_rows(ROWS, ["RowKey", "Label"])}
    assert labels == {"kept": "ours", "edited": "staff", "new": None}


def test_a_batched_duplicate_key_answers_with_the_existing_row(site: SiteUnderTest) -> None:
    """A CreateRow whose key exists gives that row, as create_row does; no second row is made."""
    first = site.gateway.create_row(ROWS, {"RowKey": "same"}, key_column="RowKey")
    [again] = site.gateway.run_batch([CreateRow(ROWS, {"RowKey": "same"}, "RowKey")])
    assert isinstance(again, Row) and again.item_id == first.item_id
    assert len(site.gateway.read_rows(ROWS, ["RowKey"])) == 1


def test_a_batched_change_query_with_an_expired_token_is_expired(site: SiteUnderTest) -> None:
    """In a batch too, an expired token comes back as ChangeTokenExpired, the other queries answered."""
    token = site.gateway.current_change_token(ROWS)
    site.gateway.create_row(ROWS, {"RowKey": "k"}, key_column="RowKey")  # a change the dropped log held
    site.expire_tokens()
    expired, rows = site.gateway.run_batch([ChangesQuery(ROWS, token), RowsQuery(ROWS, ("RowKey",))])
    assert isinstance(expired, ChangeTokenExpired) and [r.values["RowKey"] for r in rows] == ["k"]


def test_a_batched_update_returns_an_etag_the_next_update_accepts(site: SiteUnderTest) -> None:
    """The ETag of a batched update is the row's current one."""
    row = site.gateway.create_row(ROWS, {"RowKey": "k"}, key_column="RowKey")
    [updated] = site.gateway.run_batch([UpdateRow(ROWS, row.item_id, {"Label": "a"}, row.etag)])
    [again] = site.gateway.run_batch([UpdateRow(ROWS, row.item_id, {"Label": "b"}, updated.etag)])
    assert isinstance(again, Row)
    assert [r.values["Label"] for r in site.gateway.read_rows(ROWS, ["Label"])] == ["b"]


# --- a history of writes, the same on both sites ----------------------------------------------------

KEYS = ("a", "b", "c")
#: (what, key): create the key's row, update it with the ETag we last saw, staff edit it, staff delete it
STEPS = st.lists(st.tuples(st.sampled_from(("create", "update", "staff", "delete")), st.sampled_from(KEYS)),
                 min_size=1, max_size=8)


def _replay(site: SiteUnderTest, steps: list[tuple[str, str]]) -> list[Any]:
    """Apply the history through the port (ids and ETags as we last saw them); what each step answered,
    then the list's final rows, as plain values comparable across sites."""
    seen: dict[str, Row] = {}
    out: list[Any] = []
    for n, (what, key) in enumerate(steps):
        row = seen.get(key)
        if what == "create":
            created = site.gateway.create_row(ROWS, {"RowKey": key, "Label": f"c{n}"}, key_column="RowKey")
            seen.setdefault(key, created)
            out.append(("created", created.item_id == seen[key].item_id))
        elif row is None:
            out.append(("no row yet",))
        elif what == "update":
            [result] = site.gateway.run_batch([UpdateRow(ROWS, row.item_id, {"Label": f"u{n}"}, row.etag)])
            if isinstance(result, Row):
                seen[key] = result
            out.append(("updated", type(result).__name__, getattr(result, "status", None)))
        elif what == "staff" and site.gateway.read_row(ROWS, row.item_id, []) is not None:
            site.staff_edit(ROWS, row.item_id, Label=f"s{n}")
        elif what == "delete" and site.gateway.read_row(ROWS, row.item_id, []) is not None:
            site.delete(ROWS, row.item_id)
    final = sorted((r.values["RowKey"], r.values["Label"]) for r in site.gateway.read_rows(ROWS, ["RowKey", "Label"]))
    return out + [final]


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=STEPS)
def test_any_history_of_writes_ends_the_same_on_both_sites(steps: list[tuple[str, str]], clean_tenant: Any,
                                                           tenant_info: dict[str, Any]) -> None:
    """Creates, updates with the last ETag seen, staff edits and deletes, in any order: every step answers
    alike (a row, a 412, a 404) and the lists end with the same rows on the in-memory site and the tenant."""
    from sharepoint_sync.config import load_config
    from sharepoint_sync.edges import open_gateway
    from tests.contract.sites import TenantSite

    clean_tenant.reset()
    tenant = TenantSite(open_gateway(load_config(tenant_info["config_path"], environ={})), clean_tenant.site)
    memory = MemorySite()
    for site in (memory, tenant):
        provision(site.gateway)
    assert _replay(memory, steps) == _replay(tenant, steps)
