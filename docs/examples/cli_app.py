"""A management CLI: commands that run on the application's modules and providers."""

import asyncio
import os
import sqlite3
from collections.abc import Iterator

import click

from nest.commands import CliCommand, CliController, CommandFactory
from nest.di import Injectable, Module


def open_database() -> Iterator[sqlite3.Connection]:
    """One connection per command run, closed after it, also when the command fails."""
    connection = sqlite3.connect(os.environ.get("USERS_DB", "users.sqlite3"))
    connection.execute("CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, admin INTEGER)")
    try:
        yield connection
    finally:
        connection.close()


@Injectable
class AuditLog:
    def __init__(self) -> None:
        self.changes: list[str] = []

    def record(self, change: str) -> None:
        self.changes.append(change)

    def on_application_shutdown(self) -> None:
        # A lifecycle hook: runs after the command, before the connection closes.
        if self.changes:
            click.echo(f"audit: {', '.join(self.changes)}", err=True)


@Injectable
class UsersService:
    def __init__(self, db: sqlite3.Connection, audit: AuditLog) -> None:
        self.db = db
        self.audit = audit

    def add(self, name: str, *, admin: bool) -> bool:
        try:
            with self.db:
                self.db.execute("INSERT INTO users VALUES (?, ?)", (name, admin))
        except sqlite3.IntegrityError:
            return False
        self.audit.record(f"added {name}")
        return True

    def all(self, *, admins_only: bool = False) -> list[tuple[str, bool]]:
        query = "SELECT name, admin FROM users" + (" WHERE admin" if admins_only else "")
        return [(name, bool(admin)) for name, admin in self.db.execute(query + " ORDER BY name")]

    def remove(self, name: str) -> bool:
        with self.db:
            removed = self.db.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount > 0
        if removed:
            self.audit.record(f"removed {name}")
        return removed


@CliController("users")
class UsersCommands:
    """Manage the users of the book store."""

    def __init__(self, users: UsersService) -> None:
        self.users = users

    @CliCommand("add")
    @click.argument("name")
    @click.option("--admin", is_flag=True, help="Give the user every permission.")
    def add(self, name: str, admin: bool) -> None:
        """Add a user."""
        if not self.users.add(name, admin=admin):
            raise click.ClickException(f"user {name!r} already exists")  # exit status 1
        click.echo(f"added {name}")

    @CliCommand("list")
    def list_users(self, admins_only: bool = False) -> None:
        """List users (a plain bool parameter is the flag --admins-only)."""
        for name, admin in self.users.all(admins_only=admins_only):
            click.echo(f"{name}{' (admin)' if admin else ''}")

    @CliCommand("remove")
    async def remove(self, names: list[str], dry_run: bool = False) -> None:
        """Remove users: NAMES... is every remaining argument."""
        for name in names:
            if dry_run:
                click.echo(f"would remove {name}")
            elif self.users.remove(name):
                click.echo(f"removed {name}")
            await asyncio.sleep(0)  # an async command runs in the event loop of its run


@Module(
    controllers=[UsersCommands],
    providers=[
        UsersService,
        AuditLog,
        {"provide": sqlite3.Connection, "use_factory": open_database},
    ],
)
class AdminModule:
    pass


def main() -> None:
    """``python cli_app.py users list``; also usable as a ``[project.scripts]`` entry point."""
    CommandFactory.run(AdminModule)


if __name__ == "__main__":
    main()
