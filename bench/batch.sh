#!/usr/bin/env bash
# Benchmarks PigzFX's batches side by side with what people run today, on the workloads of
# ../shared/bench/make-workloads.sh (default folder /tmp/pigzfx-bench), all cores, as ratios.
#   bench/batch.sh [WORKLOADS]      ROUNDS=N rounds of every run, in turns (default 3), medians reported;
#                                   SKIP_TINY=1 leaves out the 100,000-file run;
#                                   PIGZFX_LAUNCHER runs an installed launcher instead of java -jar
# Every run works on a fresh copy of the workload and keeps the originals (-k), so all do the same I/O.
# The copies are all made before the first run and removed after the last: on a file system that
# sets recently freed inodes aside when it creates files (ext4 without a journal does, for minutes),
# a run that followed the removal of the previous run's copy would pay for it, one tool more than another.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-jdk25.sh
src=${1:-/tmp/pigzfx-bench}
rounds=${ROUNDS:-3}
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
export -f pigzfx; export jar settings JAVA_HOME

# the runs of each workload: name, then the command (which sees its copy as $dir)
list='find "$dir" -type f ! -name "*.gz" -print0'
small_runs=(
  "pigzfx (adaptive)" 'pigzfx compress -k "$dir"'
  "classic method: pigz then pigz -t per file, $cores at once"
  "$list | xargs -0 -P $cores -n 1 sh -c 'pigz -k -p 1 \"\$1\" && pigz -t \"\$1.gz\"' _"
  "gzip, file by file" "$list | xargs -0 gzip -k"
  "tar cf - | pigz (one stream: the CPU floor)" 'tar cf - -C "$dir" . | pigz -p '"$cores"' > "$dir.tar.gz"'
)
mixed_runs=(
  "pigzfx (adaptive)" 'pigzfx compress -k "$dir"'
  "pigzfx --strategy classic" 'pigzfx compress -k --strategy classic "$dir"'
)
medium_runs=(
  "pigzfx (adaptive)" 'pigzfx compress -k "$dir"'
  "pigz -p $cores, file by file" "$list | xargs -0 -n 1 pigz -k -p $cores"
)

declare -A times rss copies_made
copy() {  # workload, key: the copy for that key, made now if it was not made before
  local target="$work/$1-$2"
  if [[ -z "${copies_made[$1-$2]:-}" ]]; then
    cp -r "$src/$1" "$target"
    copies_made[$1-$2]=1
  fi
  echo "$target"
}
run() {  # workload, copy key, name, command
  local workload=$1 key=$2 name=$3 command=$4 t0 t1 took
  export dir
  dir=$(copy "$workload" "$key")
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" bash -c "$command" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  t1=$(date +%s.%N)
  took=$(awk "BEGIN{printf \"%.2f\", $t1 - $t0}")
  times[$workload/$name]+="$took "
  rss[$workload/$name]+="$(( $(tail -n 1 "$work/rss") / 1024 )) "
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
med() { echo "${times[$1]}" | median; }
ratio() { awk "BEGIN{printf \"%.2f\", $(med "$1") / $(med "$2")}"; }

workloads=(small mixed medium)
echo "$cores cores, $rounds rounds in turns; times include process start-up; pigzfx's include fsync and"\
  "the integrity test. Copies of the workloads are made first..." >&2
for workload in "${workloads[@]}"; do
  declare -n runs="${workload}_runs"
  for ((round = 1; round <= rounds; round++)); do
    for ((i = 0; i < ${#runs[@]}; i += 2)); do
      copy "$workload" "$round-$i" >/dev/null
    done
  done
  unset -n runs
done
sync
pigzfx compress -k --dry-run "$src/small" | head -n 2 >&2
for workload in "${workloads[@]}"; do
  declare -n runs="${workload}_runs"
  for ((round = 1; round <= rounds; round++)); do
    for ((i = 0; i < ${#runs[@]}; i += 2)); do
      run "$workload" "$round-$i" "${runs[i]}" "${runs[i + 1]}"
    done
  done
  unset -n runs
done

echo
echo "| workload | run | median time | each round | peak RSS (largest) |"
echo "|---|---|---|---|---|"
for workload in "${workloads[@]}"; do
  declare -n runs="${workload}_runs"
  for ((i = 0; i < ${#runs[@]}; i += 2)); do
    key="$workload/${runs[i]}"
    printf '| %s | %s | %s s | %s| %s MB |\n' "$workload" "${runs[i]}" "$(med "$key")" "${times[$key]}" \
      "$(echo "${rss[$key]}" | tr ' ' '\n' | grep . | sort -g | tail -n 1)"
  done
  unset -n runs
done
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
  copy tiny 1 >/dev/null
  sync
  run tiny 1 "pigzfx (adaptive), 100,000 tiny files" 'pigzfx compress -k "$dir"'
  key="tiny/pigzfx (adaptive), 100,000 tiny files"
  printf '| tiny | %s | %s s | | %s MB |\n' "pigzfx (adaptive), 100,000 tiny files" "$(med "$key")" "${rss[$key]% }"
fi
