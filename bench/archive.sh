#!/usr/bin/env bash
# One archive of a folder, and back, side by side with tar and pigz, all cores, as ratios.
#   bench/archive.sh [FOLDER]     ROUNDS=N rounds, in turns (default 3), medians reported
# FOLDER defaults to the medium/ and mixed/ workloads of ../shared/bench/make-workloads.sh together
# (/tmp/pigzfx-bench). The installed command (the image of ./mvnw -Pinstaller package, or
# LAUNCHER=path) runs too when it is there: it starts from its ahead-of-time cache, as users'
# pigzfx does. PigzFX also reads its archive back through the tar reader, checks every entry and
# syncs it before it renames it into place; tar and pigz are timed as users run them, and again
# followed by sync. Extraction is timed on the archive pigz made (one stream: one thread inflates
# it) and on PigzFX's own (members that record their size: inflated on all cores).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-jdk25.sh
rounds=${ROUNDS:-3}
cores=$(nproc)
./mvnw -q -B -DskipTests package
jar="$PWD/target/pigzfx.jar"
base=${1:-/tmp/pigzfx-bench}
work=$(mktemp -d "${TMPDIR:-/tmp}/pigzfx-archive.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [[ -n ${1:-} ]]; then
  folder=$(realpath "$1")
else
  folder="$work/data"
  mkdir -p "$folder" && cp -r "$base/medium" "$base/mixed" "$folder/"
fi
pigzfx() { "$JAVA_HOME/bin/java" -Dpigzfx.settings.dir="$work/settings" -jar "$jar" "$@"; }
launcher=${LAUNCHER:-$PWD/target/installer/image/PigzFX/bin/pigzfx}
[[ -x "$launcher" ]] || launcher=""
parent=$(dirname "$folder")
name=$(basename "$folder")
echo "$(du -sh "$folder" | cut -f1) in $(find "$folder" -type f | wc -l) files ($folder); $cores cores"

seconds() { local t0 t1; t0=$(date +%s.%N); eval "$1" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
table() {  # title, reference index, names..., then the times of each, by index
  local title=$1 ref=$2
  echo
  echo "$title"
  echo "| run | median s | ${names[$ref]} / run |"
  echo "|---|---|---|"
  declare -A med=()
  for i in "${!names[@]}"; do med[$i]=$(tr ' ' '\n' <<<"${times[$i]}" | grep . | median); done
  for i in "${!names[@]}"; do
    printf "| %s | %.2f | %.2f |\n" "${names[$i]}" "${med[$i]}" "$(echo "${med[$ref]} / ${med[$i]}" | bc -l)"
  done
}

# Making the archive
names=("tar cf - | pigz -p $cores > out" "tar cf - | pigz -p $cores > out; sync" "tar czf out (gzip)"
       "pigzfx compress --archive (tested, synced)")
commands=("tar -C '$parent' -cf - '$name' | pigz -p $cores > '$work/out.tar.gz'"
          "tar -C '$parent' -cf - '$name' | pigz -p $cores > '$work/out.tar.gz'; sync"
          "tar -C '$parent' -czf '$work/out.tar.gz' '$name'"
          "pigzfx compress --archive -o '$work/out.tar.gz' '$folder'")
if [[ -n $launcher ]]; then
  names+=("installed pigzfx compress --archive")
  commands+=("'$launcher' compress --archive -o '$work/out.tar.gz' '$folder'")
fi
declare -A times=()
for r in $(seq "$rounds"); do
  for i in "${!commands[@]}"; do
    rm -f "$work/out.tar.gz"; sync
    times[$i]+="$(seconds "${commands[$i]}") "
  done
done
table "Making one .tar.gz of the folder (level 6)" 0
unset times

tar -C "$parent" -cf - "$name" | pigz -p "$cores" > "$work/pigz.tar.gz"
pigzfx compress --archive -o "$work/own.tar.gz" "$folder" >/dev/null
echo
echo "sizes: pigz $(du -h "$work/pigz.tar.gz" | cut -f1), PigzFX $(du -h "$work/own.tar.gz" | cut -f1)"

# Extracting it
for kind in pigz own; do
  archive="$work/$kind.tar.gz"
  names=("tar xzf" "tar xzf; sync" "tar -I pigz -xf" "pigzfx decompress --extract (checked, synced)")
  commands=("tar -C '$work/x' -xzf '$archive'" "tar -C '$work/x' -xzf '$archive'; sync"
            "tar -C '$work/x' -I pigz -xf '$archive'" "pigzfx decompress --extract -o '$work/x' '$archive'")
  if [[ -n $launcher ]]; then
    names+=("installed pigzfx decompress --extract")
    commands+=("'$launcher' decompress --extract -o '$work/x' '$archive'")
  fi
  declare -A times=()
  for r in $(seq "$rounds"); do
    for i in "${!commands[@]}"; do
      rm -rf "$work/x"; mkdir "$work/x"; sync
      times[$i]+="$(seconds "${commands[$i]}") "
    done
  done
  table "Extracting the archive $( [[ $kind == pigz ]] && echo "pigz made (one stream)" \
    || echo "PigzFX made (members that record their size)")" 0
  unset times
done
