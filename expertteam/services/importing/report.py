"""What an import did or would do: counts, near matches to confirm, unreadable rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from expertteam.formatting import short_date
from expertteam.i18n import _
from expertteam.services.importing.fields import ImportKind
from expertteam.services.importing.matching import NearMatch


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # as the spreadsheet numbers it
    message: str  # Dutch, without values from the row

    def text(self) -> str:
        return _("Rij {row}: {message}").format(row=self.row, message=self.message)


@dataclass
class ImportReport:
    kind: ImportKind
    dry_run: bool
    rows: int = 0
    new: int = 0
    unchanged: int = 0
    differs: int = 0  # matched an existing record whose values differ (left as it is)
    duplicates: int = 0  # the same record twice in the file
    errors: list[RowError] = field(default_factory=list)
    near: list[NearMatch] = field(default_factory=list)
    earliest: date | None = None  # the earliest day an imported fact takes effect
    published: date | None = None  # a published meetmoment on or after it: its figures change
    refused_published: bool = False  # nothing imported: that needs the user's confirmation

    @property
    def imported(self) -> bool:
        return not self.dry_run and not self.refused_published and self.new > 0

    def add_near(self, near: NearMatch) -> None:
        if near not in self.near:
            self.near.append(near)

    def summary(self) -> list[str]:
        """Dutch lines for the CLI and the wizard."""
        new = _("Nieuw: {n}") if self.dry_run or self.refused_published else \
            _("Toegevoegd: {n}")
        lines = [_("Gelezen rijen: {n}").format(n=self.rows), new.format(n=self.new),
                 _("Al aanwezig, gelijk: {n}").format(n=self.unchanged),
                 _("Al aanwezig, met afwijkende gegevens (niet gewijzigd): {n}").format(
                     n=self.differs),
                 _("Dubbel in het bestand: {n}").format(n=self.duplicates),
                 _("Rijen met een fout (niet geïmporteerd): {n}").format(n=len(self.errors))]
        if self.dry_run:
            lines.insert(0, _("Proefimport: er is nog niets opgeslagen."))
        if self.published is not None and self.earliest is not None:
            lines.append(_("Let op: gegevens uit het bestand gaan in vanaf {day}, vóór het "
                           "gepubliceerde meetmoment van {meetmoment}. De gepubliceerde cijfers "
                           "blijven bewaard; de monitor toont de correctie.").format(
                day=short_date(self.earliest), meetmoment=short_date(self.published)))
        if self.refused_published:
            lines.append(_("Er is niets geïmporteerd: bevestig eerst dat de import de cijfers "
                           "van een gepubliceerd meetmoment mag veranderen."))
        return lines

    def audit_detail(self) -> str:
        """Counts only: no names, numbers or values from the file."""
        return (f"{self.kind.value}: rows={self.rows} new={self.new} "
                f"unchanged={self.unchanged} differs={self.differs} "
                f"duplicates={self.duplicates} errors={len(self.errors)}")
