#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that every language in po/LINGUAS translates every string the
# sources have now: extracts a fresh template from po/POTFILES, merges each
# .po into it (in a temporary directory; the tree is not touched) and counts
# untranslated and fuzzy messages. Any of either fails. To fix: run
# build-aux/update-po, translate, and commit the .po files.
#
#   check-translations.sh SOURCE_ROOT
set -eu
root=$(cd "$1" && pwd)
. "$(dirname "$0")/xgettext-args.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck disable=SC2086
xgettext $XGETTEXT_ARGS --package-name=outbox --directory="$root" \
  --files-from="$root/po/POTFILES" --output="$tmp/outbox.pot"
total=$(msgattrib --no-obsolete "$tmp/outbox.pot" | grep -c '^msgid ' || true)
total=$((total - 1))  # the header

status=0
for lang in $(grep -v '^#' "$root/po/LINGUAS"); do
  po="$root/po/$lang.po"
  if [ ! -f "$po" ]; then
    echo "not ok: $lang: po/$lang.po is missing"
    status=1
    continue
  fi
  msgmerge --quiet --no-fuzzy-matching --output-file="$tmp/$lang.po" "$po" "$tmp/outbox.pot"
  untranslated=$(msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep '^msgid ' | grep -vc '^msgid ""$' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.po" | grep '^msgid ' | grep -vc '^msgid ""$' || true)
  if [ "$untranslated" != 0 ] || [ "$fuzzy" != 0 ]; then
    echo "not ok: $lang: $untranslated untranslated and $fuzzy fuzzy of $total messages:"
    msgattrib --untranslated --no-obsolete --no-wrap "$tmp/$lang.po" | grep '^msgid ' | grep -v '^msgid ""$' | head -n 20 | sed 's/^/    untranslated: /'
    msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/$lang.po" | grep '^msgid ' | grep -v '^msgid ""$' | head -n 20 | sed 's/^/    fuzzy: /'
    status=1
  else
    echo "ok: $lang: all $total messages translated"
  fi
done
exit $status
