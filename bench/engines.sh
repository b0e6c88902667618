#!/usr/bin/env bash
# Benchmarks PigzFX's engines against pigz and gzip on one file, side by side in one run,
# then the whole command line (compress, fsync, verify) with its peak memory.
#   bench/engines.sh FILE [--levels 1,6,9] [--repeats 3] [--threads N]
# Workloads: ../shared/bench/make-workloads.sh, or any large file of your own.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-jdk25.sh
file=$1
./mvnw -q -B -DskipTests package
mkdir -p target/bench-classes
"$JAVA_HOME/bin/javac" -q -d target/bench-classes -cp target/classes $(find bench/src -name '*.java') 2>/dev/null \
  || "$JAVA_HOME/bin/javac" -d target/bench-classes -cp target/classes $(find bench/src -name '*.java')
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp target/classes:target/bench-classes dev.pigzfx.bench.EngineBench "$@"

# End to end at level 6, as a user runs it: pigzfx compress (writes, fsyncs, tests) against
# pigz followed by pigz -t; peak resident memory from GNU time.
work=$(mktemp -d "$(dirname "$file")/.pigzfx-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$file" "$work/input"
echo
echo "End to end, level 6, all cores (compress + test):"
measure() {  # label, command...
  local label=$1; shift
  local t0 t1 rss
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1
  rss=$(tail -n 1 "$work/rss")
  t1=$(date +%s.%N)
  printf "| %s | %s s | %d MB |\n" "$label" "$(awk "BEGIN{printf \"%.2f\", $t1 - $t0}")" $((rss / 1024))
}
echo "| run | time | peak RSS |"
echo "|---|---|---|"
measure "pigzfx compress -k -f" "$JAVA_HOME/bin/java" -jar target/pigzfx.jar compress -k -f -l 6 "$work/input"
measure "pigz -k -f" pigz -k -f -6 "$work/input"
measure "pigz -t" pigz -t "$work/input.gz"
