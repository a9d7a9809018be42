"""Limits on what one uploaded document may cost to read (config `[extract]`).

The defaults match `config/iln-sync.example.toml`; anything over a size limit is
`unreadable:too_large`, a document that runs out of time or memory in the worker too.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds on one document: bytes on disk, zip members, inflated bytes, ratio, time, memory."""

    max_file_bytes: int = 20_000_000
    max_members: int = 2_000
    max_member_bytes: int = 50_000_000
    max_total_bytes: int = 200_000_000
    #: uncompressed/compressed ratio above which a zip is treated as a bomb (see preflight)
    max_ratio: float = 200
    timeout_seconds: float = 10
    memory_mb: int = 512

    @classmethod
    def from_mapping(cls, values: dict) -> "Limits":
        """Limits from a config `[extract]` table; unknown keys are ignored, missing keys keep defaults."""
        known = {k: values[k] for k in cls.__dataclass_fields__ if k in values}
        return cls(**known)


DEFAULT_LIMITS = Limits()
