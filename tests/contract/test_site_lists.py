"""Contract of the site port, part 1: lists, columns and views; rows created, read and updated."""
from __future__ import annotations

import pytest

from sharepoint_sync.core.provisioning import plan_provision
from sharepoint_sync.core.schema import SiteNames, site_schema
from sharepoint_sync.errors import ConflictError
from sharepoint_sync.ports import FieldSpec, is_gone
from sharepoint_sync.run.provision import apply_step
from tests.contract.sites import LIBRARY, ROW_COLUMNS, ROWS, SUBMISSIONS, SiteUnderTest, provision

FULL_ROW = {"RowKey": "k-1", "Label": "=SUM(A1)", "Notes": "two\nlines", "Status": "Active", "Tags": ["A", "C"],
            "Flag": True, "Count": 3, "Due": "2026-06-30", "Seen": "2026-01-02T03:04:05Z",
            "Link": "https://example.org/a?b=1"}


def _plain(values: dict) -> dict:
    """Values with "" read as None (ports.py: the gateway may return either for an empty text)."""
    return {k: (None if v == "" else (list(v) if isinstance(v, tuple) else v)) for k, v in values.items()}


def test_a_list_that_does_not_exist_reads_as_none(bare_site: SiteUnderTest) -> None:
    """get_list of an unknown title is None, not an error."""
    assert bare_site.gateway.get_list("No Such List") is None


def test_provisioned_lists_describe_their_columns_indexes_and_views(site: SiteUnderTest) -> None:
    """get_list shows each created column by internal name with its SharePoint type, index and uniqueness,
    the views by title, the template and whether items take attachments (every list does: SharePoint
    turns EnableAttachments on for a new list; a library never has them)."""
    rows = site.gateway.get_list(ROWS)
    assert rows is not None and rows.template == "list" and rows.attachments
    assert {name: rows.fields[name].kind for name in ROW_COLUMNS} == {
        "RowKey": "Text", "Label": "Text", "Notes": "Note", "Status": "Choice", "Tags": "MultiChoice",
        "Flag": "Boolean", "Count": "Number", "Due": "DateTime", "Seen": "DateTime", "Link": "URL"}
    assert rows.fields["RowKey"].indexed and rows.fields["RowKey"].unique
    assert not rows.fields["Label"].indexed and not rows.fields["Label"].unique
    assert "By key" in rows.views and "Title" in rows.fields
    library = site.gateway.get_list(LIBRARY)
    assert library is not None and library.template == "library" and "Needs review" in library.views
    assert not library.attachments
    assert "FileLeafRef" in library.fields
    submissions = site.gateway.get_list(SUBMISSIONS)
    assert submissions is not None and submissions.attachments


def test_provisioning_again_keeps_what_exists(site: SiteUnderTest) -> None:
    """create_list, add_field and create_view on what exists change nothing: rows, columns, views stay."""
    site.gateway.create_row(ROWS, {"RowKey": "kept"}, key_column="RowKey")
    before = site.gateway.get_list(ROWS)
    provision(site.gateway)
    after = site.gateway.get_list(ROWS)
    assert after == before
    assert [r.values["RowKey"] for r in site.gateway.read_rows(ROWS, ["RowKey"])] == ["kept"]


def test_a_column_added_as_unique_is_indexed_and_unique_at_once(site: SiteUnderTest) -> None:
    """add_field of a unique column makes it indexed and unique without a separate set_field_indexed."""
    site.gateway.add_field(ROWS, FieldSpec("OtherKey", "Other key", "text", unique=True))
    site.gateway.add_field(ROWS, FieldSpec("Lookup", "Lookup", "text", indexed=True))
    listed = site.gateway.get_list(ROWS)
    assert listed is not None
    assert (listed.fields["OtherKey"].indexed, listed.fields["OtherKey"].unique) == (True, True)
    assert (listed.fields["Lookup"].indexed, listed.fields["Lookup"].unique) == (True, False)


def test_a_created_row_reads_back_with_every_value_as_written(site: SiteUnderTest) -> None:
    """create_row then read_rows / read_row give the same values, in the port's conventions (dates as
    YYYY-MM-DD, datetimes in UTC, a URL as its address, text starting with '=' unchanged)."""
    created = site.gateway.create_row(ROWS, FULL_ROW, key_column="RowKey")
    assert created.item_id > 0 and created.etag
    [row] = site.gateway.read_rows(ROWS, ROW_COLUMNS)
    assert row.item_id == created.item_id and _plain(dict(row.values)) == FULL_ROW
    fresh = site.gateway.read_row(ROWS, created.item_id, ROW_COLUMNS)
    assert fresh is not None and _plain(dict(fresh.values)) == FULL_ROW


def test_columns_never_written_read_as_empty_and_booleans_as_false(site: SiteUnderTest) -> None:
    """A row created with only its key reads every other column as None, a boolean as False."""
    site.gateway.create_row(ROWS, {"RowKey": "k-2"}, key_column="RowKey")
    [row] = site.gateway.read_rows(ROWS, ROW_COLUMNS)
    expected = {c: None for c in ROW_COLUMNS} | {"RowKey": "k-2", "Flag": False}
    values = _plain(dict(row.values))
    assert {**values, "Tags": values["Tags"] or None} == expected


