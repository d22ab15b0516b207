"""requirements/lock.txt pins every requirement of pyproject.toml, and the venv is the lock.

When the first test fails, pyproject.toml changed without ``make lock``; when the second fails,
the venv was not installed from the lock (``make`` rebuilds it)."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _pyproject_requirements() -> list[Requirement]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = config["project"]
    texts = [*project["dependencies"], *config["build-system"]["requires"]]
    for extra in project["optional-dependencies"].values():
        texts.extend(extra)
    return [Requirement(text) for text in texts]


def _locked() -> dict[str, Requirement]:
    """Name -> ``name==version ; marker`` for every pin in the lock."""
    pins: dict[str, Requirement] = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            requirement = Requirement(line.removesuffix("\\").strip())
            pins[canonicalize_name(requirement.name)] = requirement
    return pins


def _pinned_version(requirement: Requirement) -> str:
    (specifier,) = requirement.specifier
    assert specifier.operator == "==", requirement
    return specifier.version


def test_every_requirement_is_pinned_within_its_range() -> None:
    locked = _locked()
    for requirement in _pyproject_requirements():
        pin = locked.get(canonicalize_name(requirement.name))
        assert pin is not None, f"{requirement.name} is not in the lock: run make lock"
        assert requirement.specifier.contains(_pinned_version(pin), prereleases=True), (
            f"lock pins {pin}, pyproject.toml asks {requirement}: run make lock")


def test_the_installed_packages_are_the_locked_versions() -> None:
    for name, pin in _locked().items():
        if pin.marker is not None and not pin.marker.evaluate():
            continue
        assert metadata.version(name) == _pinned_version(pin), name
