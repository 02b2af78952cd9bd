"""``python -m sphinxcontrib_bpfnews``: the ``bpfnews`` command."""

from __future__ import annotations

import sys

from sphinxcontrib_bpfnews.cli import main

sys.exit(main())
