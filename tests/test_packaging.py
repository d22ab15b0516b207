"""A wheel built from the tree is the whole app: fonts, reference data and migrations included.

The wheel is built from a copy of the package (so the checkout gets no build/ or egg-info),
installed into a folder of its own and used from a program whose working directory is elsewhere
and whose ``sys.path`` has that folder, not the checkout, where ``expertteam`` is found."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

_RENDER = textwrap.dedent("""
    import io, sys
    from datetime import date
    from pathlib import Path

    import expertteam
    target = Path(sys.argv[1]).resolve()
    assert Path(expertteam.__file__).resolve().is_relative_to(target), expertteam.__file__

    from pypdf import PdfReader
    from expertteam.documents.action_list import render_participant_actions
    from expertteam.documents.data import ActionLine, Letterhead, ParticipantActionList
    from expertteam.domain.enums import ActionStatus
    from expertteam.services.regions import jeugdregios

    action = ActionLine(1, "ET-2026-0001 · N.B. · 2012", "Plan van aanpak voor Noël",
                        "Gemeente Hoorn", "Chloë de Vries", date(2026, 12, 1), ActionStatus.OPEN)
    pdf = render_participant_actions(
        ParticipantActionList("Gemeente Hoorn", "Gemeente", date(2026, 11, 23), (action,)),
        Letterhead("Expertteam Westfriesland"))
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {str(font.get("/BaseFont")) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    print("fonts", *sorted(fonts))
    print("text", "Noël" in reader.pages[0].extract_text())
    print("regions", len(jeugdregios()))
""")


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run([str(arg) for arg in args], cwd=cwd, env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.slow
def test_an_installed_wheel_renders_documents_and_passes_the_selftest(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "expertteam", source / "expertteam",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    wheels, target, elsewhere = tmp_path / "wheels", tmp_path / "target", tmp_path / "elsewhere"
    elsewhere.mkdir()
    pip = (sys.executable, "-m", "pip", "--quiet")
    _run(*pip, "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", wheels, source,
         cwd=tmp_path)
    (wheel,) = wheels.glob("expertteam-*.whl")
    _run(*pip, "install", "--no-deps", "--target", target, wheel, cwd=tmp_path)
    assert (target / "expertteam" / "resources" / "fonts" / "DejaVuSans.ttf").is_file()

    env = {**os.environ, "PYTHONPATH": str(target), "QT_QPA_PLATFORM": "offscreen"}
    lines = _run(sys.executable, "-c", _RENDER, target, cwd=elsewhere, env=env).splitlines()
    fonts = next(line for line in lines if line.startswith("fonts ")).split()[1:]
    assert fonts, lines
    assert all("DejaVuSans" in font for font in fonts), fonts  # embedded subsets, e.g. /AAAAAA+…
    assert "text True" in lines
    assert "regions 42" in lines

    # Every migration, an encrypted database, a meeting, the minutes as PDF and the main window.
    selftest = _run(sys.executable, "-m", "expertteam", "--selftest", cwd=elsewhere, env=env)
    assert "Zelftest geslaagd." in selftest
