"""Helper process for the crash test: records actions in a loop, printing each committed number.

Usage: python -m tests.security.crash_writer DATABASE CASE_ID OWNER_ID (passphrase from
EXPERTTEAM_PASSPHRASE). A line ``committed N`` is printed only after the service call returned,
i.e. after the commit.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from expertteam.services import actions
from expertteam.services.store import Store


def main() -> int:
    database, case_id, owner_id = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    store = Store.open(database, os.environ.get("EXPERTTEAM_PASSPHRASE") or None,
                       origin="cli:crash-test")
    print("open", flush=True)
    index = 0
    while True:
        index += 1
        info = actions.create_action(store, actions.ActionInput(
            case_id=case_id, description=f"Afspraak {index} uit de crashtest",
            owner_organisation_id=owner_id))
        print(f"committed {info.number}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
