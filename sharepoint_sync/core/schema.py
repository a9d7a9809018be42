"""The declarative site schema: every list, column (by internal name), index and view the worker keeps.

`iln-sync provision` makes the site match this (adding only); the planner reads and writes exactly
these columns. Internal names carry no spaces so SharePoint keeps them as given
(CreateFieldAsXml `Name`, see tests/fixtures/sharepoint-responses/field-add-createfieldasxml.verbose.json).
Write-back columns on the library and the submissions list are prefixed `Iln` so they never
collide with a column a district form or staff already added.
"""
from __future__ import annotations

from dataclasses import dataclass

from sharepoint_sync.ports import FieldKind, FieldSpec, ListSpec, ViewSpec

# --- choices ------------------------------------------------------------------------------------
SOURCE_PROCESSED = "Processed"
SOURCE_NEEDS_REVIEW = "Needs review"
SOURCE_NOT_LOC = "Not an LOC"
SOURCE_UNREADABLE = "Unreadable"
#: staff chose "Ignore": the document counts for nothing (our addition to the four read statuses)
SOURCE_IGNORED = "Ignored"
SOURCE_STATUSES = (SOURCE_PROCESSED, SOURCE_NEEDS_REVIEW, SOURCE_NOT_LOC, SOURCE_UNREADABLE, SOURCE_IGNORED)

DECISION_ACCEPT = "Accept as read"
DECISION_IGNORE = "Ignore"
DECISIONS = (DECISION_ACCEPT, DECISION_IGNORE)

COMMITMENT_ACCEPTED = "Accepted"
COMMITMENT_NEEDS_REVIEW = "Needs review"
COMMITMENT_IGNORED = "Ignored"
COMMITMENT_WITHDRAWN = "Withdrawn"
COMMITMENT_STATUSES = (COMMITMENT_ACCEPTED, COMMITMENT_NEEDS_REVIEW, COMMITMENT_IGNORED, COMMITMENT_WITHDRAWN)

MEMBER_ACTIVE = "Active"
MEMBER_PENDING_KDE = "Pending KDE signature"
MEMBER_NEEDS_REVIEW = "Needs review"
MEMBER_EXPIRED = "Expired"
MEMBER_STATUSES = (MEMBER_ACTIVE, MEMBER_PENDING_KDE, MEMBER_NEEDS_REVIEW, MEMBER_EXPIRED)

OUTCOMES = ("Succeeded", "Partial", "Failed", "Aborted", "Stopped")

# --- columns: write-back on the library documents and the submission items ---------------------
WB_STATUS = "IlnStatus"
WB_DISTRICT = "IlnDistrict"
WB_SIGNED_ON = "IlnSignedOn"
WB_SCHOOL_YEARS = "IlnSchoolYears"
WB_REASONS = "IlnReviewReasons"
WB_VERSION = "IlnProcessedVersion"
WB_PROCESSED_AT = "IlnProcessedAt"
WB_DECISION = "IlnReviewDecision"
#: SHA-256 of the files read: tells new content from a column edit (SharePoint makes a new item
#: version for both), so even without local state a re-scan writes nothing for unchanged letters
WB_HASH = "IlnContentHash"
#: SharePoint's content fingerprint of the file version judged (`SourceItem.content_tag`) and the reading
#: of letters that judged it (`sources.judged_tag`): after a lost state, a file with no Commitments row
#: of its own (a duplicate, a document that is not a letter) is recognised by it without a download
WB_CONTENT_TAG = "IlnContentTag"

# the submissions list's own columns (filled by the form that feeds it)
SUB_DISTRICT = "SubmissionDistrict"
SUB_EMAIL = "SubmitterEmail"
SUB_NOTES = "SubmissionNotes"

# --- columns: ILN Commitments -------------------------------------------------------------------
C_KEY = "SourceKey"
C_KIND = "SourceKind"
C_ITEM_ID = "SourceItemId"
C_VERSION = "SourceVersion"
#: the source's content fingerprint when it was read (`SourceItem.content_tag`: a library file's, or a
#: submission's attachments'): a run without local state recognises an unchanged letter by it and does
#: not download it again (issue 14)
C_SOURCE_TAG = "SourceTag"
C_STATUS = "CommitmentStatus"
C_DISTRICT = "District"
C_AS_WRITTEN = "DistrictAsWritten"
C_TEMPLATE = "FormTemplate"
C_SIGNED_ON = "DistrictSignedOn"
C_KDE_SIGNED_ON = "KdeSignedOn"
C_ACADEMIC_YEAR = "AcademicYear"
C_REASONS = "ReviewReasons"
C_LINK = "DocumentLink"
C_RECORD = "RecordJson"
C_EVIDENCE = "Evidence"

