"""The files of a feature: ``pynest generate resource|module|controller|service``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nest.cli.errors import CliError
from nest.cli.naming import Names
from nest.cli.plan import Plan
from nest.cli.project import Project
from nest.cli.render import render

__all__ = ["FEATURE_KINDS", "feature_plan"]

FEATURE_KINDS = ("resource", "module", "controller", "service")

# kind -> (template under templates/, file suffix) for each file it writes
_FILES: dict[str, tuple[tuple[str, str], ...]] = {
    "resource": (
        ("resource/entity.py.jinja", "_entity.py"),
        ("resource/model.py.jinja", "_model.py"),
        ("resource/service.py.jinja", "_service.py"),
        ("resource/controller.py.jinja", "_controller.py"),
        ("resource/module.py.jinja", "_module.py"),
    ),
    "module": (("module/module.py.jinja", "_module.py"),),
    "controller": (("controller/controller.py.jinja", "_controller.py"),),
    "service": (("service/service.py.jinja", "_service.py"),),
}


@dataclass(frozen=True)
class _Await:
    """Spellings that differ between the sync and async flavours of a template."""

    def_: str
    await_: str


def _dotted(project: Project, path: Path) -> str:
    return ".".join(path.relative_to(project.root).with_suffix("").parts)


def _import_path(target_module: str, from_module: str) -> str:
    """``from_module`` as imported from ``target_module``: relative inside one package."""
    package = target_module.rpartition(".")[0]
    if package and from_module.startswith(package + "."):
        return "." + from_module[len(package) + 1 :]
    return from_module


def _package_dir(project: Project, names: Names, path: str | None) -> Path:
    base = project.source if path is None else (Path.cwd() / path).resolve()
    source = project.source.resolve()
    if base != source and source not in base.parents:
        raise CliError(
            f"--path {path} is outside the project's source folder {project.source}; "
            f"choose a folder inside {project.settings.source_dir}/"
        )
    return base / names.snake


def _register(
    plan: Plan,
    project: Project,
    module_file: Path,
    *,
    field: str,
    symbol: str,
    defined_in: str,
    class_name: str | None = None,
) -> None:
    current = plan.content_of(module_file)
    if current is None:
        if not module_file.is_file():
            raise CliError(
                f"cannot register {symbol}: {module_file.relative_to(project.root)} does not exist"
            )
        current = module_file.read_text(encoding="utf-8")
    # libcst takes a fifth of a second to import: only commands that edit code pay for it.
    from nest.cli.register import register_in_module

    target = _dotted(project, module_file)
    updated = register_in_module(
        current,
        field=field,
        symbol=symbol,
        import_from=_import_path(target, defined_in),
        where=str(module_file.relative_to(project.root)),
        class_name=class_name,
    )
    plan.add(module_file, updated, edit=True)


def feature_plan(project: Project, kind: str, names: Names, *, path: str | None = None) -> Plan:
    """Plan the files of a feature and its registration in a ``@Module``.

    A resource or module is added to ``imports`` of the root module. A controller or service
    is added to ``<name>_module.py`` in its folder when that file exists, else to the root
    module.

    Args:
        project: The project to add to.
        kind: ``resource``, ``module``, ``controller`` or ``service``.
        names: The feature's name.
        path: Folder to create the feature's package in (default: the source folder).

    Returns:
        The plan; nothing is written yet.
    """
    if kind not in _FILES:
        raise CliError(f"unknown kind {kind!r}: use one of {', '.join(FEATURE_KINDS)}")
    settings = project.settings
    config_module, _, config_attr = settings.config.partition(":")
    flavour = _Await("async ", "await ") if settings.is_async else _Await("", "")
    context = {
        "res": names,
        "is_async": settings.is_async,
        "aw": flavour,
        "config_module": config_module,
        "config_attr": config_attr or "config",
    }
    package = _package_dir(project, names, path)
    plan = Plan(root=project.root)
    init = package / "__init__.py"
    if kind in ("resource", "module") or not init.exists():
        plan.add(init, render("module/__init__.py.jinja", **context))
    for template, suffix in _FILES[kind]:
        plan.add(package / f"{names.snake}{suffix}", render(template, **context))
    if kind == "resource":
        tests = project.root / "tests" / f"test_{names.snake}.py"
        plan.add(tests, render("resource/test.py.jinja", **context))

    feature_file = package / f"{names.snake}{_FILES[kind][-1][1]}"
    defined_in = _dotted(project, feature_file)
    if kind in ("resource", "module"):
        _register(
            plan, project, project.app_module_file,
            field="imports", symbol=f"{names.pascal}Module", defined_in=defined_in,
        )  # fmt: skip
        return plan
    own_module = package / f"{names.snake}_module.py"
    module_file, class_name = (
        (own_module, f"{names.pascal}Module")
        if own_module.is_file()
        else (project.app_module_file, None)
    )
    field, symbol = (
        ("controllers", f"{names.pascal}Controller")
        if kind == "controller"
        else ("providers", f"{names.pascal}Service")
    )
    _register(
        plan, project, module_file,
        field=field, symbol=symbol, defined_in=defined_in, class_name=class_name,
    )  # fmt: skip
    return plan
