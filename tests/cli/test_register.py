from __future__ import annotations

import pytest

from nest.cli.errors import CliError
from nest.cli.register import module_field_names, register_in_module

APP_MODULE = """from nest.core import Module

from .app_controller import AppController


@Module(
    imports=[],
    controllers=[AppController],
)
class AppModule:
    pass
"""


def _add(source: str, symbol: str, module: str, field: str = "imports") -> str:
    return register_in_module(
        source, field=field, symbol=symbol, import_from=module, where="app_module.py"
    )


def test_adds_the_import_and_the_list_entry() -> None:
    out = _add(APP_MODULE, "BookModule", ".book.book_module")
    assert "from .book.book_module import BookModule\n" in out
    assert "imports=[BookModule]," in out
    assert out.index("import BookModule") < out.index("@Module")


def test_registering_twice_changes_nothing() -> None:
    once = _add(APP_MODULE, "BookModule", ".book.book_module")
    assert _add(once, "BookModule", ".book.book_module") == once


def test_second_module_is_appended_without_duplicate_imports() -> None:
    out = _add(_add(APP_MODULE, "BookModule", ".book"), "AuthorModule", ".author")
    out = _add(out, "BookModule", ".book")
    assert "imports=[BookModule, AuthorModule]," in out
    assert out.count("import BookModule") == 1
    assert out.count("import AuthorModule") == 1


def test_a_name_already_imported_elsewhere_is_not_imported_again() -> None:
    source = APP_MODULE.replace(
        "from .app_controller", "from .shared import BookModule\nfrom .app_controller"
    )
    out = _add(source, "BookModule", ".book.book_module")
    assert out.count("BookModule") == 2  # the existing import and the new list entry
    assert "from .book.book_module" not in out


def test_multi_line_lists_keep_their_layout() -> None:
    source = (
        "from nest.core import Module\n\n@Module(controllers=[\n    A,\n])\nclass M:\n    pass\n"
    )
    out = _add(source, "B", ".b", field="controllers")
    assert "@Module(controllers=[\n    A,\n    B,\n])" in out


def test_a_missing_field_is_added() -> None:
    out = _add(
        "from nest.core import Module\n\n@Module()\nclass M:\n    pass\n", "S", ".s", "providers"
    )
    assert "@Module(providers=[S])" in out


def test_the_named_class_is_edited_when_several_exist() -> None:
    source = (
        "@Module(providers=[])\nclass First:\n    pass\n\n"
        "@Module(providers=[])\nclass Second:\n    pass\n"
    )
    out = register_in_module(
        source, field="providers", symbol="S", import_from=".s", where="m.py", class_name="Second"
    )
    assert "@Module(providers=[])\nclass First" in out
    assert "@Module(providers=[S])\nclass Second" in out


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("def broken(:\n", "cannot parse app_module.py"),
        ("class AppModule:\n    pass\n", "no class decorated with @Module(...) in app_module.py"),
        ("@Module(imports=MODULES)\nclass AppModule:\n    pass\n", "is not a list literal"),
        ("@Module([], [])\nclass AppModule:\n    pass\n", "positional arguments"),
    ],
)
def test_files_it_cannot_edit_raise_one_clear_error(source: str, message: str) -> None:
    with pytest.raises(CliError) as caught:
        _add(source, "BookModule", ".book")
    assert message in caught.value.format_message()


def test_field_names_are_read_back() -> None:
    import libcst as cst

    out = _add(_add(APP_MODULE, "BookModule", ".book"), "AuthorModule", ".author")
    assert module_field_names(cst.parse_module(out), "imports") == ["BookModule", "AuthorModule"]
    assert module_field_names(cst.parse_module(out), "controllers") == ["AppController"]


def test_field_names_show_dynamic_modules() -> None:
    import libcst as cst

    source = "@Module(imports=[OrmModule.for_root(config), BookModule, lambda: 1])\nclass AppModule:\n    pass\n"
    names = module_field_names(cst.parse_module(source), "imports")
    assert names == ["OrmModule.for_root(...)", "BookModule"]
