"""``python -m nest.cli``: the same as the ``pynest`` command."""

from nest.cli.main import main

if __name__ == "__main__":
    main()
