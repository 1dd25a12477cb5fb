"""The README cannot drift from the CLI: every ``rawabit`` command and every ``--option`` it names
in code (fenced blocks, inline code, the commands table) exists in the click CLI.

A command line is code that starts with ``rawabit`` (after a ``$`` prompt, ``VAR=value`` settings
or a path such as ``.venv/bin/``); words after it name subcommands while the command reached is a
group (``list|show`` names alternatives), and each ``--option`` on the line must belong to the
command it reaches (to every alternative). Inline code that starts with ``--`` names an option
that some command must have. The reverse, every command in the README, is ``test_docs.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from rawabit.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"

_FENCE = re.compile(r"^(```|~~~)[^\n]*\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_PIPELINE = re.compile(r"\s\|\s|&&|;|\s[12]?>")  # shell pipes, chains and redirects end a command
_COMMAND = re.compile(r"^(?:\$\s+)?(?:[A-Z_][A-Z0-9_]*=\S*\s+)*(?:\S*/)?rawabit(?:\s+(.*))?$", re.DOTALL)
_OPTION = re.compile(r"--[A-Za-z0-9][\w-]*")


def code_of(markdown: str) -> tuple[list[str], list[str]]:
    """``(lines of fenced code blocks, inline code spans)`` of a Markdown text."""
    lines = [line for m in _FENCE.finditer(markdown) for line in m.group(2).splitlines()]
    prose = _FENCE.sub("", markdown)
    spans = [" ".join(m.group(2).replace("\\|", "|").split()) for m in _SPAN.finditer(prose)]
    return lines, spans


def _options(cmd: click.Command) -> set[str]:
    names = {"--help"}
    for p in cmd.params:
        if isinstance(p, click.Option):
            names.update(o for o in (*p.opts, *p.secondary_opts) if o.startswith("--"))
    return names


def _all_commands(cmd: click.Command) -> list[click.Command]:
    out = [cmd]
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            out += _all_commands(sub)
    return out


def check_command_line(line: str, root: click.Group = main) -> list[str]:
    """What ``line`` (one shell command) names that the CLI lacks; [] when it is not ``rawabit``."""
    m = _COMMAND.match(line.strip())
    if m is None:
        return []
    problems = []
    current: list[tuple[str, click.Command]] = [("rawabit", root)]
    choosing = True  # words still name subcommands
    for raw in (m.group(1) or "").split():
        word = raw.strip("[](){}.,:")
        if word.startswith("--"):
            for opt in _OPTION.findall(word):
                problems += [f"{path} has no option {opt}" for path, cmd in current if opt not in _options(cmd)]
            continue
        if not word or word.startswith("-") or not choosing or not all(isinstance(c, click.Group) for _, c in current):
            choosing = False  # an argument: the command is chosen
            continue
        chosen = []
        for path, group in current:
            assert isinstance(group, click.Group)
            for name in word.split("|"):
                sub = group.commands.get(name)
                if sub is None:
                    problems.append(f"no command {path} {name}")
                else:
                    chosen.append((f"{path} {name}", sub))
        if not chosen:
            break
        current = chosen
    return problems


def check_readme(markdown: str, root: click.Group = main) -> list[str]:
    """Every command and option the README names that the CLI lacks."""
    lines, spans = code_of(markdown)
    known = set().union(*(_options(c) for c in _all_commands(root)))
    problems = []
    for code in lines + spans:
        for part in _PIPELINE.split(code.split(" #")[0]):
            problems += check_command_line(part, root)
    for span in spans:
        if span.startswith("--"):
            problems += [f"no command has the option {o} (`{span}`)" for o in _OPTION.findall(span) if o not in known]
    return problems


def test_every_command_and_option_of_the_readme_exists():
    readme = README.read_text(encoding="utf-8")
    lines, spans = code_of(readme)
    assert any(_COMMAND.match(c.strip()) for c in lines + spans), "the README shows no rawabit command"
    problems = check_readme(readme)
    assert not problems, "README names what the CLI lacks:\n  " + "\n  ".join(dict.fromkeys(problems))


def test_the_check_finds_what_does_not_exist():
    """A made-up command, subcommand or option fails the check, wherever the README names it."""
    fake = (
        "Run\n\n```\n$ rawabit extract --sample --colour | head\n$ rawabit frobnicate x\n```\n\n"
        "| `rawabit actors list\\|shout [--actors FILE]` | … |\n"
        "| `rawabit serve [--db FILE] [--hots H]` | … |\n\n"
        "Give `--no-such-option`; `rawabit actors\nsearch --actors F` and `--explain` are fine, "
        "and so are `pip install 'rawabit[spark]'` and `import rawabit`.\n"
    )
    assert check_readme(fake) == [
        "rawabit extract has no option --colour",
        "no command rawabit frobnicate",
        "no command rawabit actors shout",
        "rawabit serve has no option --hots",
        "no command has the option --no-such-option (`--no-such-option`)",
    ]
