"""``inbox tokens add|list|revoke``: the CMS API's bearer tokens."""
from __future__ import annotations

import click

from inbox.config import Settings


@click.group()
def tokens() -> None:
    """Bearer tokens for the CMS API (/api/v1/)."""


@tokens.command("add")
@click.argument("name")
@click.option("--scope", type=click.Choice(["read", "write"]), required=True,
              help="read: list articles and published letters; write: also add articles and mark letters published.")
@click.pass_obj
def add(settings: Settings, name: str, scope: str) -> None:
    """Make a token called NAME and print its secret on stdout (shown this once only)."""
    from inbox.bootstrap import open_database
    from inbox.db import transaction
    from inbox.desk import tokens as service

    db = open_database(settings, seed=False)
    try:
        with transaction(db.factory) as session:
            _, secret = service.create_token(session, name, scope, actor="cli")
    except service.TokenError as e:
        raise click.ClickException(str(e)) from None
    finally:
        db.engine.dispose()
    click.echo(secret)
    click.echo(f"token {name!r} ({scope}) made; the secret above is not stored and cannot be shown again", err=True)


@tokens.command("list")
@click.pass_obj
def list_(settings: Settings) -> None:
    """One token a line: name, scope, active/revoked, created, last used (never the secret)."""
    from inbox.bootstrap import open_database
    from inbox.desk import tokens as service

    db = open_database(settings, seed=False)
    try:
        with db.factory() as session:
            for t in service.list_tokens(session):
                used = t.last_used_at.isoformat(timespec="seconds") if t.last_used_at else "never used"
                state = "revoked" if t.revoked_at else "active"
                click.echo(f"{t.name}\t{t.scope}\t{state}\t{t.created_at.isoformat(timespec='seconds')}\t{used}")
    finally:
        db.engine.dispose()


@tokens.command("revoke")
@click.argument("name")
@click.pass_obj
def revoke(settings: Settings, name: str) -> None:
    """Revoke the token called NAME: it stops working at once."""
    from inbox.bootstrap import open_database
    from inbox.db import transaction
    from inbox.desk import tokens as service

    db = open_database(settings, seed=False)
    try:
        with transaction(db.factory) as session:
            service.revoke_token(session, name, actor="cli")
    except service.TokenError as e:
        raise click.ClickException(str(e)) from None
    finally:
        db.engine.dispose()
    click.echo(f"token {name!r} revoked", err=True)
