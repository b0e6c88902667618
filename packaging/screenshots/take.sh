#!/usr/bin/env bash
# Takes the README's and the Linux metainfo's screenshots of the real window under Xvfb:
#   idle.png      a folder queued, the plan shown
#   running.png   a batch under way
#   finished.png  the batch ended, one file failed (deleted after it was queued)
#   dark.png      the same, in the dark theme
#   cancelled.png a batch cancelled early: what was done, what was cancelled, Compress to go on
#   narrow.png    the same at the narrowest width, 1000 px: the options wrap, nothing is cut
#   decompressed.png  .gz files opened, then Decompress (Ctrl+2) and run: the files back
#   archived.png  Output: One archive, and run: the folder in one tested .tar.gz
# Needs: xvfb, xdotool, imagemagick and GTK 3 (apt install xvfb xdotool imagemagick libgtk-3-0).
#   packaging/screenshots/take.sh [OUTPUT_DIR]       (default: packaging/screenshots)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/use-jdk25.sh
mkdir -p "${1:-packaging/screenshots}"
out=$(realpath "${1:-packaging/screenshots}")
./mvnw -q -B -DskipTests package

work=$(mktemp -d /tmp/pigzfx-screens.XXXXXX)
display=:$((90 + RANDOM % 9))
node=dev/pigzfxscreenshots
cleanup() {
  pkill -f "pigzfx.prefs.node=$node" 2>/dev/null || true
  kill "${xvfb:-}" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=$display

# A project folder: documentation, a large log, an old .gz, and a file that will vanish.
data="$work/Projects"
mkdir -p "$data/docs" "$data/logs"
mapfile -t docs < <(find /usr/share/doc -name 'copyright' -size +8k 2>/dev/null | sort | head -40)
for f in "${docs[@]}"; do
  cp "$f" "$data/docs/$(basename "$(dirname "$f")").txt"
done
python3 - "$data/logs" <<'PY'
import random, sys
r = random.Random(7)
words = "request served user session cache miss hit retry timeout upstream db query slow ok".split()
for name, size in (("server.log", 160_000_000), ("access.log", 60_000_000), ("audit.log", 24_000_000)):
    with open(f"{sys.argv[1]}/{name}", "w") as out:
        t, w = 1.7e9, 0
        while w < size:
            t += r.random() / 10
            line = "%.3f INFO [worker-%d] req=%08x %s\n" % (t, r.randrange(16), r.getrandbits(32),
                                                        " ".join(r.choice(words) for _ in range(r.randrange(4, 14))))
            out.write(line)
            w += len(line)
PY
echo "old" | gzip > "$data/docs/archive.txt.gz"
cp "$data/docs/$(ls "$data/docs" | head -1)" "$data/logs/rotated.log"

start_app() {  # theme [paths: the project folder when none]
  mkdir -p "$work/prefs/.java/.userPrefs/$node"
  cat > "$work/prefs/.java/.userPrefs/$node/prefs.xml" <<XML
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE map SYSTEM "http://java.sun.com/dtd/preferences.dtd">
<map MAP_XML_VERSION="1.0">
  <entry key="theme" value="$1"/>
  <entry key="level" value="6"/>
  <entry key="window.width" value="1240.0"/>
  <entry key="window.height" value="760.0"/>
  <entry key="window.x" value="20.0"/>
  <entry key="window.y" value="20.0"/>
  ${EXTRA_PREFS:-}
</map>
XML
  "$JAVA_HOME/bin/java" --module-path target/lib:target/pigzfx.jar \
    --enable-native-access=dev.pigzfx,javafx.graphics -Dpigzfx.prefs.node=$node \
    -Djava.util.prefs.userRoot="$work/prefs" \
    -m dev.pigzfx/dev.pigzfx.Main "${@:2}" >"$work/app.log" 2>&1 &
  for _ in $(seq 100); do
    window=$(xdotool search --name '^PigzFX$' 2>/dev/null | head -1 || true)
    [[ -n "$window" ]] && break
    sleep 0.1
  done
  [[ -n "$window" ]] || { echo "the window did not open:"; cat "$work/app.log"; exit 1; }
  sleep 3  # the folder is walked and the table drawn
}
start_project() { start_app "$1" "$data"; }
wait_for_batch() {  # every original replaced by its .gz, then a moment for the summary to show
  for _ in $(seq 600); do
    [[ -z "$(find "$data" -type f ! -name '*.gz' -print -quit)" ]] && break
    sleep 0.2
  done
  sleep 1.5
}
shot() { import -window "$window" "$out/$1"; echo "$out/$1"; }

start_project LIGHT
shot idle.png
rm "$data/logs/rotated.log"
xdotool windowfocus --sync "$window" key ctrl+Return
sleep 1.5
shot running.png
wait_for_batch
shot finished.png
pkill -f "pigzfx.prefs.node=$node"
sleep 1

# The dark theme, over the same folder's results: the .gz files are now passed over, so the
# originals are restored first.
find "$data" -name '*.gz' ! -name 'archive.txt.gz' -exec gzip -d {} +
cp "$data/docs/$(ls "$data/docs" | head -1)" "$data/logs/rotated.log"
start_project DARK
rm "$data/logs/rotated.log"
xdotool windowfocus --sync "$window" key ctrl+Return
wait_for_batch
shot dark.png
pkill -f "pigzfx.prefs.node=$node"
sleep 1

# A cancelled batch, then the narrowest window (1000 px), over the originals again.
find "$data" -name '*.gz' ! -name 'archive.txt.gz' -exec gzip -d {} +
start_project LIGHT
xdotool windowfocus --sync "$window" key ctrl+Return
sleep 1.2
xdotool windowfocus --sync "$window" key Escape
sleep 3  # the files in hand clean up, the footer and the note say what was done
shot cancelled.png
xdotool windowsize "$window" 1000 620
sleep 1.5
shot narrow.png
pkill -f "pigzfx.prefs.node=$node"
sleep 1

# Decompress: every file gzipped, the logs' .gz files opened (each is tested at once), then
# Ctrl+2 (Decompress) and Ctrl+Enter.
find "$data" -name '*.gz' ! -name 'archive.txt.gz' -exec gzip -df {} +
find "$data" -type f ! -name '*.gz' -exec gzip {} +
start_app LIGHT "$data"/logs/*.gz "$data"/docs/a*.gz
xdotool windowfocus --sync "$window" key ctrl+2
sleep 1
xdotool windowfocus --sync "$window" key ctrl+Return
for _ in $(seq 600); do
  [[ -z "$(find "$data/logs" -name '*.gz' -print -quit)" ]] && break
  sleep 0.2
done
sleep 1.5
shot decompressed.png
pkill -f "pigzfx.prefs.node=$node"
sleep 1

# One archive of the whole folder, its name shown under the Output switch.
find "$data" -name '*.gz' ! -name 'archive.txt.gz' -exec gzip -df {} +
EXTRA_PREFS='<entry key="oneArchive" value="true"/>' start_project LIGHT
xdotool windowfocus --sync "$window" key ctrl+Return
for _ in $(seq 600); do
  [[ -f "$work/Projects.tar.gz" ]] && break
  sleep 0.2
done
sleep 1.5
shot archived.png
