#!/usr/bin/env bash
# Screenshots of the desktop app for README.md and the guides, in English and Korean, taken
# from the real window (release build, glow renderer) under Xvfb and driven with xdotool.
#
#   scripts/screenshots.sh            # writes docs/screenshots/<screen>-<lang>.png (en, ko)
#   FIELDVAULT_BIN=path/to/fieldvault scripts/screenshots.sh   # an already built binary
#
# Needs Debian's xvfb, xdotool, imagemagick (`import`, `convert`), python3 and util-linux's
# `unshare`.
# The vaults are throwaway ones made with the command line from tests/data/samples (fictional
# interviews); nothing else is read or written.
#
# The USB sticks are real mounts: each session runs in its own user and mount namespace
# (`unshare --user --map-root-user --mount`, no root needed) with small tmpfs file systems
# mounted at /media/interviewer/KINGSTON and …/TRANSCEND, which only that session sees. The
# microphone is ALSA's `file` plugin reading a pipe that is fed in real time with a generated
# tone (set up in a private ~/.asoundrc), so the recording screen shows a real recording.
#
# The clicks use the window's layout at 1100x760, so a change of layout may need the
# coordinates below updated: look at the pictures after running it. A notice at the top of
# the window (after sealing, exporting, adding an excerpt) moves everything below it down.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$self")/.."

media=/media/interviewer

# Starts the app in the language $1 on the vault $2, and waits for its window.
launch() {
  local lang=$1 vault=$2
  local app_lang=en_US.UTF-8
  [ "$lang" = ko ] && app_lang=ko_KR.UTF-8
  LANG=$app_lang LC_ALL= FIELDVAULT_MEDIA_ROOT="$media" "$bin" --vault "$vault" &
  app=$!
  w=$(timeout 60 xdotool search --sync --onlyvisible --name '^fieldvault$' | head -n 1)
  xdotool windowmove "$w" 0 0
  xdotool windowfocus --sync "$w"
  sleep 2
}
shot() { sleep "${2:-1.5}"; import -window "$w" "$out/$1-$lang.png"; }
click() { xdotool mousemove --window "$w" "$1" "$2" click 1; sleep "${3:-1}"; }
# Each Hangul syllable is typed through a remapped key: slowly, or the app misses some.
type_text() { LC_ALL=C.UTF-8 xdotool type --delay 250 "$1"; }
quit() {
  kill "$app"
  wait "$app" 2>/dev/null || true
}

# The field laptop, from the unlock screen to the wipe: $1 = language, $2 = vault.
field_session() {
  lang=$1
  launch "$lang" "$2"
  xdotool type --delay 15 "$passphrase"
  shot unlock 0.5
  xdotool key Return
  sleep 4
  shot list
  # W26-0003: a draft with a photo, a scanned document and a recording.
  click 237 238 2
  shot attachments
  if [ "$lang" = ko ]; then click 257 247 4; else click 272 247 4; fi # Record audio
  if [ "$lang" = ko ]; then click 341 295; else click 332 295; fi       # Add marker
  if [ "$lang" = ko ]; then type_text "체포"; else type_text "arrest"; fi
  shot record-audio
  if [ "$lang" = ko ]; then click 424 295 3; else click 430 295 3; fi # Stop and save
  # From here on a notice takes the top 48 pixels.
  click 312 162 # Seal…
  shot seal
  if [ "$lang" = ko ]; then click 666 162 3; else click 794 162 3; fi # Seal now
  shot detail
  click 56 146 2 # Export to USB
  shot export
  click 240 387 5 # Write bundle
  shot export-done
  click 59 192 2 # Wipe delivered
  shot wipe-delivered
  click 57 238 2 # Trust and keys
  shot trust
  click 45 123 2 # Interviews
  click 555 144
  if [ "$lang" = ko ]; then type_text "보위부"; else type_text "river"; fi
  xdotool key Return
  shot search
  click 62 91 2 # + New interview
  click 563 165 # Interviewee code
  xdotool type --delay 50 "W26-0012"
  click 563 234 # Place of interview
  if [ "$lang" = ko ]; then type_text "서울"; else type_text "Seoul"; fi
  click 563 257 # Interviewer code
  xdotool type --delay 50 "INT-07"
  click 400 648 # Narrative
  if [ "$lang" = ko ]; then type_text "2019년 봄"; else type_text "In spring 2019"; fi
  shot editor
  quit
}

# Headquarters: the archive, import, review with an excerpt chosen, statistics, the
# publication pack and the device registry. $1 = language, $2 = vault.
hq_session() {
  lang=$1
  launch "$lang" "$2"
  xdotool type --delay 15 "$passphrase"
  xdotool key Return
  sleep 4
  shot hq-archive
  click 50 75 2 # Import bundles
  shot hq-import
  click 50 121 2  # Review
  click 270 227 2 # W26-0001
  click 700 359 2 # Choose an excerpt to quote
  # Select two sentences of the narrative with the mouse.
  xdotool mousemove --window "$w" 809 507 mousedown 1 sleep 0.5 \
    mousemove --window "$w" 950 530 sleep 0.3 mousemove --window "$w" 1062 552 sleep 0.5 mouseup 1
  shot hq-review
  click 700 676 2 # Add to the publication pack
  # From here on a one-line notice takes the top 25 pixels.
  click 50 169 3 # Statistics
  shot hq-statistics
  click 50 192 2 # Publication pack
  shot hq-publication-pack
  click 50 215 2 # Devices
  shot hq-devices
  quit
}

