import subprocess
import sys


def test_nest_di_imports_nothing_from_fastapi_sqlalchemy_or_click() -> None:
    code = (
        "import sys, nest.di\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'fastapi', 'starlette', 'sqlalchemy', 'click'})\n"
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_importing_nest_leaves_logging_alone() -> None:
    code = (
        "import logging, nest, nest.di, nest.http, nest.core\n"
        "root = logging.getLogger()\n"
        "print(len(root.handlers), logging.getLogger('nest').handlers, logging.getLogger('nest').level)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
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
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
