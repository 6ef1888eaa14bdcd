"""The package type-checks: mypy on framing/ with the configuration in pyproject.toml ([tool.mypy]).

`make test` runs mypy before pytest; this test makes `pytest` alone catch a type error too. Without mypy (it
comes with the dev extra) the test skips, saying why, except under ``CI=true``, where that is a failure.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_errors():
    try:
        from mypy import api
    except ImportError:
        reason = "mypy is not installed: pip install -c requirements.lock -e '.[dev]'"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"{reason}, but CI=true: the type check must run on CI")
        pytest.skip(reason)
    # the cache is the one `make test` and a plain `mypy` use, so a second run takes a second, not half a minute
    args = ["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(ROOT / ".mypy_cache")]
    stdout, stderr, status = api.run([*args, str(ROOT / "framing")])
    assert status == 0, f"mypy found type errors in framing/:\n{stdout}{stderr}"
