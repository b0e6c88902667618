#!/usr/bin/env bash
# Checks the Linux installer as a new user meets it:
#   packaging/check-linux.sh [PACKAGE.deb]
# Builds the .deb (./mvnw -Pinstaller package) unless one is given, then installs it: as root for
# real (apt-get, which also proves the declared dependencies and the package scripts), otherwise
# unpacked with dpkg -x into a temporary folder. Then, of the installed program:
#   - the .deb is under 80 MB, and the launcher answers --version and uses its start-up cache;
#   - on a real folder (small and large files, an empty one, a name with spaces, an old .gz),
#     compress writes .gz files that gzip reads back to the original bytes, and test passes them
#     and fails a damaged one, naming it; in the C locale, a UTF-8 name is compressed too;
#   - the window opens under Xvfb with nothing printed, the time to a visible window is measured
#     over 5 starts (the median is what the README quotes), and a screenshot is taken:
#     target/installer/check/window.png;
#   - a second start while the window is open hands its file over and ends, with one window left;
#   - as root: the menu entry, the metadata and the command on the PATH are there, and removing the
#     package takes them away.
# The window part needs Xvfb, xdotool and ImageMagick (Debian: xvfb xdotool imagemagick libgtk-3-0).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-jdk25.sh

fail() { echo "check-linux: FAILED: $*" >&2; exit 1; }
say() { echo "check-linux: $*"; }

version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
deb=${1:-}
if [[ -z "$deb" ]]; then
  ./mvnw -B -q -Pinstaller -DskipTests package
  deb=target/installer/pigzfx_${version}_amd64.deb
fi
[[ -f "$deb" ]] || fail "no package at $deb"
deb=$(realpath "$deb")