def test_update_changes_only_the_given_columns_and_returns_a_usable_etag(site: SiteUnderTest) -> None:
    """update_row sets the given columns only; the returned ETag is the row's current one (a second
    update with it succeeds)."""
    created = site.gateway.create_row(ROWS, FULL_ROW, key_column="RowKey")
    first = site.gateway.update_row(ROWS, created.item_id, {"Label": "renamed"}, etag=created.etag)
    assert first.etag and first.etag != created.etag
    second = site.gateway.update_row(ROWS, created.item_id, {"Count": 4, "Flag": False}, etag=first.etag)
    [row] = site.gateway.read_rows(ROWS, ROW_COLUMNS)
    assert _plain(dict(row.values)) == {**FULL_ROW, "Label": "renamed", "Count": 4, "Flag": False}
    assert second.item_id == created.item_id


def test_an_update_with_a_stale_etag_is_a_conflict_and_changes_nothing(site: SiteUnderTest) -> None:
    """After staff edited the row, an update carrying the ETag read before is refused with a 412."""
    created = site.gateway.create_row(ROWS, FULL_ROW, key_column="RowKey")
    site.staff_edit(ROWS, created.item_id, Label="staff")
    with pytest.raises(ConflictError) as raised:
        site.gateway.update_row(ROWS, created.item_id, {"Label": "ours"}, etag=created.etag)
    assert raised.value.status == 412
    row = site.gateway.read_row(ROWS, created.item_id, ["Label"])
    assert row is not None and row.values["Label"] == "staff" and row.etag != created.etag
    site.gateway.update_row(ROWS, created.item_id, {"Label": "ours"}, etag=row.etag)  # the fresh ETag works


def test_a_duplicate_key_never_makes_a_second_row(site: SiteUnderTest) -> None:
    """create_row with a key the unique column already holds answers with that row; the list still has one."""
    created = site.gateway.create_row(ROWS, {"RowKey": "same", "Label": "first"}, key_column="RowKey")
    again = site.gateway.create_row(ROWS, {"RowKey": "same", "Label": "second"}, key_column="RowKey")
    assert again.item_id == created.item_id
    rows = site.gateway.read_rows(ROWS, ["RowKey", "Label"])
    assert [dict(r.values) for r in rows] == [{"RowKey": "same", "Label": "first"}]


def test_a_duplicate_key_with_odata_punctuation_is_found_not_widened(site: SiteUnderTest) -> None:
    """A key holding a quote, an ampersand, a hash and a plus is matched exactly when the create collides."""
    key = "O'Brien & Co #1 +2"
    site.gateway.create_row(ROWS, {"RowKey": "O'Brien"}, key_column="RowKey")
    created = site.gateway.create_row(ROWS, {"RowKey": key}, key_column="RowKey")
    again = site.gateway.create_row(ROWS, {"RowKey": key}, key_column="RowKey")
    assert again.item_id == created.item_id and again.values["RowKey"] == key
    assert sorted(r.values["RowKey"] for r in site.gateway.read_rows(ROWS, ["RowKey"])) == ["O'Brien", key]


def test_a_row_that_is_gone_reads_as_none_and_cannot_be_updated(site: SiteUnderTest) -> None:
    """After staff deleted a row: read_row is None, update_row raises a 404 (`is_gone`)."""
    created = site.gateway.create_row(ROWS, {"RowKey": "k-3"}, key_column="RowKey")
    site.delete(ROWS, created.item_id)
    assert site.gateway.read_row(ROWS, created.item_id, ["RowKey"]) is None
    with pytest.raises(Exception) as raised:
        site.gateway.update_row(ROWS, created.item_id, {"Label": "x"}, etag=created.etag)
    assert is_gone(raised.value)
    assert site.gateway.read_rows(ROWS, ["RowKey"]) == []


def test_reading_a_list_that_does_not_exist_is_gone(bare_site: SiteUnderTest) -> None:
    """read_rows on a missing list raises a 404 (the engine tells staff to run provision)."""
    with pytest.raises(Exception) as raised:
        bare_site.gateway.read_rows("No Such List", ["Title"])
    assert is_gone(raised.value)


def test_many_rows_are_read_in_full(site: SiteUnderTest) -> None:
    """read_rows returns every row, whatever the site's page size."""
    for n in range(120):
        site.gateway.create_row(ROWS, {"RowKey": f"k-{n:03d}"}, key_column="RowKey")
    keys = sorted(r.values["RowKey"] for r in site.gateway.read_rows(ROWS, ["RowKey"]))
    assert keys == [f"k-{n:03d}" for n in range(120)]


def test_the_worker_schema_once_applied_needs_nothing_more(bare_site: SiteUnderTest) -> None:
    """The worker's own five lists, applied step by step as `provision` plans them, read back so that the
    core's planner asks for nothing more and reports no problem (each site describes itself alike)."""
    schema = site_schema(SiteNames())
    gateway = bare_site.gateway
    for step in plan_provision(schema, {spec.title: gateway.get_list(spec.title) for spec in schema}).steps:
        apply_step(gateway, step)
    again = plan_provision(schema, {spec.title: gateway.get_list(spec.title) for spec in schema})
    assert (again.steps, again.problems) == ((), ())
