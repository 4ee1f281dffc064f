#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks flatpak/io.github.outbox.Outbox.json against the source tree, since
# the manifest cannot be built offline: the app id and command match the
# build, Outbox is built with meson and only with options meson_options.txt
# declares, every library the build needs comes from the runtime or from a
# pinned module, and the sandbox asks for no more than the app needs.
#
#   check-flatpak.py SOURCE_ROOT

import json
import os
import re
import sys

failures = []


def check(condition, message):
    print(('ok: ' if condition else 'not ok: ') + message)
    if not condition:
        failures.append(message)


# What the app needs, and nothing else it may ask for.
REQUIRED_ARGS = {'--share=network', '--socket=wayland', '--socket=fallback-x11'}
ALLOWED_ARGS = REQUIRED_ARGS | {'--share=ipc', '--device=dri'}
# libsecret uses the Secret portal inside the sandbox; talking to the host's
# Secret Service directly is the only bus name that could be argued for.
ALLOWED_TALK_NAMES = {'org.freedesktop.secrets'}

# pkg-config names the GNOME runtime ships (org.gnome.Platform includes GTK,
# libadwaita, json-glib, libsecret, GnuTLS, GLib); everything else needs a
# module of its own.
RUNTIME_PROVIDES = {'glib-2.0', 'gio-2.0', 'gio-unix-2.0', 'gobject-2.0',
                    'json-glib-1.0', 'libsecret-1', 'gnutls', 'gtk4',
                    'libadwaita-1'}
# Which module provides which pkg-config name.
MODULE_PROVIDES = {'gmime': {'gmime-3.0'}}

# configure switches of GMime 3.2 (configure.ac: AC_ARG_ENABLE crypto,
# largefile, warnings, profiling, coverage; GTK_DOC_CHECK;
# GOBJECT_INTROSPECTION_CHECK; VAPIGEN_CHECK; AC_ARG_WITH libidn, libiconv).
GMIME_CONFIGURE = {'crypto', 'largefile', 'warnings', 'profiling', 'coverage',
                   'gtk-doc', 'introspection', 'vala', 'libidn', 'libiconv',
                   'glibtest'}

# meson options that are not in meson_options.txt but built into meson.
MESON_BUILTINS = {'buildtype', 'optimization', 'debug', 'werror',
                  'warning_level', 'b_lto', 'b_ndebug', 'b_pie',
                  'default_library', 'prefix', 'libdir'}


def meson_options(root):
    """name -> (type, choices) from meson_options.txt."""
    options = {}
    with open(os.path.join(root, 'meson_options.txt'), encoding='utf-8') as f:
        text = f.read()
    for m in re.finditer(r"option\(\s*'([^']+)'(.*?)\)\s*$", text, re.S | re.M):
        name, rest = m.group(1), m.group(2)
        kind = re.search(r"type\s*:\s*'([^']+)'", rest)
        choices = re.search(r"choices\s*:\s*\[([^\]]*)\]", rest)
        options[name] = (kind.group(1) if kind else None,
                         re.findall(r"'([^']*)'", choices.group(1)) if choices else None)
    return options


def meson_dependencies(root):
    names = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames
                       if not d.startswith(('.', '_build')) and d != 'tests']
        if 'meson.build' in filenames:
            with open(os.path.join(dirpath, 'meson.build'), encoding='utf-8') as f:
                names |= set(re.findall(r"dependency\(\s*'([^']+)'", f.read()))
    return names


def check_meson_opts(opts, options):
    for opt in opts:
        m = re.match(r'^-D([A-Za-z0-9_.-]+)=(.*)$', opt)
        m2 = re.match(r'^--([a-z_]+)=(.*)$', opt)
        if m2 and m2.group(1) in MESON_BUILTINS:
            check(True, 'outbox: %s is a meson built-in option' % opt)
            continue
        check(m is not None, 'outbox: config-opt %s has the form -Dname=value' % opt)
        if not m:
            continue
        name, value = m.groups()
        if name in MESON_BUILTINS:
            check(True, 'outbox: %s is a meson built-in option' % name)
            continue
        check(name in options, 'outbox: -D%s is declared in meson_options.txt' % name)
        if name not in options:
            continue
        kind, choices = options[name]
        if kind == 'boolean':
            check(value in ('true', 'false'), 'outbox: -D%s=%s is a boolean' % (name, value))
        elif kind == 'combo':
            check(value in choices, 'outbox: -D%s=%s is one of %s' % (name, value, choices))


