"""``inbox users ...``: manage editors' accounts from the command line (the first admin too)."""
from __future__ import annotations

import sys

import click

from inbox.config import Settings


@click.group()
def users() -> None:
    """Editors' accounts."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt="Password again")


@users.command("add")
@click.argument("email")
@click.option("--name", default="", help="The editor's name as shown in the UI.")
@click.option("--role", type=click.Choice(["editor", "admin"]), default="editor", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password as one line from stdin.")
@click.pass_obj
def add(settings: Settings, email: str, name: str, role: str, password_stdin: bool) -> None:
    """Create an account for EMAIL (asks for the password twice unless --password-stdin)."""
    from inbox.bootstrap import open_database
    from inbox.db import transaction
    from inbox.desk import accounts

    password = _read_password(password_stdin)
    try:
        accounts.check_password_rules(password)
    except accounts.AccountError as e:
        raise click.ClickException(str(e)) from None
    db = open_database(settings, seed=False)
    try:
        with transaction(db.factory) as session:
            user = accounts.create_user(session, email, password, name=name, role=role, actor="cli")
            summary = f"{user.email} ({user.role.value})"
    except accounts.AccountError as e:
        raise click.ClickException(str(e)) from None
    finally:
        db.engine.dispose()
    click.echo(f"account created: {summary}", err=True)


@users.command("list")
@click.pass_obj
def list_(settings: Settings) -> None:
    """Print the accounts, one a line: email, role, active."""
    from inbox.bootstrap import open_database
    from inbox.desk import accounts

    db = open_database(settings, seed=False)
    with db.factory() as session:
        for user in accounts.list_users(session):
            click.echo(f"{user.email}\t{user.role.value}\t{'active' if user.active else 'inactive'}")
    db.engine.dispose()
