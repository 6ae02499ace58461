import sys

from preptui.cli import main

sys.exit(main())
