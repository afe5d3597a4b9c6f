"""Running the real command line in a child process, on this test's own data folder."""

from __future__ import annotations

import pytest

from tests.support.cli import run_app


@pytest.fixture
def calm(calm_home):
    """`calm("list")` runs `python app.py list` on this test's CALM_HOME and returns the
    finished process (text stdout and stderr); `stdin=` feeds its input."""

    def run(*args: str, **options):
        return run_app(calm_home, *args, **options)

    return run
