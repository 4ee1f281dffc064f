#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks po/POTFILES against the tree: every file it lists exists, and every
# C source, header and .ui file that has a translatable string (as xgettext
# finds it with the keywords the build uses) is listed, as are the desktop
# file, the metainfo and the GSettings schema. A new file cannot be forgotten.
#
#   check-potfiles.sh SOURCE_ROOT
set -eu
cd "$1"

status=0
listed=$(mktemp)
trap 'rm -f "$listed" "$listed.pot"' EXIT
grep -v '^[[:space:]]*\(#\|$\)' po/POTFILES | sort -u > "$listed"

while read -r file; do
  if [ ! -f "$file" ]; then
    echo "not ok: po/POTFILES lists $file, which does not exist"
    status=1
  fi
done < "$listed"

# Candidates by a cheap grep, confirmed by xgettext so that a keyword in a
# comment does not count.
candidates=$( (grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2)[[:space:]]*\(' \
                 --include='*.c' --include='*.h' src 2>/dev/null || true;
               grep -rl 'translatable="yes"' --include='*.ui' ui 2>/dev/null || true) | sort -u)

for file in $candidates; do
  rm -f "$listed.pot"
  xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
    --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
    -o "$listed.pot" "$file" 2>/dev/null || true
  if [ -s "$listed.pot" ] && grep -q '^msgid "..*"' "$listed.pot"; then
    if ! grep -qxF "$file" "$listed"; then
      echo "not ok: $file has translatable strings but is not in po/POTFILES"
      status=1
    else
      echo "ok: $file"
    fi
  fi
done

for file in data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml; do
  [ -f "$file" ] || continue
  if ! grep -qxF "$file" "$listed"; then
    echo "not ok: $file is translatable but is not in po/POTFILES"
    status=1
  else
    echo "ok: $file"
  fi
done

exit $status