# The first day: no vault yet (the create screen), then the empty list with the checklist,
# then the receipt screen listing the two sticks by label and free space.
first_day() {
  lang=$1
  launch "$lang" "$2"
  shot first-launch 0.5
  xdotool type --delay 15 "$passphrase"
  xdotool key Tab
  xdotool type --delay 15 "$passphrase"
  xdotool key Return
  sleep 4
  shot first-steps
  click 68 121 # Bring back receipt
  shot stick-picker
  quit
}

# Inside the session's own namespaces: mount the sticks, then run one session under Xvfb.
if [ "${1:-}" = --in-namespace ]; then
  shift
  mount -t tmpfs -o size=1M tmpfs /media
  for stick in KINGSTON TRANSCEND; do
    mkdir -p "$media/$stick"
    mount -t tmpfs -o size=58G tmpfs "$media/$stick"
  done
  exec xvfb-run -a -s "-screen 0 1100x760x24" bash "$self" "$@"
fi
case "${1:-}" in
  --field) field_session "$2" "$3"; exit 0 ;;
  --hq) hq_session "$2" "$3"; exit 0 ;;
  --first-day) first_day "$2" "$3"; exit 0 ;;
esac

for tool in xvfb-run xdotool import convert unshare; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install xvfb xdotool imagemagick util-linux" >&2; exit 1; }
done
[ -d /media ] || { echo "/media is missing: the sticks are mounted under it" >&2; exit 1; }

bin="${FIELDVAULT_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --locked --quiet
  bin="${CARGO_TARGET_DIR:-target}/release/fieldvault"
fi
bin="$(realpath "$bin")"
out="$(pwd)/docs/screenshots"
mkdir -p "$out"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass="$work/passphrase"
passphrase='screenshot passphrase 1'
printf '%s\n' "$passphrase" >"$pass"

# A microphone for the recording screen: ALSA's file plugin reads from a pipe that a small
# program fills in real time with a tone that swells and fades like speech (raw 16-bit mono
# at 48 kHz). The pipe sets the pace; ALSA's null device has no clock of its own.
export HOME="$work/home"
mkdir -p "$HOME"
mkfifo "$work/microphone"
python3 - "$work/microphone" <<'EOF' &
import math, random, struct, sys, time
random.seed(2)
rate, voice = 48000, bytearray()
for i in range(rate * 10):
    t = i / rate
    swell = max(0.0, math.sin(t * 2 * math.pi * 0.8)) ** 2 * (0.6 + 0.4 * math.sin(t * 3.1))
    v = 9000 * swell * (math.sin(t * 2 * math.pi * 160) + 0.5 * math.sin(t * 2 * math.pi * 320))
    voice += struct.pack('<h', max(-32767, min(32767, int(v) + random.randint(-300, 300))))
chunk = rate * 2 // 20
while True:  # one reader after another: the recorder of the CLI, then each app session
    try:
        with open(sys.argv[1], 'wb', buffering=0) as pipe:
            start, sent = time.monotonic(), 0
            while True:
                at = sent % len(voice)
                piece = voice[at:at + chunk]
                pipe.write(piece)
                sent += len(piece)
                time.sleep(max(0.0, start + sent / (rate * 2) - time.monotonic()))
    except BrokenPipeError:
        pass
EOF
microphone=$!
trap 'kill "$microphone" 2>/dev/null; rm -rf "$work"' EXIT
cat >"$HOME/.asoundrc" <<EOF
pcm.!default {
  type plug
  slave {
    pcm { type file; slave.pcm "null"; file "/dev/null"; infile "$work/microphone"; format "raw" }
    format S16_LE
    rate 48000
    channels 1
  }
}
EOF

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
# W26-0003 stays a draft, with a sketch of a route, a scanned document and a recording.
convert -size 480x300 xc:'#f4efe1' -stroke '#333' -strokewidth 3 -fill none \
  -draw "polyline 40,260 120,200 210,215 300,140 440,60" -draw "rectangle 300,170 360,210" \
  "$work/route-sketch.png"
convert -size 600x800 xc:white -stroke '#888' -strokewidth 2 \
  -draw "line 60,100 540,100" -draw "line 60,160 480,160" -draw "line 60,220 520,220" \
  "$work/document-scan.jpg"
fv --vault "$work/field" attach add W26-0003 "$work/route-sketch.png" "$work/document-scan.jpg"
fv --vault "$work/field" attach record W26-0003 --seconds 6

export bin out passphrase
for lang in en ko; do
  cp -r "$work/field" "$work/field-$lang"
  cp -r "$work/hq" "$work/hq-$lang"
  unshare --user --map-root-user --mount bash "$self" --in-namespace --first-day "$lang" "$work/new-$lang"
  unshare --user --map-root-user --mount bash "$self" --in-namespace --field "$lang" "$work/field-$lang"
  unshare --user --map-root-user --mount bash "$self" --in-namespace --hq "$lang" "$work/hq-$lang"
done
ls -1 "$out"