def main():
    root = os.path.abspath(sys.argv[1])
    path = os.path.join(root, 'flatpak', 'io.github.outbox.Outbox.json')
    with open(path, encoding='utf-8') as f:
        manifest = json.load(f)

    with open(os.path.join(root, 'meson.build'), encoding='utf-8') as f:
        top = f.read()
    app_id = re.search(r"application_id\s*=\s*'([^']+)'", top).group(1)
    app_id_in_manifest = manifest.get('id', manifest.get('app-id'))
    check(app_id_in_manifest == app_id, 'the id %s is the application id' % app_id_in_manifest)
    check(os.path.basename(path) == app_id + '.json', 'the file is named after the app id')

    with open(os.path.join(root, 'src', 'gui', 'meson.build'), encoding='utf-8') as f:
        gui_build = f.read()
    command = manifest.get('command')
    check(re.search(r"executable\(\s*'%s'" % re.escape(command or ''), gui_build) is not None,
          'the command %s is the program src/gui builds' % command)
    with open(os.path.join(root, 'data', app_id + '.desktop.in'), encoding='utf-8') as f:
        check(re.search(r'^Exec=%s(\s|$)' % re.escape(command or ''), f.read(), re.M) is not None,
              'the desktop file starts the same command')

    check(manifest.get('runtime') == 'org.gnome.Platform', 'runtime is org.gnome.Platform')
    check(manifest.get('sdk') == 'org.gnome.Sdk', 'sdk is org.gnome.Sdk')
    check(re.match(r'^\d+$', str(manifest.get('runtime-version', ''))) is not None,
          'runtime-version is a stable GNOME release (%s)' % manifest.get('runtime-version'))

    args = manifest.get('finish-args', [])
    for arg in sorted(REQUIRED_ARGS):
        check(arg in args, 'finish-args grant %s' % arg)
    for arg in args:
        if arg.startswith('--talk-name='):
            check(arg.split('=', 1)[1] in ALLOWED_TALK_NAMES,
                  'finish-arg %s is a bus name the app needs' % arg)
        else:
            check(arg in ALLOWED_ARGS, 'finish-arg %s is one the app needs' % arg)

    modules = manifest.get('modules', [])
    check(len(modules) >= 1 and modules[-1].get('name') == 'outbox',
          'the last module builds outbox')
    outbox = modules[-1]
    check(outbox.get('buildsystem') == 'meson', 'outbox is built with meson')
    check_meson_opts(outbox.get('config-opts', []), meson_options(root))
    sources = outbox.get('sources', [])
    check(len(sources) == 1 and sources[0].get('type') == 'dir',
          'outbox is built from this source tree (a dir source)')
    if sources and sources[0].get('type') == 'dir':
        tree = os.path.normpath(os.path.join(os.path.dirname(path), sources[0].get('path', '')))
        check(tree == root, 'the dir source %s is the project root' % sources[0].get('path'))

    provided = set(RUNTIME_PROVIDES)
    for module in modules[:-1]:
        name = module.get('name')
        check(name in MODULE_PROVIDES, 'module %s is one the build needs' % name)
        provided |= MODULE_PROVIDES.get(name, set())
        if name == 'gmime':
            check(module.get('buildsystem', 'autotools') == 'autotools',
                  'gmime is built with autotools, as GMime 3.2 is')
            for opt in module.get('config-opts', []):
                m = re.match(r'^--(?:enable|disable|with|without)-([a-z-]+)(=.*)?$', opt)
                check(m is not None and m.group(1) in GMIME_CONFIGURE,
                      'gmime: %s is a GMime 3.2 configure switch' % opt)
        for source in module.get('sources', []):
            if source.get('type') in ('archive', 'file'):
                check(source.get('url', '').startswith('https://'),
                      '%s: the source is fetched over https' % name)
                check(re.match(r'^[0-9a-f]{64}$', source.get('sha256', '')) is not None,
                      '%s: the source is pinned by sha256' % name)
            elif source.get('type') == 'git':
                check(re.match(r'^[0-9a-f]{40}$', source.get('commit', '')) is not None,
                      '%s: the git source is pinned to a commit' % name)
    for dep in sorted(meson_dependencies(root)):
        check(dep in provided, 'dependency %s comes from the runtime or a module' % dep)

    print('%d problems' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
