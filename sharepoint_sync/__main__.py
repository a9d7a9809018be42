"""`python -m sharepoint_sync` is the same as the `iln-sync` console script."""
from sharepoint_sync.cli import main

raise SystemExit(main())
