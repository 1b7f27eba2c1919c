"""Running ``netral`` in the test process, for the command-line tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from netral_desktop.cli import main
from netral_desktop.config import HomeLayout


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def netral(layout: HomeLayout, capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``netral --home <layout> ARGS`` in this process."""

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(["--home", str(layout.root), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
