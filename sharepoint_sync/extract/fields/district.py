"""Kentucky districts: the registry type and matching a name as written to its canonical name.

A name matches when, after normalising the ways people write district names ("Co." for County,
"Ind." for Independent, "Public Schools", "School District", "Board of Education", odd white
space, Unicode forms, invisible characters), it names exactly one active registry district.
A name containing bidi controls never matches: what a reader sees may differ from its text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import norm

_FILLER = frozenset(
    "the public schools school district districts system systems board of education kentucky ky "
    "unified dept department".split()
)
#: place-name abbreviations letterheads use ("Ft. Thomas Independent")
_PLACE_ABBREVIATIONS = {"ft": "fort", "mt": "mount"}
#: "Board of Ed." / "Bd. of Educ.": the board's name shortened as letterheads do
_BOARD_OF_ED_RE = re.compile(r"\b(?:board|bd\.?)\s+of\s+ed(?:uc(?:ation)?)?\b\.?", re.IGNORECASE)
_TYPE_WORDS = {
    "county": "county", "co": "county", "cnty": "county", "cty": "county",
    "independent": "independent", "ind": "independent", "indep": "independent", "city": "independent",
}


@dataclass(frozen=True)
class District:
    """One registry row: canonical name, kind and the other ways it is written."""

    name: str
    kind: str  # "county" | "independent"
    county: str = ""
    variants: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class NameKey:
    """A written district name reduced to its place ("core") and kind ("county"/"independent"/"")."""

    core: str
    kind: str


def name_key(written: str) -> NameKey | None:
    """Reduce a written name to a `NameKey`; None when it is empty. Bidi controls (U+202A-U+202E,
    U+2066-U+2069) are stripped like zero-width characters (`norm` drops every format character), so a
    name typed in a right-to-left-aware editor still matches (issue 13 item 8)."""
    text = re.sub(r"\([^)]*\)", " ", norm(written)).replace("&", " and ")
    text = _BOARD_OF_ED_RE.sub(" board of education ", text)
    tokens = [_PLACE_ABBREVIATIONS.get(t, t) for t in re.sub(r"[^\w\s]", " ", text).split()]
    kinds = {_TYPE_WORDS[t] for t in tokens if t in _TYPE_WORDS}
    core = "".join(t for t in tokens if t not in _FILLER and t not in _TYPE_WORDS)
    if not core or len(kinds) > 1:
        return None
    return NameKey(core, kinds.pop() if kinds else "")


@dataclass(frozen=True)
class Registry:
    """The Kentucky district registry (config/ky-districts.csv), matched by `match`."""

    districts: tuple[District, ...]
    #: name key -> canonical name, and place -> canonical names; built once, in `__post_init__`
    #: (not `functools.cached_property`: a class compiled by mypyc has no instance `__dict__` for it)
    _exact: dict[NameKey, str] = field(init=False, repr=False, compare=False, hash=False)
    _by_core: dict[str, set[str]] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        exact: dict[NameKey, str] = {}
        for d in self.districts:
            if not d.active:
                continue
            for written in (d.name, *d.variants):
                key = name_key(written)
                if key is not None:
                    exact.setdefault(key, d.name)
        by_core: dict[str, set[str]] = {}
        for key, name in exact.items():
            by_core.setdefault(key.core, set()).add(name)
        object.__setattr__(self, "_exact", exact)
        object.__setattr__(self, "_by_core", by_core)

    def match(self, written: str | None) -> str | None:
        """The canonical name of the one active district `written` names, else None."""
        if not written:
            return None
        for candidate in _candidates(written):
            key = name_key(candidate)
            if key is None:
                continue
            if key in self._exact:
                return self._exact[key]
            names = self._by_core.get(key.core, set())
            if not key.kind and len(names) == 1:
                return next(iter(names))
        return None


def _candidates(written: str) -> list[str]:
    """The name as written, then its part before a comma or dash ("X County Schools, Lebanon, KY")."""
    first = re.split(r"\s*(?:[,;|]|\s[-–—·•]\s)\s*", written.strip())[0]
    return [written] if first == written.strip() else [written, first]
