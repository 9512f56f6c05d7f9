"""A normal (non-editable) install ships the templates, migrations, seeds and static files and
finds them at run time."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from tests.conftest import REPO

CHECK = """
import inbox, sys
from pathlib import Path
from inbox.config import Settings
from inbox.resources import resource_dir, static_dir
from inbox.bootstrap import open_database
from inbox.web import create_app
root = Path(inbox.__file__).parent
assert str(root).startswith(sys.argv[1]), root
for name in ("templates", "migrations", "seeds"):
    assert resource_dir(name) == root / f"_{name}", resource_dir(name)
assert (static_dir() / "app.css").is_file()
settings = Settings(data_dir=Path(sys.argv[2]))
db = open_database(settings)
app = create_app(settings, db=db)
page = app.test_client().get("/signin").get_data(as_text=True)
assert "Sign in" in page and "Password" in page
print("ok")
"""


def test_the_wheel_carries_its_resources_and_runs_from_them(tmp_path):
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources, and another
    # test run (.ci/run runs two side by side) may be building from the same checkout.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv*", ".cache", "build", "*.egg-info", "__pycache__", "node_modules", "bench"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(source)],
                   check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("inbox/_templates/signin.html", "inbox/_migrations/env.py", "inbox/_migrations/script.py.mako",
                     "inbox/_seeds/blinken-beijing.txt", "inbox/static/app.js", "inbox/mail/parse.py"):
        assert expected in names
    assert any(n.startswith("inbox/_migrations/versions/0001") for n in names)
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-c", CHECK, str(target), str(tmp_path / "data")], cwd=tmp_path,
                         env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
    assert out.stdout.strip().endswith("ok"), out.stderr[-2000:]
