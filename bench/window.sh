#!/usr/bin/env bash
# The same batch of 10,000 small files through the window and through the command line, in turns,
# each on a fresh copy, each in a fresh JVM, 3 rounds. The window runs on JavaFX's headless
# platform with software rendering, so the table is laid out and drawn as on a screen.
#   bench/window.sh [WORKLOADS]       (default /tmp/pigzfx-bench; uses the first 10,000 files of tiny/)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-jdk25.sh
src=${1:-/tmp/pigzfx-bench}
rounds=${ROUNDS:-3}
./mvnw -q -B -DskipTests package
mkdir -p target/bench-classes
"$JAVA_HOME/bin/javac" -d target/bench-classes -cp "target/classes:target/lib/*" $(find bench/src -name '*.java')
work=$(mktemp -d "$src/.pigzfx-window.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/batch"
find "$src/tiny" -type f | sort | head -n 10000 | while read -r f; do cp "$f" "$work/batch/"; done 2>/dev/null || true
echo "$(find "$work/batch" -type f | wc -l) files, $(du -sh "$work/batch" | cut -f1); $(nproc) cores"
settings=(-Dpigzfx.settings.dir="$work/settings" -Dpigzfx.prefs.node=dev/pigzfxbench
  -Djava.util.prefs.userRoot="$work/prefs")

echo "| round | command line: batch | command line: process | window: batch | window: Compress to done | FX thread: longest wait | p99 | FX thread: longest busy (CPU) | p99 | FX thread: CPU in all |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for r in $(seq "$rounds"); do
  rm -rf "$work/copy"; cp -r "$work/batch" "$work/copy"; sync
  t0=$(date +%s.%N)
  line=$("$JAVA_HOME/bin/java" "${settings[@]}" -jar target/pigzfx.jar compress "$work/copy" | tail -1)
  t1=$(date +%s.%N)
  cli_batch=$(sed -E 's/.* in ([0-9.]+) s.*/\1/' <<<"$line")
  cli_process=$(awk "BEGIN{printf \"%.2f\", $t1 - $t0}")

  rm -rf "$work/copy"; cp -r "$work/batch" "$work/copy"; sync
  out=$("$JAVA_HOME/bin/java" "${settings[@]}" -cp "target/classes:target/lib/*:target/bench-classes" \
    --enable-native-access=ALL-UNNAMED -Dglass.platform=Headless -Dprism.order=sw -Djava.awt.headless=true \
    dev.pigzfx.ui.WindowBench "$work/copy" 2>/dev/null | tail -1)
  get() { sed -E "s/(^|.* )$1=([0-9.]+).*/\2/" <<<"$out"; }
  echo "| $r | $cli_batch s | $cli_process s | $(get batch_s) s | $(get compress_to_done_s) s | $(get fx_wait_max_ms) ms | $(get fx_wait_p99_ms) ms | $(get fx_busy_max_ms) ms | $(get fx_busy_p99_ms) ms | $(get fx_cpu_during_batch_s) s |"
done
