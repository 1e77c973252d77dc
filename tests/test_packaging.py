"""Packaging checks: the installed package is typed and reports the declared version."""

import importlib.metadata
import importlib.resources
import tomllib
from pathlib import Path

import beampy

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def _declared_version() -> str:
    with PYPROJECT.open("rb") as f:
        version = tomllib.load(f)["project"]["version"]
    assert isinstance(version, str)
    return version


def test_py_typed_marker_is_shipped() -> None:
    marker = importlib.resources.files("beampy").joinpath("py.typed")
    assert marker.is_file(), "beampy/py.typed (PEP 561 marker) is missing from the package"


def test_dunder_version_matches_pyproject() -> None:
    assert beampy.__version__ == _declared_version()


def test_distribution_metadata_matches_pyproject() -> None:
    assert importlib.metadata.version("beampy") == _declared_version()
