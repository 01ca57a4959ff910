"""Every command is documented: help with an `Example:` line, a row in README.md's Commands
table, and the example itself is a command line that Click accepts."""

from __future__ import annotations

import re
import shlex

import click
import pytest
from click.testing import CliRunner

from actionlog.cli import cli
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


def commands_table() -> str:
    start = README.index("## Commands")
    return README[start:README.index("\n## ", start + 1)]


def example_of(help_text: str) -> str:
    [line] = [line for line in help_text.splitlines() if line.strip().startswith("Example:")]
    return line.strip().removeprefix("Example:").strip()


def test_there_are_commands():
    assert {"validate", "outstanding", "show", "init", "edit", "calendar", "remind"} <= set(
        COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help_has_a_summary_and_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    command = cli.commands[name]
    assert command.help and command.get_short_help_str().strip(), f"{name} has no help"
    assert "Example:" in result.stdout, f"`actionlog {name} --help` has no Example: line"


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_the_readme_commands_table(name):
    assert re.search(rf"^\| `actionlog {re.escape(name)}\b", commands_table(), re.M), \
        f"`actionlog {name}` is missing from README.md's Commands table"


@pytest.mark.parametrize("name", COMMANDS)
def test_the_example_parses(name):
    """The example names this command and Click accepts its options and arguments."""
    words = shlex.split(example_of(cli.commands[name].help or ""))
    while words and "=" in words[0]:  # EDITOR=nano actionlog ...
        words.pop(0)
    assert words[:2] == ["actionlog", name], words
    args = [w for w in words[2:] if w not in (">", "|")]
    if ">" in words[2:]:
        args = words[2:words.index(">")]
    ctx = cli.commands[name].make_context(name, list(args), resilient_parsing=False)
    assert isinstance(ctx, click.Context)


def test_the_group_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    for name in COMMANDS:
        assert re.search(rf"^  {re.escape(name)}\s", result.stdout, re.M), name


def rule_examples() -> list[tuple[str, int]]:
    start = README.index("## The rule of the record")
    section = README[start:README.index("\n## ", start + 1)]
    block = section[section.index("```sh"):]
    block = block[len("```sh"):block.index("```", 5)]
    out = []
    for line in block.strip().splitlines():
        command, comment = line.split("#", 1)
        out.append((command.strip(), int(re.match(r"\s*exit (\d)", comment).group(1))))
    return out


@pytest.mark.parametrize("line, status", rule_examples())
def test_the_rule_of_the_record_examples_exit_as_the_readme_says(line, status):
    words = shlex.split(line)
    assert words[0] == "actionlog"
    result = CliRunner().invoke(cli, ["--root", str(REPO), *words[1:]],
                                env={"ACTIONLOG_TODAY": "2017-09-01"})
    assert result.exit_code == status, (line, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