out=target/installer/check
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d /tmp/pigzfx-check.XXXXXX)
xvfb_pid=
installed=
cleanup() {
  [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null
  [[ -n "$installed" ]] && DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq pigzfx >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

size=$(stat -c %s "$deb")
(( size < 80 * 1024 * 1024 )) || fail "the .deb is $((size / 1024 / 1024)) MB, over 80 MB"
say "package $(basename "$deb"): $((size / 1024 / 1024)) MB (limit 80 MB)"

# ---- install
if [[ $(id -u) == 0 ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$out/install.log" 2>&1 \
    || { cat "$out/install.log"; fail "apt-get install"; }
  installed=yes
  pigzfx=$(command -v pigzfx) || fail "pigzfx is not on the PATH after install"
  [[ "$(readlink -f "$pigzfx")" == /opt/pigzfx/bin/pigzfx ]] || fail "$pigzfx is not the installed launcher"
  say "installed with apt-get; pigzfx on the PATH: $pigzfx"
else
  dpkg-deb -x "$deb" "$work/root"
  pigzfx="$work/root/opt/pigzfx/bin/pigzfx"
  say "not root: unpacked with dpkg -x, launcher $pigzfx"
fi

# ---- the command line
"$pigzfx" --version >"$out/version.txt" 2>&1
grep -q "^PigzFX $version\$" "$out/version.txt" || { cat "$out/version.txt"; fail "--version"; }
# the command line's start-up cache must match the runtime it ships with: AOTMode=on refuses to start otherwise
JAVA_TOOL_OPTIONS=-XX:AOTMode=on "$pigzfx" --version >/dev/null 2>"$out/aot.txt" \
  || { cat "$out/aot.txt"; fail "the command line's start-up cache cannot be used"; }
say "--version: $(head -n 1 "$out/version.txt"); the command line's start-up cache in use"

data="$work/data"
mkdir -p "$data/logs/deeper" "$data/with space"
for i in $(seq 1 40); do seq "$i" 1 4000 >"$data/logs/part-$i.txt"; done
seq 1 3000000 >"$data/logs/deeper/large.txt"
: >"$data/empty.txt"
printf 'café, naïve, 中文\n%.0s' $(seq 1 500) >"$data/with space/unicode ä.txt"
echo "old" | gzip >"$data/old.txt.gz"
cp -a "$data" "$work/originals"
set +e
"$pigzfx" compress "$data" >"$out/compress.txt" 2>&1
status=$?
set -e
(( status == 0 )) || { cat "$out/compress.txt"; fail "compress exited $status"; }
while IFS= read -r -d '' original; do
  rel=${original#"$work/originals/"}
  [[ "$rel" == old.txt.gz ]] && continue
  [[ ! -e "$data/$rel" ]] || fail "the original $rel is still there after compress"
  gzip -dc "$data/$rel.gz" | cmp -s - "$original" || fail "$rel.gz does not read back to the original"
done < <(find "$work/originals" -type f -print0)
cmp -s "$data/old.txt.gz" "$work/originals/old.txt.gz" || fail "the old .gz was touched"
say "compress: $(tail -n 1 "$out/compress.txt")"

# in the C locale (a server's, a cron job's) a UTF-8 name is still a name: the command starts in C.UTF-8
printf 'résumé\n%.0s' $(seq 1 200) >"$work/résumé.txt"
LC_ALL=C LANG= "$pigzfx" compress "$work/résumé.txt" >"$out/compress-c-locale.txt" 2>&1 \
  || { cat "$out/compress-c-locale.txt"; fail "compress of a UTF-8 name in the C locale"; }
[[ -e "$work/résumé.txt.gz" && ! -e "$work/résumé.txt" ]] || fail "résumé.txt was not compressed in the C locale"
say "compress in the C locale: résumé.txt -> résumé.txt.gz"

"$pigzfx" test "$data/logs/deeper/large.txt.gz" "$data/empty.txt.gz" >"$out/test.txt" 2>&1 \
  || { cat "$out/test.txt"; fail "test of good files"; }
head -c 20000 "$data/logs/deeper/large.txt.gz" >"$work/damaged.txt.gz"
set +e
"$pigzfx" test "$work/damaged.txt.gz" >"$out/test-damaged.txt" 2>&1
status=$?
set -e
(( status != 0 )) && grep -q "damaged.txt.gz" "$out/test-damaged.txt" \
  || { cat "$out/test-damaged.txt"; fail "test passed a damaged file, or did not name it"; }
say "test: good files pass; a damaged one fails: $(grep -m 1 damaged "$out/test-damaged.txt")"
if grep -il "warning" "$out"/version.txt "$out"/compress.txt "$out"/test*.txt; then
  fail "the command line printed a warning"
fi

# ---- the window
for tool in Xvfb xdotool import; do
  command -v "$tool" >/dev/null || fail "$tool is missing (Debian: apt-get install xvfb xdotool imagemagick)"
done
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY=$display
for _ in $(seq 1 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.05; done
# GTK and the desktop tools write their caches to a throwaway home (Java takes its user.home from
# the password file, not from $HOME, so the window keeps its own settings where it always does)
export XDG_CONFIG_HOME="$work/config" HOME="$work/home"
mkdir -p "$HOME"

# opens the window (its output to $1, the rest are its arguments) and sets window_seconds to the
# time from the launch to a mapped window titled PigzFX, and window_pid
time_to_window() {
  local start end pid
  start=$(date +%s%N)
  # from the null device, as a desktop starts it: with no arguments and a pipe or a file on both
  # sides, PigzFX would be a filter (tar -I pigzfx), not a window
  "$pigzfx" "${@:2}" </dev/null >"$1" 2>&1 &
  pid=$!
  until xdotool search --onlyvisible --name '^PigzFX$' >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$1"; fail "the window did not open"; }
    (( ($(date +%s%N) - start) / 1000000000 < 30 )) || fail "no window after 30 s"
    sleep 0.02
  done
  end=$(date +%s%N)
  window_pid=$pid
  window_seconds=$(echo "scale=2; ($end - $start) / 1000000000" | bc)
}
close_window() {
  # Xvfb without a window manager sometimes answers the first search with a window that is gone
  # (BadWindow): the key is sent again until the process has ended, for at most 10 s
  for _ in $(seq 1 20); do
    xdotool search --onlyvisible --name '^PigzFX$' windowfocus key ctrl+q >/dev/null 2>&1 || true
    for _ in $(seq 1 10); do kill -0 "$window_pid" 2>/dev/null || return 0; sleep 0.05; done
  done
  fail "Ctrl+Q did not close the window"
}

times=()
for run in 1 2 3 4 5; do
  time_to_window "$out/window-$run.log"
  times+=("$window_seconds")
  close_window
  [[ ! -s "$out/window-$run.log" ]] || { cat "$out/window-$run.log"; fail "the window printed something"; }
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
say "time to a visible window, 5 starts: ${times[*]} s; median $median s"

# the window's start-up cache, likewise
export JAVA_TOOL_OPTIONS=-XX:AOTMode=on
time_to_window "$out/window-aot.log"
unset JAVA_TOOL_OPTIONS
close_window
! grep -v '^Picked up JAVA_TOOL_OPTIONS' "$out/window-aot.log" | grep -q . \
  || { cat "$out/window-aot.log"; fail "the window's start-up cache cannot be used"; }
say "the window's start-up cache in use"

# a start while the window is open hands its file to that window and ends at once
time_to_window "$out/window-first.log"
timeout 30 "$pigzfx" "$data/logs/deeper/large.txt.gz" >"$out/second.log" 2>&1 \
  || { cat "$out/second.log"; fail "a second start did not hand its file to the open window"; }
(( $(xdotool search --onlyvisible --name '^PigzFX$' | wc -l) == 1 )) || fail "a second start opened a second window"
close_window
say "a second start handed its file to the open window and ended"

time_to_window "$out/window-shot.log" "$work/originals"
# the folder is walked in the background: wait until two screenshots in a row are the same
previous=
for _ in $(seq 1 50); do
  import -window root "$out/window.png"
  now=$(md5sum <"$out/window.png")
  [[ "$now" == "$previous" ]] && break
  previous=$now
  sleep 0.2
done
close_window
say "screenshot: $out/window.png"

# ---- what the package put in the system, and what removing it takes away
if [[ -n "$installed" ]]; then
  [[ -L /usr/share/metainfo/dev.pigzfx.PigzFX.metainfo.xml ]] || fail "no AppStream metadata"
  if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net --explain /usr/share/metainfo/dev.pigzfx.PigzFX.metainfo.xml >"$out/appstream.txt" 2>&1 \
      || { cat "$out/appstream.txt"; fail "the AppStream metadata does not validate"; }
    say "AppStream metadata validates"
  fi
  entry=/usr/share/applications/pigzfx-PigzFX.desktop
  if [[ -f "$entry" ]]; then
    if command -v desktop-file-validate >/dev/null; then
      desktop-file-validate "$entry" || fail "the menu entry does not validate"
    fi
    [[ "$(xdg-mime query default application/gzip)" == pigzfx-PigzFX.desktop ]] \
      || fail ".gz files do not open in PigzFX"
    say "menu entry: $entry; .gz files open in PigzFX"
  else
    say "menu entry: not installed (no desktop menu here: /usr/share/desktop-directories is missing)"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq pigzfx >/dev/null 2>&1 || fail "apt-get remove"
  installed=
  [[ ! -e /usr/bin/pigzfx && ! -e /opt/pigzfx/bin && ! -e /usr/share/metainfo/dev.pigzfx.PigzFX.metainfo.xml ]] \
    || fail "removing the package left the command, the program or the metadata behind"
  say "removed: pigzfx, /opt/pigzfx and the metadata are gone"
fi
say "all good"