# --- columns shared by Commitments and Members --------------------------------------------------
SCHOOL_YEARS = "SchoolYears"
EXPIRES_ON = "ExpiresOn"
POINT_OF_CONTACT = "PointOfContact"
SIGNATORY = "Signatory"
CONTACTS = "Contacts"
ACTION_POINTS = "ActionPoints"
FOCUS_AREAS = "FocusAreas"
INITIATIVES = "Initiatives"

# --- columns: ILN Members -----------------------------------------------------------------------
M_DISTRICT = "District"
M_STATUS = "MemberStatus"
M_GRANT = "GrantEligible"
M_LATEST_LINK = "LatestLocLink"
M_LAST_SYNCED = "LastSynced"
M_LOCKED = "ManagedByStaff"
M_NOTES = "SyncNotes"

# --- columns: ILN Sync Runs ---------------------------------------------------------------------
#: the run's identity (unique, so indexed): the run looks itself up by it, never by the unindexed Title,
#: which SharePoint refuses past 5,000 rows (error-500-list-view-threshold.verbose.reported.json)
R_RUN_ID = "RunId"
R_OUTCOME = "Outcome"
R_STARTED = "StartedAt"
R_FINISHED = "FinishedAt"
R_SEEN = "DocumentsSeen"
R_READ = "DocumentsRead"
R_NEEDS_REVIEW = "NeedsReview"
R_FAILURES = "Failures"
R_WRITES = "Writes"
R_PROBLEMS = "Problems"
R_REPORT = "ReportJson"

TITLE = "Title"  # built into every list


@dataclass(frozen=True)
class SiteNames:
    """The titles of the five lists (configurable, [site] in the config file)."""

    library: str = "Letters of Commitment"
    submissions: str = "LOC Submissions"
    commitments: str = "ILN Commitments"
    members: str = "ILN Members"
    runs: str = "ILN Sync Runs"


def _f(name: str, display: str, kind: FieldKind, *choices: str, unique: bool = False, indexed: bool = False,
       description: str = "") -> FieldSpec:
    return FieldSpec(name, display, kind, tuple(choices), indexed=indexed or unique, unique=unique,
                     description=description)


WRITE_BACK_FIELDS: tuple[FieldSpec, ...] = (
    _f(WB_STATUS, "Sync status", "choice", *SOURCE_STATUSES, indexed=True),
    _f(WB_DISTRICT, "Sync district", "text"),
    _f(WB_SIGNED_ON, "Signed on", "date"),
    _f(WB_SCHOOL_YEARS, "School years", "text"),
    _f(WB_REASONS, "Review reasons", "note"),
    _f(WB_VERSION, "Processed version", "text"),
    _f(WB_PROCESSED_AT, "Processed at", "datetime"),
    _f(WB_DECISION, "Review decision", "choice", *DECISIONS,
       description="Staff: 'Accept as read' counts the letter as read; 'Ignore' makes it count for nothing."),
    _f(WB_HASH, "Content fingerprint", "text", description="iln-sync's fingerprint of the file it read."),
    _f(WB_CONTENT_TAG, "Content tag read", "text",
       description="SharePoint's content tag of the file version iln-sync judged; never edit."),
)

SUBMISSION_OWN_FIELDS: tuple[FieldSpec, ...] = (
    _f(SUB_DISTRICT, "District", "text"),
    _f(SUB_EMAIL, "Submitter email", "text"),
    _f(SUB_NOTES, "Notes", "note"),
)

_PERSON_FIELDS: tuple[FieldSpec, ...] = (
    _f(SCHOOL_YEARS, "School years", "text"),
    _f(EXPIRES_ON, "Expires on", "date"),
    _f(POINT_OF_CONTACT, "Point of contact", "note"),
    _f(SIGNATORY, "Signatory", "text"),
    _f(CONTACTS, "Contacts", "note"),
    _f(ACTION_POINTS, "Action points", "note"),
    _f(FOCUS_AREAS, "Focus areas", "note"),
    _f(INITIATIVES, "Initiatives", "note"),
)

