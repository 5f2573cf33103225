import subprocess
import sys


def test_nest_config_imports_nothing_from_fastapi_sqlalchemy_or_click() -> None:
    code = (
        "import sys, nest.config\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'fastapi', 'starlette', 'sqlalchemy', 'click'})\n"
        "print(','.join(bad) or 'none')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "none"  # usable in workers and scripts without HTTP
