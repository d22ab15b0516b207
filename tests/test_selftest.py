"""The self-test that verifies a build also passes from source, as a real subprocess."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # a whole flow through the GUI or program; make test-fast skips it


def test_selftest_passes_from_source() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "expertteam", "--selftest"], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("ok ")]
    assert len(lines) == 4
    assert "Zelftest geslaagd." in result.stdout
    assert "Noël" not in result.stdout + result.stderr
