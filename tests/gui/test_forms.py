"""The compiled Designer forms match ui/*.ui and route every visible string through _()."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORMS = sorted((ROOT / "ui").glob("*.ui"))


def _compile_tool() -> object:
    spec = importlib.util.spec_from_file_location("compile_ui", ROOT / "tools" / "compile_ui.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("form", FORMS, ids=[form.name for form in FORMS])
def test_compiled_form_is_up_to_date(form: Path) -> None:
    tool = _compile_tool()
    target = tool.target_for(form)  # type: ignore[attr-defined]
    assert target.exists(), f"run tools/compile_ui.py to create {target.name}"
    assert target.read_text(encoding="utf-8") == tool.compiled(form), (  # type: ignore[attr-defined]
        f"{target.name} is stale: run tools/compile_ui.py")


@pytest.mark.parametrize("form", FORMS, ids=[form.name for form in FORMS])
def test_compiled_form_uses_our_translation_function(form: Path) -> None:
    source = _compile_tool().target_for(form).read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert "QCoreApplication.translate" not in source
    assert "from expertteam.i18n import _" in source
    texts = re.findall(r"\.set(?:Text|Title|WindowTitle|ToolTip|PlaceholderText)\((.*)\)$",
                       source, flags=re.MULTILINE)
    assert texts
    for argument in texts:
        assert argument.startswith("_(") or argument in ('u""', '""'), argument
