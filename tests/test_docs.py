"""Every command and subcommand is documented in the README, and the README's
two set-up commands are the ones CI runs."""

from pathlib import Path

import click

from rawabit.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _commands(group: click.Group, prefix: str = "rawabit") -> list[str]:
    out = []
    for name, cmd in group.commands.items():
        full = f"{prefix} {name}"
        out.append(full)
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, full))
    return out


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = []
    for full in _commands(main):
        parts = full.split()
        if full not in readme and not (len(parts) == 3 and f"{parts[0]} {parts[1]}" in readme and parts[2] in readme):
            missing.append(full)
    assert not missing, f"undocumented commands: {missing}"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_cmd = next(line for line in ci.splitlines() if "pytest" in line and not line.startswith("#"))
    assert test_cmd.strip() in readme
