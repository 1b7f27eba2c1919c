"""Options are spelled out in full and a usage error never echoes a secret (issue 12 item 6):
every ``netral`` subcommand, walked from the parser itself."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from netral_desktop.cli import build_parser, main
from netral_desktop.cli.common import EXIT_USAGE


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple]:
    yield path
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _commands(child, (*path, name))


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple]:
    groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not groups:
        yield path
    for action in groups:
        for name, child in action.choices.items():
            yield from _leaves(child, (*path, name))


COMMANDS = list(_commands(build_parser()))
LEAVES = set(_leaves(build_parser()))


def _run(capsys: pytest.CaptureFixture[str], tmp_path, *args: str) -> tuple[int | str | None, str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as caught:
        main(["--home", str(tmp_path / "home"), *args])
    captured = capsys.readouterr()
    return caught.value.code, captured.out + captured.err


def test_every_subcommand_is_walked() -> None:
    # The walk sees the nested groups too (a test that walked nothing would pass vacuously).
    assert ("roster", "import") in COMMANDS and ("user", "add") in COMMANDS
    assert len(COMMANDS) > 25


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "netral")
def test_an_abbreviated_option_is_a_usage_error(command, capsys, tmp_path) -> None:
    # Before: ``--pass X`` was taken as ``--password-env X`` (and ``--ho`` as ``--home``).
    code, output = _run(capsys, tmp_path, *command, "--pass", "X")
    assert code == EXIT_USAGE
    if command in LEAVES:  # a group without its subcommand fails on that first
        assert "--pass" in output


def test_an_abbreviated_global_option_is_a_usage_error(capsys, tmp_path) -> None:
    code, _output = _run(capsys, tmp_path, "--ho", str(tmp_path), "version")
    assert code == EXIT_USAGE


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "netral")
@pytest.mark.parametrize(
    "secret_args",
    [
        ("--password", "SECRET-Pw-91"),
        ("--passphrase", "SECRET-Pw-91"),
        ("--password=SECRET-Pw-91",),
        ("--passphrase=SECRET-Pw-91",),
        ("--kata-sandi", "SECRET-Pw-91"),
    ],
    ids=lambda a: a[0],
)
def test_a_usage_error_never_echoes_a_secret(command, secret_args, capsys, tmp_path) -> None:
    code, output = _run(capsys, tmp_path, *command, *secret_args)
    assert code == EXIT_USAGE
    assert "SECRET" not in output
    assert "Pw-91" not in output


def test_the_secret_is_hidden_even_before_the_command(capsys, tmp_path) -> None:
    # Before: "invalid choice: 'SECRET'" when the option came before the command.
    code, output = _run(capsys, tmp_path, "--password", "SECRET-Pw-91", "check")
    assert code == EXIT_USAGE
    assert "SECRET" not in output and "***" in output


def test_the_right_option_still_works(netral, tmp_path, monkeypatch) -> None:
    # Spelled out, the option is taken: an unknown user is an error to fix (1), not usage (2).
    monkeypatch.setenv("NETRAL_TEST_PW", "whatever")
    result = netral("audit", "--user", "nobody", "--password-env", "NETRAL_TEST_PW")
    assert result.code in (1, 3)
    assert "whatever" not in result.out + result.err
