"""`python -m primedb.seed`: the guardian process of a seed (see `primedb.seed.guardian`).

An entry point of its own, so the guardian module is imported once, not twice.
"""

import sys

from primedb.seed.guardian import main

sys.exit(main())
