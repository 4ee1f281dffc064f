#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the application icons as the icon theme and GNOME's guidelines
# expect them: well-formed SVG, a 128×128 full-colour icon, a 16×16 symbolic
# icon drawn in one colour only (GTK recolours it), no raster images or
# scripts, no external references.
#
#   check-icons.py SOURCE_ROOT

import os
import re
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'
APP = 'io.github.outbox.Outbox'
failures = []


def check(condition, message):
    print(('ok: ' if condition else 'not ok: ') + message)
    if not condition:
        failures.append(message)


def colours(root):
    found = set()
    for el in root.iter():
        for attr in ('fill', 'stroke'):
            value = el.get(attr)
            if value and value not in ('none', 'currentColor'):
                found.add(value.lower())
        for m in re.finditer(r'(?:fill|stroke)\s*:\s*([^;]+)', el.get('style', '')):
            if m.group(1).strip() not in ('none', 'currentColor'):
                found.add(m.group(1).strip().lower())
    return found


def load(path, size):
    name = os.path.basename(path)
    check(os.path.isfile(path), '%s exists' % name)
    root = ET.parse(path).getroot()
    check(root.tag == SVG + 'svg', '%s is an SVG document' % name)
    check(root.get('viewBox') == '0 0 %d %d' % (size, size),
          '%s is drawn on a %d×%d canvas' % (name, size, size))
    tags = {el.tag.replace(SVG, '') for el in root.iter()}
    check(not tags & {'image', 'script', 'foreignObject'},
          '%s has no raster images, scripts or foreign content' % name)
    with open(path, encoding='utf-8') as f:
        text = f.read()
    check('xlink:href="http' not in text and 'href="http' not in text,
          '%s refers to nothing outside itself' % name)
    return root


def main():
    root_dir = sys.argv[1]
    icons = os.path.join(root_dir, 'data', 'icons', 'hicolor')
    full = load(os.path.join(icons, 'scalable', 'apps', APP + '.svg'), 128)
    check(len(colours(full)) >= 3, 'the application icon is in colour')
    symbolic = load(os.path.join(icons, 'symbolic', 'apps', APP + '-symbolic.svg'), 16)
    check(len(colours(symbolic)) == 1,
          'the symbolic icon uses one colour (%s)' % ', '.join(sorted(colours(symbolic))))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