COMMITMENT_FIELDS: tuple[FieldSpec, ...] = (
    _f(C_KEY, "Source key", "text", unique=True,
       description="Identity of the source document or submission attachment; never edit."),
    _f(C_KIND, "Source", "choice", "Library", "Submission"),
    _f(C_ITEM_ID, "Source item id", "number", indexed=True),
    _f(C_VERSION, "Source version", "text"),
    _f(C_SOURCE_TAG, "Source fingerprint", "text",
       description="SharePoint's content fingerprint of the document when it was read; never edit."),
    _f(C_STATUS, "Commitment status", "choice", *COMMITMENT_STATUSES, indexed=True),
    _f(C_DISTRICT, "District", "text", indexed=True),
    _f(C_AS_WRITTEN, "District as written", "text"),
    _f(C_TEMPLATE, "Form", "text"),
    _f(C_SIGNED_ON, "District signed on", "date"),
    _f(C_KDE_SIGNED_ON, "KDE signed on", "date"),
    _f(C_ACADEMIC_YEAR, "Academic year", "text"),
    *_PERSON_FIELDS,
    _f(C_REASONS, "Review reasons", "note"),
    _f(C_EVIDENCE, "Evidence", "note", description="Where each field was read: a short quote per field."),
    _f(C_LINK, "Document", "url"),
    _f(C_RECORD, "Record (JSON)", "note", description="The record as read; the worker's own copy."),
)

MEMBER_FIELDS: tuple[FieldSpec, ...] = (
    _f(M_DISTRICT, "District", "text", unique=True),
    _f(M_STATUS, "Member status", "choice", *MEMBER_STATUSES, indexed=True),
    _f(M_GRANT, "Grant eligible", "boolean"),
    *_PERSON_FIELDS,
    _f(M_LATEST_LINK, "Latest LOC", "url"),
    _f(M_LAST_SYNCED, "Last synced", "datetime"),
    _f(M_LOCKED, "Managed by staff", "boolean",
       description="Yes: the worker changes nothing on this row and reports what it would have changed."),
    _f(M_NOTES, "Sync notes", "note"),
)

RUN_FIELDS: tuple[FieldSpec, ...] = (
    _f(R_RUN_ID, "Run id", "text", unique=True, description="Identity of the run; never edit."),
    _f(R_OUTCOME, "Outcome", "choice", *OUTCOMES),
    _f(R_STARTED, "Started at", "datetime"),
    _f(R_FINISHED, "Finished at", "datetime"),
    _f(R_SEEN, "Documents seen", "number"),
    _f(R_READ, "Documents read", "number"),
    _f(R_NEEDS_REVIEW, "Needs review", "number"),
    _f(R_FAILURES, "Failures", "number"),
    _f(R_WRITES, "Writes", "number"),
    _f(R_PROBLEMS, "Problems", "note"),
    _f(R_REPORT, "Report (JSON)", "note"),
)

_REVIEW_COLUMNS = (TITLE, WB_STATUS, WB_DISTRICT, WB_REASONS, WB_DECISION, WB_PROCESSED_AT)


def site_schema(names: SiteNames) -> tuple[ListSpec, ...]:
    """The five lists in the order provisioning creates them."""
    library_view = ViewSpec("Needs review", ("LinkFilename",) + _REVIEW_COLUMNS[1:], ((WB_STATUS, SOURCE_NEEDS_REVIEW),))
    return (
        ListSpec(names.library, "library", WRITE_BACK_FIELDS, (library_view,),
                 description="Letters of Commitment, uploaded in any folder."),
        ListSpec(names.submissions, "list", SUBMISSION_OWN_FIELDS + WRITE_BACK_FIELDS,
                 (ViewSpec("Needs review", _REVIEW_COLUMNS, ((WB_STATUS, SOURCE_NEEDS_REVIEW),)),),
                 attachments=True, description="LOC submissions with the letter attached."),
        ListSpec(names.commitments, "list", COMMITMENT_FIELDS,
                 (ViewSpec("Needs review", (TITLE, C_DISTRICT, C_STATUS, C_REASONS, C_LINK),
                           ((C_STATUS, COMMITMENT_NEEDS_REVIEW),)),),
                 description="One row per Letter of Commitment read by iln-sync."),
        ListSpec(names.members, "list", MEMBER_FIELDS,
                 (ViewSpec("Needs review", (TITLE, M_STATUS, M_NOTES, M_LATEST_LINK),
                           ((M_STATUS, MEMBER_NEEDS_REVIEW),)),),
                 description="One row per ILN member district, kept by iln-sync."),
        ListSpec(names.runs, "list", RUN_FIELDS, description="One row per iln-sync run."),
    )


def lookup_columns(names: SiteNames) -> tuple[tuple[str, str], ...]:
    """Every (list, column) the worker filters on; each must be indexed, or SharePoint refuses the query
    once the list passes 5,000 rows. (Items are also fetched by Id, which SharePoint always indexes.)"""
    return ((names.commitments, C_KEY), (names.members, M_DISTRICT), (names.runs, R_RUN_ID))


def field_kinds(fields: tuple[FieldSpec, ...]) -> dict[str, FieldKind]:
    """Internal name -> kind, for comparing values (Title is text)."""
    return {TITLE: "text", **{f.internal_name: f.kind for f in fields}}
