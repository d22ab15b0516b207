"""``expertteam server init URL``: prepare an empty PostgreSQL database as the region's
register (the schema by Alembic, the jeugdregio, the first user profile). Everything else then
works against it with ``expertteam --server URL <opdracht>``; the URL is only ever printed
masked."""

from __future__ import annotations

import argparse
import os
from typing import Any

from expertteam.cli_common import USER_ENV
from expertteam.i18n import _

SERVER_ENV = "EXPERTTEAM_SERVER"


def _cmd_server_init(args: argparse.Namespace) -> int:
    from expertteam.domain.enums import UserRole
    from expertteam.domain.errors import ValidationError
    from expertteam.services import regions, users
    from expertteam.services.store import Store
    from expertteam.storage.server import mask_url

    name = getattr(args, "gebruiker", None) or os.environ.get(USER_ENV)
    if not name:
        raise ValidationError("gebruiker", _(
            "Geef met --gebruiker NAAM de naam van het eerste gebruikersprofiel op."))
    store = Store.open_server(args.url, origin="cli:server-init", create=True)
    try:
        users.choose_user(store, users.create_user(store, name, UserRole(args.rol)).id)
        if args.regio:
            regions.set_region(store, args.regio)
    finally:
        store.close()
    print(_("Server ingericht: {url}, met gebruiker {name}. Open hem met "
            "‘expertteam --server URL’.").format(url=mask_url(args.url), name=name))
    return 0


def add_server_parsers(sub: Any) -> None:
    server = sub.add_parser("server", help=_("de regionale PostgreSQL-server"))
    actions = server.add_subparsers(dest="server_command", metavar=_("opdracht"), required=True)
    init = actions.add_parser("init", help=_("richt een lege PostgreSQL-database in als register "
                                             "van de regio"))
    init.add_argument("url", help=_("postgresql://gebruiker@server/database"
                                    "?sslmode=verify-full&sslrootcert=…"))
    init.add_argument("--rol", choices=["chair", "coordinator", "member"],
                      default="coordinator",
                      help=_("rol van het eerste profiel (standaard: coordinator)"))
    init.add_argument("--regio", metavar="JZxx",
                      help=_("CBS-code van de jeugdregio, bijvoorbeeld JZ21"))
    init.set_defaults(func=_cmd_server_init)
