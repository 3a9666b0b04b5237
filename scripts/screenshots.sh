#!/usr/bin/env bash
# Screenshots of the desktop app's main screens, in English and Korean, taken from the real
# window (release build, glow renderer) under Xvfb and driven with xdotool.
#
#   scripts/screenshots.sh            # writes docs/screenshots/<screen>-<lang>.png (en, ko)
#
# Needs Debian's xvfb, xdotool and imagemagick (`import`). The vaults are throwaway ones made
# with the command line from tests/data/samples (fictional interviews); nothing else is read
# or written. The clicks use the window's layout at 1100x760, so a change of layout may need
# the coordinates below updated: look at the pictures after running it.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$self")/.."

# One session of the app: $1 = language (en|ko), $2 = vault. Runs inside Xvfb.
session() {
  local lang=$1 vault=$2 role=$3
  local app_lang=en_US.UTF-8
  [ "$lang" = ko ] && app_lang=ko_KR.UTF-8
  LANG=$app_lang LC_ALL= "$bin" --vault "$vault" &
  local app=$!
  local w
  w=$(timeout 30 xdotool search --sync --onlyvisible --name '^fieldvault$' | head -n 1)
  xdotool windowmove "$w" 0 0
  xdotool windowfocus --sync "$w"
  sleep 1.5
  shot() { sleep "${2:-1.2}"; import -window "$w" "$out/$1-$lang.png"; }
  click() { xdotool mousemove --window "$w" "$1" "$2" click 1; }
  # Each Hangul syllable is typed through a remapped key: slowly, or the app misses some.
  type_text() { LC_ALL=C.UTF-8 xdotool type --delay 250 "$1"; }

  xdotool type --delay 15 "$passphrase"
  [ "$role" = field ] && shot unlock 0.5
  xdotool key Return
  sleep 3
  if [ "$role" = field ]; then
    shot list
    click 555 96
    if [ "$lang" = ko ]; then type_text "보위부"; else type_text "river"; fi
    xdotool key Return
    shot search
    click 237 146
    shot detail
    click 62 43
    sleep 1
    click 400 600
    if [ "$lang" = ko ]; then type_text "2019년 봄"; else type_text "In spring 2019"; fi
    shot editor
    click 56 98
    shot export
    click 57 167
    shot trust
  else
    shot hq-archive
    click 50 75
    shot hq-import
    click 50 121
    sleep 1
    click 300 250
    shot hq-review
    click 50 144
    shot hq-statistics
    click 50 167
    shot hq-publication-pack
    click 50 190
    shot hq-devices
  fi
  kill "$app"
  wait "$app" 2>/dev/null || true
}
# The first day: no vault yet (the create screen), then the empty list with the checklist,
# then the receipt screen listing two sticks of a fake media root by label and free space.
first_day() {
  local lang=$1 vault=$2 media=$3
  local app_lang=en_US.UTF-8
  [ "$lang" = ko ] && app_lang=ko_KR.UTF-8
  LANG=$app_lang LC_ALL= FIELDVAULT_MEDIA_ROOT="$media" "$bin" --vault "$vault" &
  local app=$!
  local w
  w=$(timeout 30 xdotool search --sync --onlyvisible --name '^fieldvault$' | head -n 1)
  xdotool windowmove "$w" 0 0
  xdotool windowfocus --sync "$w"
  sleep 1.5
  shot() { sleep "${2:-1.2}"; import -window "$w" "$out/$1-$lang.png"; }
  shot first-launch 0.5
  xdotool type --delay 15 "$passphrase"
  xdotool key Tab
  xdotool type --delay 15 "$passphrase"
  xdotool key Return
  sleep 4
  shot first-steps
  xdotool mousemove --window "$w" 68 121 click 1
  shot stick-picker
  kill "$app"
  wait "$app" 2>/dev/null || true
}

if [ "${1:-}" = --session ]; then
  session "$2" "$3" "$4"
  exit 0
fi
if [ "${1:-}" = --first-day ]; then
  first_day "$2" "$3" "$4"
  exit 0
fi

for tool in xvfb-run xdotool import; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install xvfb xdotool imagemagick" >&2; exit 1; }
done

# FIELDVAULT_BIN=path/to/fieldvault uses an already built binary instead.
bin="${FIELDVAULT_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --locked --quiet
  bin="${CARGO_TARGET_DIR:-target}/release/fieldvault"
fi
out=docs/screenshots
mkdir -p "$out"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass="$work/passphrase"
passphrase='screenshot passphrase 1'
printf '%s\n' "$passphrase" >"$pass"
fv() { "$bin" --passphrase-file "$pass" "$@" >/dev/null; }

# A headquarters and a field laptop that trust each other; six interviews in every state,
# and a bundle headquarters never received.
fv --vault "$work/hq" init --hq --label "Seoul HQ"
fv --vault "$work/field" init --label "Laptop 3"
fv --vault "$work/hq" identity export "$work/hq.card"
fv --vault "$work/field" identity export "$work/field.card"
# In person each side reads out its fingerprint; here it is taken from `identity show`.
spoken() { "$bin" --passphrase-file "$pass" --vault "$1" identity show --json | sed -n 's/.*"safety_number": "\([0-9 ]*\)".*/\1/p'; }
fv --vault "$work/field" trust add "$work/hq.card" --fingerprint "$(spoken "$work/hq")"
fv --vault "$work/hq" trust add "$work/field.card" --fingerprint "$(spoken "$work/field")"
fv --vault "$work/field" interview add tests/data/samples/*.json
fv --vault "$work/field" interview seal W26-0001 W26-0002
mkdir "$work/stick"
fv --vault "$work/field" export --to "$work/stick"
fv --vault "$work/hq" import "$work/stick" --receipt-to "$work/stick"
fv --vault "$work/field" receipt import "$work/stick"
# Bundle 2 never reaches headquarters, bundle 3 does: the device registry shows the gap.
fv --vault "$work/field" interview seal W26-0004
fv --vault "$work/field" export --to "$work/stick"
fv --vault "$work/field" interview seal W26-0005
mkdir "$work/stick3"
fv --vault "$work/field" export --to "$work/stick3"
fv --vault "$work/hq" import "$work/stick3"
fv --vault "$work/field" interview seal W26-0003

export bin out passphrase

mkdir -p "$work/media/KINGSTON" "$work/media/TRANSCEND"
for lang in en ko; do
  xvfb-run -a -s "-screen 0 1100x760x24" bash "$self" --first-day "$lang" "$work/new-$lang" "$work/media"
  for role in field hq; do
    cp -r "$work/$role" "$work/$role-$lang"
    xvfb-run -a -s "-screen 0 1100x760x24" bash "$self" --session "$lang" "$work/$role-$lang" "$role"
  done
done
ls -1 "$out"
