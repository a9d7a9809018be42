"""`python -m iln_demo.forms build-templates` = `iln-sync forms build-templates`."""
import sys

from sharepoint_sync.cli import main

raise SystemExit(main(["forms", *sys.argv[1:]]))
