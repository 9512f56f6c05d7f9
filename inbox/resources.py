"""Where the templates, migrations and seed documents live at run time.

In a source checkout (and an editable install) they are the top-level folders of the repository;
in a wheel they are packaged as ``inbox/_templates``, ``inbox/_migrations`` and ``inbox/_seeds``
(see ``[tool.setuptools.package-dir]`` in pyproject.toml).
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder ``name`` (``templates``, ``migrations`` or ``seeds``)."""
    checkout = _PACKAGE.parent / name
    if checkout.is_dir() and (_PACKAGE.parent / "pyproject.toml").is_file():
        return checkout
    return _PACKAGE / f"_{name}"


def static_dir() -> Path:
    return _PACKAGE / "static"
