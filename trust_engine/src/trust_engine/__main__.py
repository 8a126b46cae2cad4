"""Entry point of ``python -m trust_engine``."""

from trust_engine.cli import main

raise SystemExit(main())
