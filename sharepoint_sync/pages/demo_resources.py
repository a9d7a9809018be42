"""A few ILN Resources documents for `iln-sync demo`, each tagged with its initiatives, so the initiative
pages show the Resources table filled the way staff would fill it."""
from __future__ import annotations

from typing import Any

from sharepoint_sync.pages.schema import RESOURCE_INITIATIVE, PageNames

DEMO_RESOURCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Portrait of a Learner - community design guide.txt",
     "How districts build a Portrait of a Learner with families and employers.", ("Portrait of a Learner",)),
    ("Project-Based Learning - unit planning template.txt",
     "A planning template for project-based units, with a rubric.", ("Project-Based Learning", "Deeper Learning")),
    ("Student Microcredentials - pilot handbook.txt",
     "Steps and evidence for the student microcredentials pilot.", ("Student Microcredentials",)),
    ("L3 local accountability - convening notes.txt",
     "Notes from the Local Laboratories of Learning convening.", ("Local Laboratories of Learning",)),
    ("Innovative Teacher Fellowship - application.txt",
     "What the fellowship asks of applicants.", ("Innovative Teacher Fellowship",)),
)


def upload_demo_resources(gateway: Any, names: PageNames = PageNames()) -> int:
    """Upload the demo resources and tag each with its initiatives; returns how many."""
    for name, text, _ in DEMO_RESOURCES:
        gateway.upload_file(names.resources, name, text.encode("utf-8"))
    tags = {name: initiatives for name, _, initiatives in DEMO_RESOURCES}
    for item in gateway.list_sources(names.resources, "library", []):
        if item.name in tags:
            gateway.update_row(names.resources, item.item_id, {RESOURCE_INITIATIVE: list(tags[item.name])},
                               etag=item.etag)
    return len(DEMO_RESOURCES)
