"""Packaging checks: what pyproject.toml declares, what is installed and the dev lock agree.

* The distribution is ``beampy-otp`` (PyPI's ``beampy`` is an unrelated optics package); the
  import name is ``beampy``, and no installed distribution still claims the old name.
* Runtime dependencies are compatible ranges (a lower and an upper bound, no exact pin), so
  that beampy installs next to other packages; exact pins live only in the dev lock
  ``.ci/constraints.txt``, which pins every runtime dependency to a version inside its range.
* The installed package is typed and reports the declared version and dependencies.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

import beampy

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
CONSTRAINTS = ROOT / ".ci" / "constraints.txt"
README = ROOT / "README.md"

DISTRIBUTION = "beampy-otp"


@cache
def _project() -> dict[str, Any]:
    with PYPROJECT.open("rb") as f:
        project = tomllib.load(f)["project"]
    assert isinstance(project, dict)
    return project


def _declared_version() -> str:
    version = _project()["version"]
    assert isinstance(version, str)
    return version


def _runtime_requirements() -> list[Requirement]:
    return [Requirement(line) for line in _project()["dependencies"]]


def _dev_requirements() -> list[Requirement]:
    return [Requirement(line) for line in _project()["optional-dependencies"]["dev"]]


def _constraint_pins() -> dict[str, Version]:
    """``.ci/constraints.txt`` as {canonical name: pinned version}; every line is ``name==v``."""
    pins: dict[str, Version] = {}
    for raw in CONSTRAINTS.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1, f"constraints.txt: {raw!r} is not an exact pin"
        assert specs[0].operator == "==", f"constraints.txt: {raw!r} is not an exact pin"
        pins[canonicalize_name(req.name)] = Version(specs[0].version)
    return pins


# -- the distribution ---------------------------------------------------------------------


def test_distribution_is_named_beampy_otp() -> None:
    assert _project()["name"] == DISTRIBUTION


def test_py_typed_marker_is_shipped() -> None:
    marker = importlib.resources.files("beampy").joinpath("py.typed")
    assert marker.is_file(), "beampy/py.typed (PEP 561 marker) is missing from the package"


def test_dunder_version_matches_pyproject() -> None:
    assert beampy.__version__ == _declared_version()


def test_distribution_metadata_matches_pyproject() -> None:
    assert importlib.metadata.version(DISTRIBUTION) == _declared_version()


def test_installed_requirements_match_pyproject() -> None:
    # a stale install (pyproject changed, `make install` not rerun) shows up here
    installed = importlib.metadata.requires(DISTRIBUTION) or []
    runtime = sorted(str(Requirement(r)) for r in installed if Requirement(r).marker is None)
    assert runtime == sorted(str(r) for r in _runtime_requirements())


def test_import_name_beampy_comes_from_beampy_otp_only() -> None:
    owners = {
        canonicalize_name(d) for d in importlib.metadata.packages_distributions().get("beampy", [])
    }
    assert owners == {DISTRIBUTION}, (
        f"the package `beampy` is provided by {sorted(owners)}; a distribution left over from "
        "before the rename (an old .venv install or ./beampy.egg-info) must go: `make install`"
    )


# -- runtime dependencies: ranges, and the lock inside them --------------------------------


@pytest.mark.parametrize("req", _runtime_requirements(), ids=str)
def test_runtime_dependency_is_a_range(req: Requirement) -> None:
    operators = {spec.operator for spec in req.specifier}
    assert not operators & {"==", "==="}, f"{req}: exact pin; runtime deps are ranges"
    assert ">=" in operators, f"{req}: no lower bound"
    assert "<" in operators, f"{req}: no upper bound"
    assert req.marker is None, f"{req}: runtime dependencies carry no markers"


@pytest.mark.parametrize("req", _runtime_requirements(), ids=str)
def test_constraints_pin_runtime_dependency_inside_its_range(req: Requirement) -> None:
    pins = _constraint_pins()
    name = canonicalize_name(req.name)
    assert name in pins, f"{req.name} is not pinned in {CONSTRAINTS.name}"
    assert req.specifier.contains(pins[name], prereleases=True), (
        f"{CONSTRAINTS.name} pins {req.name}=={pins[name]}, outside {req.specifier}"
    )


@pytest.mark.parametrize("req", _runtime_requirements(), ids=str)
def test_installed_runtime_dependency_is_inside_its_range(req: Requirement) -> None:
    installed = Version(importlib.metadata.version(req.name))
    assert req.specifier.contains(installed, prereleases=True), (
        f"installed {req.name} {installed} is outside {req.specifier}"
    )


@pytest.mark.parametrize("req", _dev_requirements(), ids=str)
def test_dev_pins_agree_with_constraints(req: Requirement) -> None:
    pins = _constraint_pins()
    name = canonicalize_name(req.name)
    assert name in pins, f"{req.name} is not pinned in {CONSTRAINTS.name}"
    assert req.specifier.contains(pins[name], prereleases=True), (
        f"{CONSTRAINTS.name} pins {req.name}=={pins[name]}, pyproject says {req.specifier}"
    )


def test_constraints_do_not_pin_beampy_itself() -> None:
    pins = _constraint_pins()
    assert DISTRIBUTION not in pins
    assert "beampy" not in pins


# -- docs ----------------------------------------------------------------------------------


def test_readme_says_how_to_install() -> None:
    text = README.read_text()
    assert f"pip install {DISTRIBUTION}" in text
    assert "import beampy" in text


def test_import_beampy_gives_every_public_module_and_no_pytest() -> None:
    # the docs write beampy.sys, beampy.task_supervisor...: after `import beampy` they
    # are there; the library does not drag pytest into an application (beampy.testing,
    # which needs trio.testing and so pytest, loads on first use)
    import subprocess
    import sys

    code = (
        "import sys, beampy\n"
        "assert 'pytest' not in sys.modules, 'import beampy imported pytest'\n"
        "for m in ('agent', 'dynamic_supervisor', 'gen_server', 'lowlevel', 'proc_lib',\n"
        "          'process', 'supervisor', 'sys', 'task', 'task_supervisor', 'testing'):\n"
        "    assert getattr(beampy, m).__name__ == 'beampy.' + m, m\n"
        "assert beampy.sys.get_state and beampy.testing.process_test\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
