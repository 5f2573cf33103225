from __future__ import annotations

import jinja2
import pytest

from nest.cli.naming import normalize_name
from nest.cli.render import render


def test_fit_joins_a_construct_that_fits_and_keeps_a_long_one_wrapped() -> None:
    short = render("resource/controller.py.jinja", **_context("book"))
    assert "    async def update(self, book_id: int, data: BookUpdate) -> BookResponse:\n" in short
    long = render("resource/controller.py.jinja", **_context("a-very-long-resource-name-indeed"))
    assert "    async def update(\n        self, a_very_long_resource_name_indeed_id: int," in long


def test_a_missing_variable_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render("resource/controller.py.jinja", res=normalize_name("book"))


def test_templates_are_package_files() -> None:
    from importlib.resources import files

    templates = files("nest.cli") / "templates"
    assert (templates / "resource" / "controller.py.jinja").is_file()
    assert (templates / "application" / "src" / "app_module.py.jinja").is_file()


def _context(name: str) -> dict[str, object]:
    from nest.cli.generators.feature import _Await

    return {
        "res": normalize_name(name),
        "is_async": True,
        "aw": _Await("async ", "await "),
        "config_module": "src.config",
        "config_attr": "config",
    }
