"""The package's shape: layering and the public surface.

- ``beampy._core`` is self-contained: it imports nothing from the rest of beampy.
- Every public name of ``beampy._core`` is re-exported by exactly one public
  module (``beampy`` counts with ``beampy.process``, which it mirrors).
- Public modules contain re-exports and small wrappers only; implementation
  lives in underscore modules.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import beampy
import beampy._core
import beampy.lowlevel
import beampy.process

ROOT = Path(beampy.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level:  # relative: resolve against the file's package
                pkg = path.relative_to(ROOT.parent).with_suffix("").parts[: -node.level]
                mod = ".".join([*pkg, mod]) if mod else ".".join(pkg)
            found.add(mod)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_core_imports_nothing_above_it() -> None:
    for path in (ROOT / "_core").glob("*.py"):
        above = {
            m for m in _imports(path) if m.startswith("beampy") and not m.startswith("beampy._core")
        }
        assert not above, f"{path.name} imports {above} from above the process layer"


def test_every_core_name_is_exported_once() -> None:
    public = {
        name
        for name in dir(beampy._core)
        if not name.startswith("_")
        and name not in {"current"}
        and not isinstance(getattr(beampy._core, name), type(beampy))
    }
    homes: dict[str, list[str]] = {}
    for module in (beampy.process, beampy.lowlevel):
        for name in dir(module):
            obj = getattr(module, name)
            for core_name in public:
                if obj is getattr(beampy._core, core_name):
                    homes.setdefault(core_name, []).append(module.__name__)
    for name in dir(beampy):
        obj = getattr(beampy, name)
        for core_name in public:
            if obj is getattr(beampy._core, core_name) and core_name not in homes:
                homes.setdefault(core_name, []).append("beampy")
    missing = public - set(homes)
    assert not missing, f"core names no public module exports: {sorted(missing)}"
    doubled = {k: v for k, v in homes.items() if len(v) > 1}
    assert not doubled, f"core names exported by several public modules: {doubled}"


def test_top_level_mirrors_process_module() -> None:
    for name in beampy.process.__all__:
        assert getattr(beampy, name) is getattr(beampy.process, name), name


def test_public_modules_define_no_implementation() -> None:
    for info in pkgutil.iter_modules(beampy.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"beampy.{info.name}")
        tree = ast.parse(Path(module.__file__ or "").read_text())
        classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
        assert not classes, f"beampy.{info.name} defines classes {classes}; move them to _core"


def test_process_api_uses_only_public_members_of_the_runtime() -> None:
    # _api.py works through the Kernel's and Proc's public methods; only the identity
    # fields of pids and refs (their private slots) are read directly.
    allowed = {"_proc", "_n", "_alias", "_alias_mode", "_mark_pid", "_mark_seq", "_timer"}
    tree = ast.parse((ROOT / "_core" / "_api.py").read_text())
    private = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    }
    assert private <= allowed, sorted(private - allowed)
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert {name for name in imported if name.startswith("_")} == set()


def _imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, with ``from pkg import sub`` resolved to ``pkg.sub``."""
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level:
                pkg = path.relative_to(ROOT.parent).with_suffix("").parts[: -node.level]
                mod = ".".join([*pkg, mod]) if mod else ".".join(pkg)
            found.add(mod)
            found.update(f"{mod}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _core_names_used(path: Path) -> set[str]:
    """Names taken from ``beampy._core``: ``from .._core import X`` and ``_core.X``."""
    tree = ast.parse(path.read_text())
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("_core"):
            used.update(alias.name for alias in node.names)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "_core"
        ):
            used.add(node.attr)
    return used


def _otp_modules() -> dict[str, Path]:
    return {path.stem: path for path in (ROOT / "_otp").glob("*.py")}


def test_otp_uses_only_the_public_names_of_the_process_layer() -> None:
    public = {name for name in dir(beampy._core) if not name.startswith("_")}
    for name, path in _otp_modules().items():
        deep = {
            m
            for m in _imported_modules(path)
            if m.startswith("beampy._core.") and m.removeprefix("beampy._core.") not in public
        }
        assert not deep, f"_otp/{name}.py imports {deep}; use beampy._core's package-level names"
        private = {n for n in _core_names_used(path) if n not in public}
        assert not private, (
            f"_otp/{name}.py uses {private} of beampy._core, which it does not export"
        )


def _otp_imports(name: str) -> set[str]:
    path = _otp_modules()[name]
    return {
        m.removeprefix("beampy._otp.")
        for m in _imported_modules(path)
        if m.startswith("beampy._otp.") and m.count(".") == 2
    }


def test_otp_layers_follow_otp() -> None:
    # OTP's layering: proc_lib <- gen <- gen_server; sys speaks the system-message protocol
    # through gen and never needs to know the server behind it.
    assert _otp_imports("_proc_lib") == set()
    assert _otp_imports("_gen") <= {"_proc_lib"}
    assert "_gen_server" not in _otp_imports("_sys")


#: The behaviours' layers, bottom up, as OTP and Elixir build them: a module may import
#: only from layers below its own (type-checking-only imports aside).
_OTP_LAYERS = {
    "_proc_lib": 0,
    "_gen": 1,
    "_gen_server": 2,
    "_sys": 2,
    "_task": 2,  # Task sits on the process layer and proc_lib, not on GenServer
    "_agent": 3,
    "_child": 3,
    "_supervisor": 4,
    "_dynamic_supervisor": 4,
    "_tree": 5,
    "_task_supervisor": 5,  # on DynamicSupervisor, as Elixir's
    "_testing": 6,
}
#: Public modules that stand for an _otp module when an _otp module imports them.
_PUBLIC_FOR = {"gen_server": "_gen_server", "proc_lib": "_proc_lib", "sys": "_sys"}


def _runtime_otp_imports(path: Path) -> set[str]:
    """The _otp modules ``path`` imports at run time (``if TYPE_CHECKING:`` blocks skipped)."""
    tree = ast.parse(path.read_text())
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, ast.ImportFrom):
            continue
        mod = node.module or ""
        if node.level:
            pkg = path.relative_to(ROOT.parent).with_suffix("").parts[: -node.level]
            mod = ".".join([*pkg, mod]) if mod else ".".join(pkg)
        for name in [mod, *(f"{mod}.{a.name}" for a in node.names)]:
            parts = name.split(".")
            if parts[:2] == ["beampy", "_otp"] and len(parts) >= 3:
                found.add(parts[2])
            elif len(parts) >= 2 and parts[0] == "beampy" and parts[1] in _PUBLIC_FOR:
                found.add(_PUBLIC_FOR[parts[1]])
    return found


def test_every_otp_module_has_a_layer() -> None:
    assert set(_otp_modules()) - {"__init__"} == set(_OTP_LAYERS)


def test_otp_modules_import_only_from_layers_below() -> None:
    for name, path in _otp_modules().items():
        if name == "__init__":
            continue
        upward = {
            m
            for m in _runtime_otp_imports(path)
            if m in _OTP_LAYERS and _OTP_LAYERS[m] >= _OTP_LAYERS[name] and m != name
        }
        assert not upward, f"_otp/{name}.py imports {sorted(upward)} from its layer or above"
