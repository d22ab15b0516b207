"""What every sub-command shares: the Dutch argument parser, opening the store, the profile.

The passphrase comes from ``EXPERTTEAM_PASSPHRASE`` (never from the command line, where other
users of the computer could read it). Every command runs under a user profile, so that the audit
log says who did it: ``--gebruiker NAAM`` or ``EXPERTTEAM_GEBRUIKER``; without either, the only
active profile of the database; with several and none chosen the command stops with a Dutch
message (no anonymous actions). A database without any profile (made for scripts or tests) logs
without one.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from expertteam.i18n import _

if TYPE_CHECKING:
    from expertteam.services.store import Store

PASSPHRASE_ENV = "EXPERTTEAM_PASSPHRASE"
USER_ENV = "EXPERTTEAM_GEBRUIKER"

# argparse's own messages (Python ships no Dutch catalogue for them), as regular expressions.
_ARGPARSE_DUTCH: tuple[tuple[str, str], ...] = (
    (r"^unrecognized arguments: (.*)$", "onbekende argumenten: {0}"),
    (r"^the following arguments are required: (.*)$", "deze argumenten ontbreken: {0}"),
    (r"^argument (.+?): invalid choice: (.+?) \(choose from (.*)\)$",
     "bij {0}: {1} bestaat niet (kies uit {2})"),
    (r"^argument (.+?): invalid (\w+) value: (.*)$", "bij {0}: {2} is geen geldig getal"
     " of geldige waarde"),
    (r"^argument (.+?): expected one argument$", "bij {0} hoort één waarde"),
    (r"^argument (.+?): expected at least one argument$", "bij {0} hoort minstens één waarde"),
    (r"^argument (.+?): not allowed with argument (.+)$", "{0} kan niet samen met {1}"),
    (r"^argument (.+?): ignored explicit argument (.*)$", "bij {0} hoort geen waarde {1}"),
    (r"^one of the arguments (.*) is required$", "geef een van deze argumenten op: {0}"),
    (r"^ambiguous option: (.+?) could match (.*)$", "{0} is niet eenduidig (bedoelt u {1}?)"),
    (r"^argument (.+?): (.*)$", "bij {0}: {1}"),
)


def dutch_argparse_message(message: str) -> str:
    """argparse's English error in Dutch (our own messages, already Dutch, pass through)."""
    for pattern, dutch in _ARGPARSE_DUTCH:
        match = re.match(pattern, message, re.DOTALL)
        if match:
            return _(dutch).format(*match.groups())
    return message


class DutchArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one Dutch ``Fout:`` line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        print(_("Fout: {message}. Zie ‘{prog} --help’.").format(
            message=dutch_argparse_message(message), prog=self.prog), file=sys.stderr)
        raise SystemExit(2)


def passphrase() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None


def open_store(args: argparse.Namespace, command: str) -> Store:
    """The existing database of ``args.database`` opened for ``command`` (``cli:<command>`` in
    the log), with the profile chosen (see the module). Raises ``ExpertteamError``."""
    from expertteam.services.store import Store

    server = getattr(args, "server", None)
    store = Store.open_server(server, origin=f"cli:{command}") if server else \
        Store.open(Path(args.database), passphrase(), origin=f"cli:{command}")
    try:
        choose_profile(store, getattr(args, "gebruiker", None) or os.environ.get(USER_ENV))
    except BaseException:
        store.close()
        raise
    return store


def choose_profile(store: Store, name: str | None) -> None:
    """Work as the profile called ``name`` (any case), or the only one. Raises
    ``NotFoundError`` or ``ValidationError`` on ``gebruiker``."""
    from expertteam.domain.errors import NotFoundError, ValidationError
    from expertteam.services import users

    profiles = users.list_users(store)
    if name:
        match = [u for u in profiles if u.name.casefold() == name.strip().casefold()]
        if not match:
            raise NotFoundError(_("Er is geen actieve gebruiker met deze naam."))
        users.choose_user(store, match[0].id)
    elif len(profiles) == 1:
        users.choose_user(store, profiles[0].id)
    elif profiles:
        raise ValidationError("gebruiker", _(
            "Deze database heeft meerdere gebruikersprofielen. Kies met --gebruiker NAAM (of "
            "${env}) onder welk profiel u werkt; het logboek legt het vast.").format(env=USER_ENV))


def user_option(parser: argparse.ArgumentParser) -> None:
    """``--gebruiker`` on a sub-command as well (it does not hide the global one)."""
    parser.add_argument("--gebruiker", default=argparse.SUPPRESS,
                        help=_("werk als deze gebruiker (naam van het profiel), voor het "
                               "logboek"))


def add_user_option_everywhere(parser: argparse.ArgumentParser) -> None:
    """Give every sub-command that lacks it ``--gebruiker`` (after the command name too)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                has = any("--gebruiker" in a.option_strings for a in child._actions)
                nested = any(isinstance(a, argparse._SubParsersAction) for a in child._actions)
                if nested:
                    add_user_option_everywhere(child)
                elif not has:
                    user_option(child)
