"""Lifecycle hooks and the standalone application context."""

import asyncio

from nest.di import Injectable, Module
from nest.http import PyNestFactory


@Injectable
class Poller:
    """Starts a background task with the server and stops it on shutdown."""

    def __init__(self) -> None:
        self.ticks = 0
        self._task: asyncio.Task[None] | None = None

    async def on_module_init(self) -> None:
        # Runs in the server's event loop: loop-bound resources belong here, not in __init__.
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            self.ticks += 1
            await asyncio.sleep(0.01)

    async def on_application_shutdown(self) -> None:
        if self._task is not None:
            self._task.cancel()


@Module(providers=[Poller])
class WorkerModule:
    pass


async def main() -> int:
    """A script or worker: the same modules and DI, no HTTP."""
    async with PyNestFactory.create_application_context(WorkerModule) as context:
        await asyncio.sleep(0.05)
        return context.get(Poller).ticks
