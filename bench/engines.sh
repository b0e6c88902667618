#!/usr/bin/env bash
# Benchmarks PigzFX's engines against pigz and gzip on one file, side by side in one run,
# then the whole command line (compress, fsync, verify) with its peak memory.
#   bench/engines.sh FILE [--levels 1,6,9] [--repeats 3] [--threads N]
#   END_TO_END_ONLY=1 bench/engines.sh FILE     (skips the engine table)
# Workloads: ../shared/bench/make-workloads.sh, or any large file of your own.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-jdk25.sh
file=$1
./mvnw -q -B -DskipTests package
mkdir -p target/bench-classes
if [[ -z "${END_TO_END_ONLY:-}" ]]; then
  "$JAVA_HOME/bin/javac" -d target/bench-classes -cp target/classes $(find bench/src -name '*.java')
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp target/classes:target/bench-classes \
    dev.pigzfx.bench.EngineBench "$@"
fi

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
pigzfx="$JAVA_HOME/bin/java -jar target/pigzfx.jar"
measure "pigzfx compress (auto: libdeflate), fsync + test included" $pigzfx compress -k -f -l 6 "$work/input"
measure "pigzfx compress --engine zlib, fsync + test included" $pigzfx compress -k -f -l 6 --engine zlib "$work/input"
measure "pigz -p $(nproc) -k -f" pigz -k -f -6 "$work/input"
measure "pigz -t (of pigz's file)" pigz -t "$work/input.gz"
measure "gzip -k -f" gzip -k -f -6 "$work/input"
