"""``inbox users``: accounts from the command line, audited like the admin page's."""
from __future__ import annotations

from click.testing import CliRunner

from inbox.cli import main
from inbox.models import AuditEvent


def test_cli_users_add_with_password_stdin(tmp_path, settings):
    env = {"INBOX_DATA_DIR": str(settings.data_dir)}
    if settings.database_url:
        env["INBOX_DATABASE_URL"] = settings.database_url
    runner = CliRunner()
    r = runner.invoke(main, ["users", "add", "check@reaction.life", "--name", "Check", "--role", "admin",
                             "--password-stdin"], input="a long enough passphrase 123\n", env=env)
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["users", "add", "check@reaction.life", "--password-stdin"],
                      input="a long enough passphrase 123\n", env=env)
    assert r.exit_code != 0 and "already" in r.output
    r = runner.invoke(main, ["users", "add", "short@reaction.life", "--password-stdin"], input="short\n", env=env)
    assert r.exit_code != 0 and "at least 12" in r.output
    r = runner.invoke(main, ["users", "add", "prompt@reaction.life"], input="a long enough one!\na long enough one!\n",
                      env=env)
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["users", "list"], env=env)
    assert "check@reaction.life\tadmin\tactive" in r.output


def test_cli_users_add_is_audited(settings, db):
    env = {"INBOX_DATA_DIR": str(settings.data_dir)}
    if settings.database_url:
        env["INBOX_DATABASE_URL"] = settings.database_url
    r = CliRunner().invoke(main, ["users", "add", "audited@reaction.life", "--role", "editor",
                                  "--password-stdin"], input="a long enough passphrase 123\n", env=env)
    assert r.exit_code == 0, r.output
    with db.factory() as s:
        event = s.query(AuditEvent).filter_by(action="user-add").one()
    assert event.user_email == "cli" and event.user_id is None
    assert event.after == {"email": "audited@reaction.life", "role": "editor"}
