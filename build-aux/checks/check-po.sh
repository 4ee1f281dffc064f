#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks each translation as msgfmt --check does (format strings, headers,
# plural forms), that LINGUAS and the .po files agree, and that each
# language declares the plural rule the language has.
#
#   check-po.sh SOURCE_ROOT
set -eu
cd "$1/po"
status=0

plural_rule () {
  case "$1" in
    el|et) echo 'nplurals=2; plural=(n != 1);' ;;
    lt) echo 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);' ;;
    *) echo '' ;;
  esac
}

for lang in $(grep -v '^#' LINGUAS); do
  if [ ! -f "$lang.po" ]; then
    echo "not ok: $lang is in LINGUAS but $lang.po is missing"
    status=1
    continue
  fi
  if ! msgfmt --check --output-file=/dev/null "$lang.po"; then
    echo "not ok: $lang.po does not pass msgfmt --check"
    status=1
    continue
  fi
  header=$(msgcat --no-wrap "$lang.po" | sed -n '1,/^$/p')
  if ! printf '%s\n' "$header" | grep -q "^\"Language: $lang\\\\n\"$"; then
    echo "not ok: $lang.po does not declare Language: $lang"
    status=1
  fi
  if ! printf '%s\n' "$header" | grep -q '^"Content-Type: text/plain; charset=UTF-8\\n"$'; then
    echo "not ok: $lang.po is not declared as UTF-8"
    status=1
  fi
  rule=$(plural_rule "$lang")
  if [ -n "$rule" ] && ! printf '%s\n' "$header" | grep -qF "\"Plural-Forms: $rule\\n\""; then
    echo "not ok: $lang.po does not have the plural rule of its language: $rule"
    status=1
  fi
  echo "ok: $lang.po"
done

for po in *.po; do
  [ -f "$po" ] || continue
  if ! grep -qx "${po%.po}" LINGUAS; then
    echo "not ok: $po is not listed in LINGUAS"
    status=1
  fi
done
exit $status
