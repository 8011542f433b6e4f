"""`python -m segmentation ...`: the `segmentation` command, also before the project is installed."""

import sys

from segmentation.cli import main

sys.exit(main())
