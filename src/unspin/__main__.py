"""`python -m unspin` is the `unspin` command."""

import sys

from unspin.cli.main import main

sys.exit(main())
