"""``python -m onefactory`` runs the CLI."""

from onefactory.cli import main

raise SystemExit(main())
