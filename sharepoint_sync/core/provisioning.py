"""What `iln-sync provision` must add to make the site match the schema. It only ever adds:
a column of the wrong type is reported, never dropped or changed."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Mapping

from sharepoint_sync.ports import FieldSpec, ListInfo, ListSpec, ViewSpec

StepKind = Literal["create_list", "add_field", "index_field", "create_view"]

#: our field kinds -> SharePoint's TypeAsString (see fields-list-get.verbose.trimmed.json)
SP_TYPES = {"text": "Text", "note": "Note", "choice": "Choice", "multichoice": "MultiChoice",
            "boolean": "Boolean", "number": "Number", "date": "DateTime", "datetime": "DateTime", "url": "URL"}


@dataclass(frozen=True)
class ProvisionStep:
    """One addition to the site."""

    kind: StepKind
    list_title: str
    list_spec: ListSpec | None = None
    field: FieldSpec | None = None
    view: ViewSpec | None = None

    def describe(self) -> str:
        """One line for people."""
        if self.kind == "create_list":
            return f"create {self.list_spec.template if self.list_spec else 'list'} \"{self.list_title}\""
        if self.kind == "add_field" and self.field:
            return f"add column \"{self.field.display_name}\" ({self.field.internal_name}, {self.field.kind}) to \"{self.list_title}\""
        if self.kind == "index_field" and self.field:
            what = "unique index" if self.field.unique else "index"
            return f"add {what} on \"{self.field.internal_name}\" in \"{self.list_title}\""
        return f"create view \"{self.view.title if self.view else ''}\" in \"{self.list_title}\""


@dataclass(frozen=True)
class ProvisionPlan:
    """The additions, in order, and the differences provisioning will not fix (reported only)."""

    steps: tuple[ProvisionStep, ...]
    problems: tuple[str, ...]


def plan_provision(schema: tuple[ListSpec, ...], existing: Mapping[str, ListInfo | None]) -> ProvisionPlan:
    """Steps that bring each list of `schema` up to date given what `existing` holds."""
    steps: list[ProvisionStep] = []
    problems: list[str] = []
    for spec in schema:
        info = existing.get(spec.title)
        if info is None:
            steps.append(ProvisionStep("create_list", spec.title, list_spec=spec))
        elif info.template != spec.template:
            problems.append(f"\"{spec.title}\" exists as a {info.template}, expected a {spec.template}; left as is.")
            continue
        steps += _field_steps(spec, info, problems)
        have_views = {v.casefold() for v in (info.views if info else ())}
        steps += [ProvisionStep("create_view", spec.title, view=v) for v in spec.views if v.title.casefold() not in have_views]
    return ProvisionPlan(tuple(steps), tuple(problems))


def _field_steps(spec: ListSpec, info: ListInfo | None, problems: list[str]) -> list[ProvisionStep]:
    fields = {k.casefold(): v for k, v in (info.fields.items() if info else ())}
    steps: list[ProvisionStep] = []
    for f in spec.fields:
        have = fields.get(f.internal_name.casefold())
        if have is None:
            steps.append(ProvisionStep("add_field", spec.title, field=f))
            if f.indexed:
                steps.append(ProvisionStep("index_field", spec.title, field=f))
            continue
        if have.kind.casefold() != SP_TYPES[f.kind].casefold():
            problems.append(f"Column \"{f.internal_name}\" in \"{spec.title}\" is {have.kind}, expected "
                            f"{SP_TYPES[f.kind]}; left as is.")
        elif (f.indexed and not have.indexed) or (f.unique and not have.unique):
            steps.append(ProvisionStep("index_field", spec.title, field=f))
    return steps
