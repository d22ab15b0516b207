"""The register's filter: filter-as-you-type plus status, gemeente and GI choices.

Filtering 20,000 rows per keystroke must stay fluid, so the model keeps one lowercase,
accent-free search string per row and the proxy decides which rows pass in a single Python pass
over those strings; ``filterAcceptsRow`` only looks the answer up. The proxy does not sort: the
model sorts its own list (``register_model.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from expertteam.domain.enums import CaseStatus
from expertteam.domain.search import fold
from expertteam.gui.register_model import RegisterModel, RegisterRole

Index = QModelIndex | QPersistentModelIndex


class RegisterFilterProxy(QSortFilterProxyModel):
    """Filter-as-you-type plus status, gemeente and GI choices over a ``RegisterModel``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setDynamicSortFilter(False)
        self._text = ""
        self._statuses: frozenset[CaseStatus] = frozenset()
        self._municipality_id: int | None = None
        self._gi_id: int | None = None
        self._case_ids: frozenset[int] | None = None
        self._accepted: list[bool] | None = None
        self._generation = -1
        self._model: RegisterModel | None = None

    def setSourceModel(self, model: QAbstractItemModel) -> None:  # noqa: N802 - Qt naming
        if not isinstance(model, RegisterModel):
            raise TypeError("RegisterFilterProxy works on a RegisterModel")
        super().setSourceModel(model)
        self._model = model
        model.search_texts_changed.connect(self._refilter)
        self._generation = -1

    def register(self) -> RegisterModel:
        if self._model is None:
            raise RuntimeError("RegisterFilterProxy has no RegisterModel yet")
        return self._model

    # --- filter settings --------------------------------------------------------------
    def set_text(self, text: str) -> None:
        folded = fold(text.strip())
        if folded != self._text:
            self._text = folded
            self._refilter()

    def set_statuses(self, statuses: Sequence[CaseStatus]) -> None:
        wanted = frozenset(statuses)
        if wanted != self._statuses:
            self._statuses = wanted
            self._refilter()

    def set_municipality(self, municipality_id: int | None) -> None:
        if municipality_id != self._municipality_id:
            self._municipality_id = municipality_id
            self._refilter()

    def set_gi(self, gi_id: int | None) -> None:
        if gi_id != self._gi_id:
            self._gi_id = gi_id
            self._refilter()

    def set_case_ids(self, case_ids: Sequence[int] | None) -> None:
        """Show only these cases (the ones behind a figure of the dashboard); None: all."""
        wanted = frozenset(case_ids) if case_ids is not None else None
        if wanted != self._case_ids:
            self._case_ids = wanted
            self._refilter()

    def is_filtering(self) -> bool:
        return bool(self._text or self._statuses or self._municipality_id is not None
                    or self._gi_id is not None or self._case_ids is not None)

    # --- the filter -------------------------------------------------------------------
    def _refilter(self) -> None:
        self.beginFilterChange()
        self._generation = -1
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _recompute(self, model: RegisterModel) -> None:
        self._generation = model.generation
        if not self.is_filtering():
            self._accepted = None
            return
        needle, statuses = self._text, self._statuses
        municipality_id, gi_id = self._municipality_id, self._gi_id
        case_ids = self._case_ids
        self._accepted = [
            (not needle or needle in text)
            and (not statuses or row.status in statuses)
            and (municipality_id is None or row.municipality_id == municipality_id)
            and (gi_id is None or row.gi_id == gi_id)
            and (case_ids is None or row.id in case_ids)
            for row, text in zip(model.rows, model.search_texts(), strict=True)
        ]

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self._model
        if model is not None and self._generation != model.generation:
            self._recompute(model)
        return self._accepted is None or self._accepted[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The model sorts its own list; the proxy keeps the source order (see module doc).
        self.register().sort(column, order)

    def case_id(self, proxy_row: int) -> int | None:
        if not 0 <= proxy_row < self.rowCount():
            return None
        value = self.index(proxy_row, 0).data(RegisterRole.CASE_ID)
        return int(value) if value is not None else None

    def proxy_row_of(self, case_id: int) -> int | None:
        source_row = self.register().source_row_of(case_id)
        if source_row is None:
            return None
        index = self.mapFromSource(self.register().index(source_row, 0))
        return index.row() if index.isValid() else None
