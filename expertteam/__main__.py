import sys

from expertteam.cli import main

sys.exit(main())
