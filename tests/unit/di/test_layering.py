import subprocess
import sys


def _run(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (nothing imported yet)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)


def test_nest_di_imports_nothing_from_fastapi_sqlalchemy_or_click() -> None:
    code = (
        "import sys, nest.di\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'fastapi', 'starlette', 'sqlalchemy', 'click'})\n"
        "print(','.join(bad))"
    )
    result = _run(code)
    assert result.stdout.strip() == ""


def test_importing_nest_leaves_logging_alone() -> None:
    code = (
        "import logging, nest, nest.di, nest.http, nest.core\n"
        "root = logging.getLogger()\n"
        "print(len(root.handlers), logging.getLogger('nest').handlers, logging.getLogger('nest').level)"
    )
    result = _run(code)
    assert result.stdout.strip() == "0 [] 0"


def test_an_app_without_a_database_does_not_import_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "from nest.core import Controller, Get, Module, PyNestFactory\n"
        "@Controller('x')\n"
        "class C:\n"
        "    @Get('/')\n"
        "    def get(self): return 1\n"
        "@Module(controllers=[C])\n"
        "class M: pass\n"
        "PyNestFactory.create(M)\n"
        "print('sqlalchemy' in sys.modules)"
    )
    result = _run(code)
    assert result.stdout.strip() == "False"


def test_every_module_can_be_the_first_one_imported() -> None:
    """No import cycle bites whichever nest module a program imports first."""
    code = (
        "import importlib, pkgutil, sys, nest\n"
        "names = [m.name for m in pkgutil.walk_packages(nest.__path__, 'nest.')\n"
        "         if '.templates' not in m.name]\n"
        "failed = []\n"
        "for name in names:\n"
        "    for loaded in [m for m in sys.modules if m == 'nest' or m.startswith('nest.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {exc!r}')\n"
        "print(len(names))\n"
        "print('\\n'.join(failed))"
    )
    result = _run(code)
    count, *failures = result.stdout.strip().splitlines()
    assert int(count) > 100
    assert failures == []


def test_an_app_without_gateways_does_not_import_nest_websockets() -> None:
    code = (
        "import sys\n"
        "from nest.core import Controller, Get, Module, PyNestFactory\n"
        "@Controller('x')\n"
        "class C:\n"
        "    @Get('/')\n"
        "    def get(self): return 1\n"
        "@Module(controllers=[C])\n"
        "class M: pass\n"
        "PyNestFactory.create(M)\n"
        "print('nest.websockets' in sys.modules, 'nest.config' in sys.modules)"
    )
    result = _run(code)
    assert result.stdout.strip() == "False False"
