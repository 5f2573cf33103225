"""Serve the example application under uvicorn: ``python -m examples.run --host 127.0.0.1 --port 8000``."""

from __future__ import annotations

import argparse

import uvicorn

DEFAULT_APP = "examples.hello.app:server"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--app", default=DEFAULT_APP, help="import string of the ASGI app")
    parser.add_argument("--reload", action="store_true")
    args = parser.parse_args()
    uvicorn.run(args.app, host=args.host, port=args.port, reload=args.reload)


if __name__ == "__main__":
    main()
