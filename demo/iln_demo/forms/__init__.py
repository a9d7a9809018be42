"""The LOC forms: the official blank Letter of Commitment (kyiln-2023 generation) built by code,
filling it, the demo letters `iln-sync demo` uploads, and seeded LOC variants with known truth.

The only package that imports python-docx (tests/unit/test_architecture.py). `tags` and `truth`
are pure and import nothing from python-docx, so the extractor may read the tag names from them.
"""
