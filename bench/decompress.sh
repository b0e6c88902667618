#!/usr/bin/env bash
# Decompression side by side with gzip and pigz, on one large file (the large/ workload of
# ../shared/bench/make-workloads.sh, default folder /tmp/pigzfx-bench), all cores, as ratios.
#   bench/decompress.sh [WORKLOADS]     ROUNDS=N rounds, in turns (default 3), medians reported
# The installed command (the image of ./mvnw -Pinstaller package, or LAUNCHER=path) runs too when
# it is there: it starts from its ahead-of-time cache, as users' pigzfx does; java -jar does not.
# Two .gz files of the same data: PigzFX's own (members that record their size, inflated on all
# cores) and gzip -6's (one member, one stream). Every tool writes the data to a file on the same
# disk. PigzFX's decompress also reads the file back, checks it and syncs it to the disk before it
# removes anything; gzip and pigz are timed as users run them (> FILE), and again followed by sync
# so that the disk's share is counted for them too.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-jdk25.sh
src=${1:-/tmp/pigzfx-bench}
rounds=${ROUNDS:-3}
cores=$(nproc)
./mvnw -q -B -DskipTests package
jar="$PWD/target/pigzfx.jar"
work=$(mktemp -d "$src/.pigzfx-decompress.XXXXXX")
trap 'rm -rf "$work"' EXIT
pigzfx() { "$JAVA_HOME/bin/java" -Dpigzfx.settings.dir="$work/settings" -jar "$jar" "$@"; }
launcher=${LAUNCHER:-$PWD/target/installer/image/PigzFX/bin/pigzfx}
[[ -x "$launcher" ]] || launcher=""
original=$(find "$src/large" -type f | head -n 1)
mkdir -p "$work/own" "$work/gzip"
cp "$original" "$work/own/data" && pigzfx compress "$work/own/data" >/dev/null
gzip -6 -c "$original" > "$work/gzip/data.gz"
echo "$(du -h "$original" | cut -f1) of data ($(basename "$original")); $cores cores"

seconds() { local t0 t1; t0=$(date +%s.%N); eval "$1" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for kind in own gzip; do
  gz="$work/$kind/data.gz"
  names=("pigzfx decompress -k (checked, synced)" "pigzfx -dc > file" "pigz -dc > file" "pigz -dc > file; sync"
         "gzip -dc > file" "gzip -dc > file; sync")
  commands=("pigzfx decompress -k '$gz'" "pigzfx -dc '$gz' > '$work/out'" "pigz -dc -p $cores '$gz' > '$work/out'"
            "pigz -dc -p $cores '$gz' > '$work/out'; sync" "gzip -dc '$gz' > '$work/out'"
            "gzip -dc '$gz' > '$work/out'; sync")
  if [[ -n $launcher ]]; then
    names+=("installed pigzfx decompress -k" "installed pigzfx -dc > file")
    commands+=("'$launcher' decompress -k '$gz'" "'$launcher' -dc '$gz' > '$work/out'")
  fi
  declare -A times=()
  for r in $(seq "$rounds"); do
    for i in "${!commands[@]}"; do
      rm -f "$work/out" "$work/$kind/data"; sync
      times[$i]+="$(seconds "${commands[$i]}") "
    done
  done
  echo
  echo "$( [[ $kind == own ]] && echo "PigzFX's own .gz ($(du -h "$gz" | cut -f1), members that record their size)" \
    || echo "gzip -6's .gz ($(du -h "$gz" | cut -f1), one member)")"
  echo "| run | median s | gzip -dc > file / run | pigz -dc > file / run |"
  echo "|---|---|---|---|"
  declare -A med=()
  for i in "${!commands[@]}"; do med[$i]=$(tr ' ' '\n' <<<"${times[$i]}" | grep . | median); done
  for i in "${!commands[@]}"; do
    printf "| %s | %.2f | %.2f | %.2f |\n" "${names[$i]}" "${med[$i]}" "$(echo "${med[4]} / ${med[$i]}" | bc -l)" \
      "$(echo "${med[2]} / ${med[$i]}" | bc -l)"
  done
  unset times med
done

if command -v /usr/bin/time >/dev/null; then
  echo
  for kind in own gzip; do
    rm -f "$work/$kind/data"
    /usr/bin/time -f "peak memory of pigzfx decompress -k, $kind .gz: %M KB" \
      "$JAVA_HOME/bin/java" -Dpigzfx.settings.dir="$work/settings" -jar "$jar" decompress -k "$work/$kind/data.gz" \
      2>&1 >/dev/null | tail -n 1
  done
fi
