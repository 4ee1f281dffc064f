#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that the outboxctl manual page documents what "outboxctl --help" and
# each "outboxctl COMMAND --help" print: every command and every long option,
# and that the page names no option the program does not know.
#
#   check-man.py OUTBOXCTL MANPAGE

import os
import re
import subprocess
import sys

# What the issues ask for, checked even if the help ever stops listing it.
REQUIRED_COMMANDS = ['list', 'show', 'add', 'edit', 'remove', 'export',
                     'import', 'test', 'probe']
REQUIRED_OPTIONS = ['--help', '--version', '--json', '--all', '--to',
                    '--transcript', '--port', '--security', '--password-stdin']
REQUIRED_SECTIONS = ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', 'OPTIONS',
                     'EXIT STATUS', 'FILES', 'ENVIRONMENT']

failures = []


def fail(message):
    failures.append(message)
    print('not ok: ' + message)


def run_help(outboxctl, args):
    env = dict(os.environ, LC_ALL='C.UTF-8', LANG='C.UTF-8')
    env.pop('LANGUAGE', None)
    result = subprocess.run([outboxctl] + args + ['--help'], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, timeout=30)
    if result.returncode != 0:
        fail('"outboxctl %s --help" exited with %d: %s'
             % (' '.join(args), result.returncode, result.stderr.strip()))
    return result.stdout


def help_commands(text):
    """The names in the "Commands:" block of the program's help."""
    commands = []
    in_block = False
    for line in text.splitlines():
        if line.strip() == 'Commands:':
            in_block = True
            continue
        if in_block:
            m = re.match(r'^  ([a-z][a-z-]*)\s{2,}\S', line)
            if not m:
                break
            commands.append(m.group(1))
    return commands


def help_options(text):
    """The long options in the "Options:" block of a help text."""
    options = set()
    for line in text.splitlines():
        m = re.match(r'^\s+(?:-[a-zA-Z], )?(--[a-z0-9][a-z0-9-]*)', line)
        if m:
            options.add(m.group(1))
    return options


def man_text(path):
    with open(path, encoding='utf-8') as f:
        source = f.read()
    lines = [l for l in source.splitlines() if not l.startswith('.\\"')]
    text = '\n'.join(lines)
    # Undo the escapes the page uses: \- is a hyphen, \fB/\fI/\fP fonts.
    text = text.replace('\\-', '-').replace('\\e', '\\')
    text = re.sub(r'\\f[BIPR]', '', text)
    return text


def section_text(page, name):
    m = re.search(r'^\.SH\s+"?%s"?\n(.*?)(?=^\.SH|\Z)' % re.escape(name),
                  page, re.M | re.S)
    return m.group(1) if m else ''


def main():
    outboxctl, manpage = sys.argv[1], sys.argv[2]
    page = man_text(manpage)
    sections = re.findall(r'^\.SH\s+"?([^"\n]+)"?$', page, re.M)

    for section in REQUIRED_SECTIONS:
        if section not in sections:
            fail('the manual page has no section %s' % section)

    commands = help_commands(run_help(outboxctl, []))
    if not commands:
        fail('"outboxctl --help" lists no commands')
    known_options = help_options(run_help(outboxctl, []))
    for command in sorted(set(commands) | set(REQUIRED_COMMANDS)):
        if command not in commands:
            fail('"outboxctl --help" does not list the command %s' % command)
            continue
        # A command is documented when it starts an item in COMMANDS.
        if not re.search(r'^\.TP\n\.BI?\s+"?%s\b' % re.escape(command),
                         section_text(page, 'COMMANDS'), re.M):
            fail('the manual page does not describe the command %s' % command)
        known_options |= help_options(run_help(outboxctl, [command]))

    documented = set(re.findall(r'(--[a-z0-9][a-z0-9-]*)', page))
    for option in sorted(known_options | set(REQUIRED_OPTIONS)):
        if option not in documented:
            fail('the manual page does not mention %s' % option)
        elif option not in known_options:
            fail('outboxctl does not offer %s any more' % option)
    for option in sorted(documented - known_options):
        fail('the manual page mentions %s, which outboxctl does not know' % option)

    for code in ('0', '1', '2'):
        if not re.search(r'^\.TP\n\.B %s$' % code, page, re.M):
            fail('the manual page does not explain exit status %s' % code)

    print('%d commands and %d long options checked against %s'
          % (len(commands), len(known_options), os.path.basename(manpage)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
