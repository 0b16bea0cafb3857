"""``python -m tests.bench.realdocs``: see the package's docstring."""

import sys

from .run import main

sys.exit(main())
