"""`actionlog init`: a new workspace that works at once, and never a clobbered file."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from actionlog.cli import cli
from actionlog.store.schema import json_schema_text

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def init(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, ["init", *args], env=env or {}, catch_exceptions=False)


@needs_git
def test_init_writes_a_workspace_and_a_git_repository(tmp_path):
    root = tmp_path / "assurance"
    result = init(str(root))
    assert result.exit_code == 0, result.stderr
    created = [line.removeprefix("created ") for line in result.stdout.splitlines()
               if line.startswith("created ")]
    assert {"meetings/.gitkeep", "templates/", "schema/meeting.schema.json", ".gitignore",
            ".gitattributes", "actionlog.toml", "templates/agenda.md.j2",
            "templates/notes.md.j2", "templates/log.md.j2"} <= set(created)
    assert "git: created a new repository" in result.stdout
    assert (root / ".git").is_dir()
    assert (root / "schema" / "meeting.schema.json").read_text() == json_schema_text()
    ignore = (root / ".gitignore").read_text().splitlines()
    assert ".actionlog-cache/" in ignore and ".*.lock" in ignore
    assert "* text=auto eol=lf" in (root / ".gitattributes").read_text().splitlines()
    # git agrees: the cache and lock files are ignored, meeting files are not
    for ignored, path in ((True, ".actionlog-cache/x"), (True, "meetings/.2016-07-26.lock"),
                          (False, "meetings/2016-07-26.yaml")):
        check = subprocess.run(["git", "-C", str(root), "check-ignore", "-q", path])
        assert (check.returncode == 0) is ignored, path


def test_the_new_workspace_validates_and_renders(tmp_path):
    root = tmp_path / "ws"
    assert init(str(root), "--no-git").exit_code == 0
    assert not (root / ".git").exists()
    result = CliRunner().invoke(cli, ["--root", str(root), "validate"])
    assert result.exit_code == 0, result.output
    assert "0 meeting files checked: no problems" in result.stderr
    assert CliRunner().invoke(cli, ["--root", str(root), "outstanding"]).stdout == \
        "No open actions.\n"
    # the series template it wrote starts the first meeting, which validates clean
    first = CliRunner().invoke(cli, ["--root", str(root), "new-meeting", "--date",
                                     "30/01/2024"])
    assert first.exit_code == 0, first.stderr
    assert (root / "meetings" / "2024-01-30.yaml").read_text().startswith(
        "# yaml-language-server: $schema=../schema/meeting.schema.json\n")
    checked = CliRunner().invoke(cli, ["--root", str(root), "validate"])
    assert checked.exit_code == 0, checked.output
    agenda = CliRunner().invoke(cli, ["--root", str(root), "agenda"])
    assert agenda.stdout.startswith("# Monthly Assurance Meeting January 2024 – Agenda")


def test_templates_are_the_package_defaults(tmp_path):
    from actionlog.edit.init import default_templates

    root = tmp_path / "ws"
    assert init(str(root), "--no-git").exit_code == 0
    defaults = default_templates()
    assert defaults, "the package ships its templates"
    for name, content in defaults.items():
        assert (root / "templates" / name).read_bytes() == content


def test_init_refuses_to_clobber_and_writes_nothing(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    (root / ".gitignore").write_text("mine\n")
    result = init(str(root), "--no-git")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {root} already has .gitignore: nothing was written")
    assert (root / ".gitignore").read_text() == "mine\n"
    assert sorted(p.name for p in root.iterdir()) == [".gitignore"]


def test_init_twice_refuses(tmp_path):
    root = tmp_path / "ws"
    assert init(str(root), "--no-git").exit_code == 0
    again = init(str(root), "--no-git")
    assert again.exit_code == 1
    assert "already has meetings/" in again.stderr


@needs_git
def test_inside_an_existing_repository_no_new_one(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    root = tmp_path / "office" / "assurance"
    result = init(str(root))
    assert result.exit_code == 0
    assert f"git: already inside the repository at {tmp_path}" in result.stdout
    assert not (root / ".git").exists()


def test_without_git_on_path(tmp_path):
    result = init(str(tmp_path / "ws"), env={"PATH": str(tmp_path)})
    assert result.exit_code == 0
    assert "git: not installed, so no repository was created" in result.stdout
