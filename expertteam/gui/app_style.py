"""The application's style: the platform's own, with a focus frame a projector does not wash
out. ``install_app_style`` is called once for the app (``gui/app.py``) and the tests."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

FOCUS_COLOUR = "#0b57d0"
_FRAMED = frozenset({
    QStyle.PrimitiveElement.PE_PanelLineEdit,  # line edits
    QStyle.PrimitiveElement.PE_Frame,  # lists, tables, text areas
    QStyle.PrimitiveElement.PE_PanelButtonCommand,  # push and tool buttons
    QStyle.PrimitiveElement.PE_FrameFocusRect,  # check boxes, radio buttons, tabs
})
_FRAMED_CONTROLS = frozenset({QStyle.ComplexControl.CC_ComboBox,
                              QStyle.ComplexControl.CC_SpinBox})


class FocusFrameStyle(QProxyStyle):
    """The platform's own style, with a focus frame that a projector does not wash out: the
    field, list, button or box that has the keyboard gets 3 pixels of strong blue around it.
    (A style sheet could draw it too, but an application-wide one breaks the font that form
    labels inherit, which the live screen's large type relies on.) Lists and text areas get a
    3-pixel frame margin, so that the frame is not painted over by their contents."""

    def _frame(self, painter: QPainter, rect: QRect) -> None:
        painter.save()
        pen = QPen(QColor(FOCUS_COLOUR))
        pen.setWidth(3)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()

    def drawPrimitive(self, element: QStyle.PrimitiveElement,  # noqa: N802 - Qt naming
                      option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in _FRAMED and option.state & QStyle.StateFlag.State_HasFocus:
            if element is QStyle.PrimitiveElement.PE_FrameFocusRect and \
                    isinstance(widget, QAbstractItemView):
                return  # a list's current cell: the list itself is framed
            self._frame(painter, option.rect)

    def drawComplexControl(self, control: QStyle.ComplexControl,  # noqa: N802 - Qt naming
                           option: QStyleOptionComplex, painter: QPainter,
                           widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in _FRAMED_CONTROLS and option.state & QStyle.StateFlag.State_HasFocus:
            self._frame(painter, option.rect)

    def pixelMetric(self, metric: QStyle.PixelMetric,  # noqa: N802 - Qt naming
                    option: QStyleOption | None = None, widget: QWidget | None = None) -> int:
        if metric is QStyle.PixelMetric.PM_DefaultFrameWidth and \
                isinstance(widget, QAbstractScrollArea):
            return 3
        return int(super().pixelMetric(metric, option, widget))


def install_app_style(app: QApplication) -> None:
    """The application-wide style: the platform's, with the projector-proof focus frame."""
    if not isinstance(app.style(), FocusFrameStyle):
        app.setStyle(FocusFrameStyle())
