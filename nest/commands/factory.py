"""``CommandFactory``: a module graph as a click group whose commands run on the DI container.

Start-up has the same phases as the HTTP factory: the module graph is scanned and validated (every
DI problem reported at once), then the CLI controllers are planned (every declaration problem
reported at once). Nothing is built yet: each command invocation gets its own container, built in
its own event loop around the command, so providers with teardown are always closed.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import click

from nest.commands.errors import CommandDefinitionError
from nest.commands.planning import CliControllerPlan, CommandPlan, plan_cli_controllers
from nest.di.container import Container
from nest.di.context import ApplicationContext
from nest.di.records import ProviderRecord
from nest.di.request_scope import request_scope

__all__ = ["CLIAppFactory", "CommandFactory"]

_Invoke = Callable[[ProviderRecord, str, dict[str, Any]], Any]


class _Invoker:
    """Runs one command: a fresh container, init, the method, close, all in one event loop."""

    def __init__(self, container: Container) -> None:
        # The validated graph and bindings are shared; the instances are new for each invocation.
        self._graph = container.graph
        self._resolver = container.resolver

    def __call__(self, record: ProviderRecord, method: str, kwargs: dict[str, Any]) -> Any:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise RuntimeError(
                f"The command {method}() of {record.name} was invoked inside a running event loop. "
                "A nest CLI command runs its own event loop: invoke the click group from synchronous "
                "code (a plain `def` test with click.testing.CliRunner, or the script's main)."
            )
        return asyncio.run(self._run(record, method, kwargs))

    async def _run(self, record: ProviderRecord, method: str, kwargs: dict[str, Any]) -> Any:
        context = ApplicationContext(Container(self._graph, self._resolver))
        await context.init()  # on failure it has already torn down what it built
        try:
            controller = context.container.instance_of(record)
            # One run is one unit of work: REQUEST providers (reached through Lazy[...]) get one
            # instance each, torn down after the command with its error, if any.
            async with request_scope():
                result = getattr(controller, method)(**kwargs)
                if inspect.isawaitable(result):
                    result = await result
            return result
        finally:
            await context.close()


def _command(controller: CliControllerPlan, plan: CommandPlan, invoke: _Invoke) -> click.Command:
    record, method, parameters = controller.record, plan.method, plan.parameters

    def callback(**values: Any) -> Any:
        return invoke(record, method, parameters.arguments(values))

    options = dict(plan.options)
    options.setdefault("help", inspect.getdoc(plan.func))
    return click.Command(plan.name, callback=callback, params=list(parameters.params), **options)


def _group(controller: CliControllerPlan, invoke: _Invoke, problems: list[str]) -> click.Group:
    cls = controller.record.use_class
    where = getattr(cls, "__name__", controller.record.name)
    options = dict(controller.options)
    options.setdefault("help", inspect.getdoc(cls))
    try:
        group = click.Group(controller.name, **options)
    except TypeError as exc:
        problems.append(
            f"@CliController on {where} (module {controller.record.module.name}) has an option "
            f"click.Group does not take: {exc}."
        )
        group = click.Group(controller.name)
    for plan in controller.commands:
        try:
            group.add_command(_command(controller, plan, invoke))
        except TypeError as exc:
            problems.append(
                f"@CliCommand on {where}.{plan.method} (module {controller.record.module.name}) "
                f"has an option click.Command does not take: {exc}."
            )
    return group


class CommandFactory:
    """Creates CLI applications: click groups whose commands are methods of injected controllers."""

    @staticmethod
    def create(main_module: Any, *, name: str = "main", **group_options: Any) -> click.Group:
        """The click group of the application whose root module is ``main_module``.

        Every ``@CliController`` in a module's ``controllers=[...]`` becomes a sub-group holding its
        ``@CliCommand`` methods; HTTP controllers are left out. The module graph is validated now,
        so a missing provider fails here, before any command runs. Each command invocation builds
        the providers in a new event loop, runs the lifecycle hooks (``on_module_init`` ...), runs
        the command, then shuts down (``on_application_shutdown``, generator teardowns), also when
        the command raises. ``--help`` starts nothing.

        Args:
            main_module: The root module class (or a dynamic module).
            name: The group's name (shown in usage lines when no program name is known).
            **group_options: Passed to ``click.Group`` (``help``, ``context_settings``, ...).

        Raises:
            StartupValidationError: Or another ``ModuleGraphError``: the DI graph is invalid.
            CommandDefinitionError: A CLI controller or command is declared wrongly.
        """
        container = Container.create(main_module)
        plans, problems = plan_cli_controllers(container.graph)
        invoke = _Invoker(container)
        group = click.Group(name, **group_options)
        for plan in plans:
            group.add_command(_group(plan, invoke, problems))
        if problems:
            raise CommandDefinitionError(problems)
        return group

    @staticmethod
    def run(
        main_module: Any,
        args: Sequence[str] | None = None,
        *,
        prog_name: str | None = None,
        **group_options: Any,
    ) -> NoReturn:
        """Create the application and run it as a program: parse ``args``, run, exit.

        ``CommandFactory.run(AppModule)`` under ``if __name__ == "__main__":`` is a whole CLI
        entry point. The process exits with the command's status (0, 2 for a usage error, 1 for a
        ``click.ClickException`` or an unhandled error), as click's ``main`` does.

        Args:
            main_module: The root module.
            args: The arguments (default: ``sys.argv[1:]``).
            prog_name: The program name shown in usage lines (default: from ``sys.argv[0]``).
            **group_options: Passed to ``click.Group``.
        """
        group = CommandFactory.create(main_module, **group_options)
        group.main(args=list(args) if args is not None else None, prog_name=prog_name)
        raise SystemExit(0)  # not reached: click's main exits


class CLIAppFactory:
    """PyNest's name for :class:`CommandFactory`: ``CLIAppFactory().create(AppModule)``."""

    def create(self, app_module: Any, **group_options: Any) -> click.Group:
        """The click group of ``app_module`` (see :meth:`CommandFactory.create`)."""
        return CommandFactory.create(app_module, **group_options)
