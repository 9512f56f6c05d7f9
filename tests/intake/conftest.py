"""Fixtures for the intake tests: a self-signed certificate for STARTTLS."""
from __future__ import annotations

import shutil
import subprocess

import pytest


@pytest.fixture
def certificate(tmp_path):
    if not shutil.which("openssl"):
        pytest.skip(reason="openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=localhost", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key
