"""The open database plus who is working and from where: the first argument of every service."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from expertteam.domain.errors import ExpertteamError, StorageError
from expertteam.i18n import _
from expertteam.storage.engine import OpenedDatabase, open_database


@dataclass
class Store:
    database: OpenedDatabase
    actor_id: int | None = None
    origin: str = "app"
    today_override: date | None = field(default=None)

    @classmethod
    def open(cls, path: Path, passphrase: str | None = None, *, origin: str = "app") -> Store:
        """Open the database at ``path`` (migrating it); raises ``StorageError``."""
        return cls(open_database(Path(path), passphrase), origin=origin)

    def today(self) -> date:
        """Today's date; tests and benchmarks may pin it."""
        return self.today_override or date.today()

    def with_origin(self, origin: str) -> Store:
        return Store(self.database, self.actor_id, origin, self.today_override)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error, nothing half-written."""
        session = self.database.sessions()
        try:
            yield session
            session.commit()
        except ExpertteamError:
            session.rollback()
            raise
        except IntegrityError as exc:
            session.rollback()
            raise StorageError(_("De wijziging past niet bij de bestaande gegevens en is niet "
                                 "opgeslagen.")) from exc
        except DBAPIError as exc:
            session.rollback()
            reason = str(exc.orig).split("\n")[0][:120] if exc.orig is not None else ""
            raise StorageError(_("De database kon de wijziging niet opslaan ({reason}).")
                               .format(reason=reason)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.database.engine.dispose()
