#!/usr/bin/env bash
# The installed launcher (its start-up cache, C1 only) against `java -jar` (neither), and against
# gzip and tar | pigz, on many small files, in alternating rounds on fresh copies, as ratios.
#   bench/launcher.sh [WORKLOADS] [ROUNDS]     needs the image of ./mvnw -Pinstaller package
# A copy of the launcher without the C1-only flag in its configuration runs too, on medium/ as
# well, to show what that flag is worth on short runs and long ones.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-jdk25.sh
src=${1:-/tmp/pigzfx-bench}
rounds=${2:-5}
launcher="$PWD/target/installer/image/PigzFX/bin/pigzfx"
[[ -x "$launcher" ]] || { echo "no image: run ./mvnw -Pinstaller package first" >&2; exit 1; }
jar="$PWD/target/pigzfx.jar"
work=$(mktemp -d "$src/.pigzfx-launcher.XXXXXX")
trap 'rm -rf "$work"' EXIT
# the same image without the C1-only line in its configuration (the launcher's options beat any
# given in the environment)
cp -a "$(dirname "$(dirname "$launcher")")" "$work/with-c2"
sed -i '/TieredStopAtLevel/d' "$work/with-c2/lib/app/PigzFX.cfg" "$work/with-c2/bin/pigzfx"
with_c2="$work/with-c2/bin/pigzfx"
export settings="$work/settings" launcher with_c2 jar JAVA_HOME

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
  ["small: launcher, with C2"]='small|JAVA_TOOL_OPTIONS=-Dpigzfx.settings.dir="$settings" "$with_c2" compress -k "$dir"'
  ["small: gzip file by file"]="small|$list | xargs -0 gzip -k"
  ["small: tar | pigz"]='small|tar cf - -C "$dir" . | pigz -p '"$(nproc)"' > "$dir.tar.gz"'
  ["medium: launcher"]='medium|JAVA_TOOL_OPTIONS=-Dpigzfx.settings.dir="$settings" "$launcher" compress -k "$dir"'
  ["medium: launcher, with C2"]='medium|JAVA_TOOL_OPTIONS=-Dpigzfx.settings.dir="$settings" "$with_c2" compress -k "$dir"'
)
order=("small: java -jar" "small: launcher" "small: launcher, with C2" "small: gzip file by file" "small: tar | pigz"
       "medium: launcher" "medium: launcher, with C2")
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
echo "small/: the launcher takes $(r "small: launcher" "small: java -jar")x the time of java -jar"\
  "(with C2 $(r "small: launcher, with C2" "small: java -jar")x). It is $(r "small: gzip file by file" "small: launcher")x as fast"\
  "as gzip file by file and takes $(r "small: launcher" "small: tar | pigz")x the time of tar | pigz."
echo "medium/: with C2 the launcher takes $(r "medium: launcher, with C2" "medium: launcher")x its time with C1 only."
