#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build into a temporary DESTDIR, as a distribution package
# would, and checks the tree: both programs, the desktop file, the metainfo,
# the GSettings schema (when the source has one), both icons, a catalogue
# per language of po/LINGUAS and both manual pages. The installed outboxctl
# then speaks Greek from the installed catalogue.
#
#   check-install.sh SOURCE_ROOT BUILD_DIR
set -eu
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
app=io.github.outbox.Outbox

destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT

meson install -C "$build" --destdir "$destdir" --no-rebuild --quiet >/dev/null
prefix=$(meson introspect "$build" --buildoptions |
         /usr/bin/python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
gui=$(meson introspect "$build" --buildoptions |
      /usr/bin/python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="gui"][0])')
root="$destdir$prefix"

status=0
expect () {
  if [ -f "$root/$1" ]; then
    echo "ok: $1"
  else
    echo "not ok: $1 is not installed"
    status=1
  fi
}

expect bin/outboxctl
expect share/man/man1/outboxctl.1
if [ "$gui" = True ] || [ "$gui" = true ]; then
  expect bin/outbox
  expect share/man/man1/outbox.1
  expect "share/applications/$app.desktop"
  expect "share/metainfo/$app.metainfo.xml"
  expect "share/icons/hicolor/scalable/apps/$app.svg"
  expect "share/icons/hicolor/symbolic/apps/$app-symbolic.svg"
  if [ -f "$src/data/$app.gschema.xml" ]; then
    expect "share/glib-2.0/schemas/$app.gschema.xml"
  fi
  if [ -f "$root/share/applications/$app.desktop" ]; then
    desktop-file-validate "$root/share/applications/$app.desktop" && echo "ok: the installed desktop file is valid" ||
      { echo "not ok: the installed desktop file is not valid"; status=1; }
  fi
fi
for lang in $(grep -v '^#' "$src/po/LINGUAS"); do
  expect "share/locale/$lang/LC_MESSAGES/outbox.mo"
done

# Nothing lands outside the prefix.
outside=$(cd "$destdir" && find . -type f | grep -v "^.$prefix/" || true)
if [ -n "$outside" ]; then
  echo "not ok: installed outside the prefix: $outside"
  status=1
fi

help=$(LANGUAGE=el LC_ALL=el_GR.UTF-8 OUTBOX_LOCALEDIR="$root/share/locale" "$root/bin/outboxctl" --help)
case "$help" in
  *"Εντολές:"*) echo "ok: the installed outboxctl speaks Greek" ;;
  *) echo "not ok: the installed outboxctl did not use the installed Greek catalogue:"
     echo "$help" | head -n 5
     status=1 ;;
esac
exit $status
