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
