"""Registering a class in a ``@Module(...)`` decorator by editing the syntax tree with libcst.

The edit is idempotent (a class already listed and an import already present are left as
they are) and all-or-nothing: the new source is returned as a string, and any failure raises
before the caller writes anything.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from nest.cli.errors import CliError

__all__ = ["module_field_names", "register_in_module"]

_FIELDS = ("imports", "controllers", "providers", "exports")


def _is_module_decorator(decorator: cst.Decorator) -> bool:
    node = decorator.decorator
    if not isinstance(node, cst.Call):
        return False
    func = node.func
    if isinstance(func, cst.Name):
        return func.value == "Module"
    return isinstance(func, cst.Attribute) and func.attr.value == "Module"


def _module_classes(tree: cst.Module) -> list[cst.ClassDef]:
    return [
        stmt
        for stmt in tree.body
        if isinstance(stmt, cst.ClassDef) and any(map(_is_module_decorator, stmt.decorators))
    ]


def _dotted(node: cst.BaseExpression | None) -> str:
    if node is None:
        return ""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _bound_names(tree: cst.Module) -> set[str]:
    """Top-level names bound by ``import``/``from ... import`` and class/def statements."""
    names: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, (cst.ClassDef, cst.FunctionDef)):
            names.add(stmt.name.value)
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                for alias in small.names:
                    bound = alias.asname.name if alias.asname else alias.name
                    if isinstance(bound, cst.Name):
                        names.add(bound.value)
            elif isinstance(small, cst.Import):
                for imp in small.names:
                    bound = imp.asname.name if imp.asname else imp.name
                    names.add(_dotted(bound).split(".")[0])
    return names


def _add_import(tree: cst.Module, module: str, symbol: str) -> cst.Module:
    if symbol in _bound_names(tree):
        return tree
    statement = cst.parse_statement(f"from {module} import {symbol}\n")
    body = list(tree.body)
    last_import = -1
    for index, stmt in enumerate(body):
        if isinstance(stmt, cst.SimpleStatementLine) and any(
            isinstance(small, (cst.Import, cst.ImportFrom)) for small in stmt.body
        ):
            last_import = index
    body.insert(last_import + 1, statement)
    return tree.with_changes(body=body)


def _append(items: cst.List, symbol: str) -> cst.List:
    elements: Sequence[cst.Element] = [e for e in items.elements if isinstance(e, cst.Element)]
    if any(isinstance(e.value, cst.Name) and e.value.value == symbol for e in elements):
        return items
    new = cst.Element(cst.Name(symbol))
    if not elements:
        return items.with_changes(elements=[new])
    last = elements[-1]
    if len(elements) >= 2 and isinstance(elements[-2].comma, cst.Comma):
        separator = elements[-2].comma
    elif isinstance(items.lbracket.whitespace_after, cst.ParenthesizedWhitespace):
        separator = cst.Comma(whitespace_after=items.lbracket.whitespace_after)
    else:
        separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    new = new.with_changes(comma=last.comma)
    return items.with_changes(elements=[*elements[:-1], last.with_changes(comma=separator), new])


def _edit_call(call: cst.Call, field: str, symbol: str, where: str) -> cst.Call:
    if any(arg.keyword is None for arg in call.args):
        raise CliError(
            f"cannot register {symbol}: @Module(...) in {where} has positional arguments"
        )
    args = list(call.args)
    for index, arg in enumerate(args):
        if arg.keyword is not None and arg.keyword.value == field:
            if not isinstance(arg.value, cst.List):
                raise CliError(
                    f"cannot register {symbol}: {field}= in {where} is not a list literal; "
                    f"add {symbol} to it by hand"
                )
            args[index] = arg.with_changes(value=_append(arg.value, symbol))
            return call.with_changes(args=args)
    new_arg = cst.Arg(
        keyword=cst.Name(field),
        value=cst.List([cst.Element(cst.Name(symbol))]),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )
    if args:
        last = args[-1]
        trailing = last.comma
        separator = (
            trailing
            if isinstance(trailing, cst.Comma)
            and isinstance(trailing.whitespace_after, cst.ParenthesizedWhitespace)
            else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        )
        args[-1] = last.with_changes(comma=separator)
        new_arg = new_arg.with_changes(comma=trailing)
    return call.with_changes(args=[*args, new_arg])


def register_in_module(
    source: str,
    *,
    field: str,
    symbol: str,
    import_from: str,
    where: str,
    class_name: str | None = None,
) -> str:
    """Add ``symbol`` to ``field=[...]`` of a ``@Module`` class and import it.

    Args:
        source: The current text of the module file.
        field: ``imports``, ``controllers``, ``providers`` or ``exports``.
        symbol: The class name to add.
        import_from: Module to import it from (``.book.book_module``).
        where: The file's name, for error messages.
        class_name: The ``@Module`` class to edit; by default the only one, or ``AppModule``.

    Returns:
        The new source (equal to ``source`` when nothing was missing).

    Raises:
        CliError: If the file does not parse, has no such ``@Module`` class, or the field is
            not a list literal.
    """
    if field not in _FIELDS:
        raise CliError(f"unknown @Module field {field!r}")
    try:
        tree = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        raise CliError(f"cannot parse {where}: {exc.message} (line {exc.raw_line})") from exc
    classes = _module_classes(tree)
    if class_name is not None:
        classes = [c for c in classes if c.name.value == class_name]
    elif len(classes) > 1:
        classes = [c for c in classes if c.name.value == "AppModule"] or classes[:1]
    if not classes:
        wanted = f"class {class_name}" if class_name else "class"
        raise CliError(
            f"cannot register {symbol}: no {wanted} decorated with @Module(...) in {where}"
        )
    target = classes[0]
    decorators = [
        d.with_changes(decorator=_edit_call(d.decorator, field, symbol, where))
        if _is_module_decorator(d) and isinstance(d.decorator, cst.Call)
        else d
        for d in target.decorators
    ]
    tree = tree.with_changes(
        body=[
            stmt.with_changes(decorators=decorators) if stmt is target else stmt
            for stmt in tree.body
        ]
    )
    return _add_import(tree, import_from, symbol).code


def _shown(node: cst.BaseExpression) -> str:
    """``Name``, ``a.Name`` or ``Name.for_root(...)`` for a list element; "" otherwise."""
    if isinstance(node, cst.Call):
        called = _dotted(node.func)
        return f"{called}(...)" if called else ""
    return _dotted(node)


def module_field_names(tree: cst.Module, field: str, class_name: str | None = None) -> list[str]:
    """The plain names listed in ``field=[...]`` of a ``@Module`` class (``AppModule`` first).

    Args:
        tree: The parsed module file.
        field: ``imports``, ``controllers``, ``providers`` or ``exports``.
        class_name: The class to read; by default ``AppModule`` or else the first one.
    """
    classes = _module_classes(tree)
    preferred = class_name or "AppModule"
    classes = [c for c in classes if c.name.value == preferred] or classes[:1]
    names: list[str] = []
    for decorator in classes[0].decorators if classes else ():
        call = decorator.decorator
        if not (_is_module_decorator(decorator) and isinstance(call, cst.Call)):
            continue
        for arg in call.args:
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword == field and isinstance(arg.value, cst.List):
                names.extend(filter(None, (_shown(e.value) for e in arg.value.elements)))
    return names
