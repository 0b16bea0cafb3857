"""``python -m tui.cli``: the same command line as ``readingroom`` and ``python -m tui``."""

import sys

from . import main

sys.exit(main())
