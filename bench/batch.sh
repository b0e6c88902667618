#!/usr/bin/env bash
# Benchmarks PigzFX's batches side by side with what people run today, on the workloads of
# ../shared/bench/make-workloads.sh (default folder /tmp/pigzfx-bench), all cores, as ratios.
#   bench/batch.sh [WORKLOADS]      SKIP_TINY=1 leaves out the 100,000-file run;
#                                   PIGZFX_LAUNCHER runs an installed launcher instead of java -jar
# Every run works on a fresh copy of the workload and keeps the originals (-k), so all do the same I/O.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-jdk25.sh
src=${1:-/tmp/pigzfx-bench}
cores=$(nproc)
./mvnw -q -B -DskipTests package
jar="$PWD/target/pigzfx.jar"
work=$(mktemp -d "$src/.pigzfx-batch.XXXXXX")
trap 'rm -rf "$work"' EXIT
settings="$work/settings"
# PIGZFX_LAUNCHER=target/installer/image/PigzFX/bin/pigzfx runs the installed launcher instead of java -jar
if [[ -n "${PIGZFX_LAUNCHER:-}" ]]; then
  launcher=$(realpath "$PIGZFX_LAUNCHER")
  pigzfx() { JAVA_TOOL_OPTIONS="-Dpigzfx.settings.dir=$settings" "$launcher" "$@"; }
  export launcher
else
  pigzfx() { "$JAVA_HOME/bin/java" -Dpigzfx.settings.dir="$settings" -jar "$jar" "$@"; }
fi

declare -A took rss
# results are keyed by workload and run
run() {  # name, workload, command... (the command sees the copy as $dir)
  local name=$1 workload=$2; shift 2
  rm -rf "$work/copy"; cp -r "$src/$workload" "$work/copy"; sync
  export dir="$work/copy"
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" bash -c "$*" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  t1=$(date +%s.%N)
  took[$workload/$name]=$(awk "BEGIN{printf \"%.2f\", $t1 - $t0}")
  rss[$workload/$name]=$(( $(tail -n 1 "$work/rss") / 1024 ))
  printf '| %s | %s | %s s | %s MB |\n' "$workload" "$name" "${took[$workload/$name]}" "${rss[$workload/$name]}"
}
ratio() { awk "BEGIN{printf \"%.2f\", ${took[$1]} / ${took[$2]}}"; }
export -f pigzfx; export jar settings JAVA_HOME

# files to compress: everything but what is gzip already
list='find "$dir" -type f ! -name "*.gz" -print0'
echo "$(nproc) cores; times include process start-up; pigzfx's include fsync and the integrity test."
echo
echo "| workload | run | time | peak RSS |"
echo "|---|---|---|---|"
pigzfx compress -k --dry-run "$src/small" | head -n 2 >&2
run "pigzfx (adaptive)" small 'pigzfx compress -k "$dir"'
run "classic method: pigz then pigz -t per file, $cores at once" small \
  "$list | xargs -0 -P $cores -n 1 sh -c 'pigz -k -p 1 \"\$1\" && pigz -t \"\$1.gz\"' _"
run "gzip, file by file" small "$list | xargs -0 gzip -k"
run "tar cf - | pigz (one stream: the CPU floor)" small 'tar cf - -C "$dir" . | pigz -p '"$cores"' > "$dir.tar.gz"'
run "pigzfx (adaptive)" mixed 'pigzfx compress -k "$dir"'
run "pigzfx --strategy classic" mixed 'pigzfx compress -k --strategy classic "$dir"'
run "pigzfx (adaptive)" medium 'pigzfx compress -k "$dir"'
run "pigz -p $cores, file by file" medium "$list | xargs -0 -n 1 pigz -k -p $cores"
echo
echo "small/: pigzfx is $(ratio "small/classic method: pigz then pigz -t per file, $cores at once" "small/pigzfx (adaptive)")x"\
  "as fast as the classic method, $(ratio "small/gzip, file by file" "small/pigzfx (adaptive)")x as fast as gzip, and takes"\
  "$(ratio "small/pigzfx (adaptive)" "small/tar cf - | pigz (one stream: the CPU floor)")x the time of tar | pigz."
echo "mixed/: adaptive is $(ratio "mixed/pigzfx --strategy classic" "mixed/pigzfx (adaptive)")x as fast as classic."
echo "medium/: pigzfx is $(ratio "medium/pigz -p $cores, file by file" "medium/pigzfx (adaptive)")x as fast as pigz file by file."

if [[ -z "${SKIP_TINY:-}" ]]; then
  if [[ ! -d "$src/tiny" ]]; then
    python3 - "$src/tiny.tmp" <<'PY'
import os, sys
root = sys.argv[1]
for i in range(100_000):
    d = os.path.join(root, "d%03d" % (i // 1000))
    if i % 1000 == 0:
        os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d.txt" % i), "w") as f:
        f.write(("line %d of a tiny file\n" % i) * (1 + i % 7))
PY
    mv "$src/tiny.tmp" "$src/tiny"
  fi
  run "pigzfx (adaptive), 100,000 tiny files" tiny 'pigzfx compress -k "$dir"'
fi
