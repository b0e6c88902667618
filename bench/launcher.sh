#!/usr/bin/env bash
# The installed launcher (with its start-up cache) against `java -jar`, and against gzip and
# tar | pigz, on many small files, in alternating rounds on fresh copies, as ratios.
#   bench/launcher.sh [WORKLOADS] [ROUNDS]     needs the image of ./mvnw -Pinstaller package
# A third column runs the launcher with C1 only (-XX:TieredStopAtLevel=1), a flag the launcher
# could carry; medium/ shows what that costs a long run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-jdk25.sh
src=${1:-/tmp/pigzfx-bench}
rounds=${2:-5}
launcher="$PWD/target/installer/image/PigzFX/bin/PigzFX"
[[ -x "$launcher" ]] || { echo "no image: run ./mvnw -Pinstaller package first" >&2; exit 1; }
jar="$PWD/target/pigzfx.jar"
work=$(mktemp -d "$src/.pigzfx-launcher.XXXXXX")
trap 'rm -rf "$work"' EXIT
export settings="$work/settings" launcher jar JAVA_HOME

declare -A total
time_of() {  # workload, command (sees the copy as $dir); adds the seconds to total[name]
  local name=$1 workload=$2 cmd=$3
  rm -rf "$work/copy"; cp -r "$src/$workload" "$work/copy"; sync
  export dir="$work/copy"
  local t0 t1
  t0=$(date +%s%N)
  bash -c "$cmd" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  t1=$(date +%s%N)
  total[$name]=$(( ${total[$name]:-0} + (t1 - t0) / 1000000 ))
}
list='find "$dir" -type f ! -name "*.gz" -print0'
declare -A runs=(
  ["small: java -jar"]='small|"$JAVA_HOME/bin/java" -Dpigzfx.settings.dir="$settings" -jar "$jar" compress -k "$dir"'
  ["small: launcher"]='small|JAVA_TOOL_OPTIONS=-Dpigzfx.settings.dir="$settings" "$launcher" compress -k "$dir"'
  ["small: launcher, C1 only"]='small|JAVA_TOOL_OPTIONS="-Dpigzfx.settings.dir=$settings -XX:TieredStopAtLevel=1" "$launcher" compress -k "$dir"'
  ["small: gzip file by file"]="small|$list | xargs -0 gzip -k"
  ["small: tar | pigz"]='small|tar cf - -C "$dir" . | pigz -p '"$(nproc)"' > "$dir.tar.gz"'
  ["medium: launcher"]='medium|JAVA_TOOL_OPTIONS=-Dpigzfx.settings.dir="$settings" "$launcher" compress -k "$dir"'
  ["medium: launcher, C1 only"]='medium|JAVA_TOOL_OPTIONS="-Dpigzfx.settings.dir=$settings -XX:TieredStopAtLevel=1" "$launcher" compress -k "$dir"'
)
order=("small: java -jar" "small: launcher" "small: launcher, C1 only" "small: gzip file by file" "small: tar | pigz"
       "medium: launcher" "medium: launcher, C1 only")
for round in $(seq 1 "$rounds"); do
  for name in "${order[@]}"; do
    time_of "$name" "${runs[$name]%%|*}" "${runs[$name]#*|}"
  done
  echo "round $round done" >&2
done
echo "| run | mean of $rounds |"
echo "|---|---|"
for name in "${order[@]}"; do
  printf '| %s | %.2f s |\n' "$name" "$(echo "${total[$name]} / $rounds / 1000" | bc -l)"
done
r() { echo "scale=2; ${total[$1]} / ${total[$2]}" | bc; }
echo
echo "small/: the launcher takes $(r "small: launcher" "small: java -jar")x the time of java -jar;"\
  "C1 only $(r "small: launcher, C1 only" "small: java -jar")x. Against gzip file by file the launcher is"\
  "$(r "small: gzip file by file" "small: launcher")x as fast (C1 only $(r "small: gzip file by file" "small: launcher, C1 only")x);"\
  "it takes $(r "small: launcher" "small: tar | pigz")x the time of tar | pigz (C1 only $(r "small: launcher, C1 only" "small: tar | pigz")x)."
echo "medium/: C1 only takes $(r "medium: launcher, C1 only" "medium: launcher")x the launcher's default time."
