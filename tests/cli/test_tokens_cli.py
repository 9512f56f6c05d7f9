"""``inbox tokens add|list|revoke``: the secret printed once on stdout, only its hash stored."""
from __future__ import annotations

import hashlib

from click.testing import CliRunner
from sqlalchemy import select

from inbox.cli import main
from inbox.desk.tokens import token_for
from inbox.models import ApiToken


def run(settings, *args):
    env = {"INBOX_DATA_DIR": str(settings.data_dir), "INBOX_DATABASE_URL": settings.database_url or ""}
    return CliRunner().invoke(main, ["tokens", *args], env=env, catch_exceptions=False)


def test_add_list_revoke(settings, db, session):
    added = run(settings, "add", "cms", "--scope", "write")
    assert added.exit_code == 0
    secret = added.stdout.strip()
    assert secret.startswith("rli_") and len(secret) > 40 and "\n" not in secret
    row = session.scalar(select(ApiToken).where(ApiToken.name == "cms"))
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest() and secret not in row.token_hash
    assert token_for(session, secret).name == "cms"
    assert run(settings, "add", "cms", "--scope", "read").exit_code == 1          # names are unique
    assert run(settings, "add", "x", "--scope", "admin").exit_code == 2
    listed = run(settings, "list").stdout
    assert listed.startswith("cms\twrite\tactive\t") and secret not in listed
    assert run(settings, "revoke", "cms").exit_code == 0
    session.rollback()
    assert token_for(session, secret) is None
    assert "\trevoked\t" in run(settings, "list").stdout
    assert run(settings, "revoke", "nobody").exit_code == 1
