"""Serve an example application under uvicorn: ``python -m examples.run --host 127.0.0.1 --port 8000``.

``--example`` picks one: ``bookstore`` (the default: the async book store on
``./bookstore.db``, or on ``DATABASE_URL``), ``bookstore-sync`` (the same store with
blocking database calls) or ``hello``; ``--app`` serves any other import string.
"""

from __future__ import annotations

import argparse

import uvicorn

__all__ = ["EXAMPLES", "main"]

#: Example name -> (uvicorn import string, whether it names an app factory).
EXAMPLES: dict[str, tuple[str, bool]] = {
    "bookstore": ("examples.bookstore.app:create_server", True),
    "bookstore-sync": ("examples.bookstore.app:create_sync_server", True),
    "hello": ("examples.hello.app:server", False),
}
DEFAULT_EXAMPLE = "bookstore"


def main() -> None:
    """Parse the command line and run uvicorn."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--example", choices=sorted(EXAMPLES), default=DEFAULT_EXAMPLE)
    parser.add_argument("--app", help="import string of another ASGI app (overrides --example)")
    parser.add_argument("--factory", action="store_true", help="--app names an app factory")
    parser.add_argument("--reload", action="store_true")
    args = parser.parse_args()
    target, factory = (args.app, args.factory) if args.app else EXAMPLES[args.example]
    uvicorn.run(target, host=args.host, port=args.port, reload=args.reload, factory=factory)


if __name__ == "__main__":
    main()
