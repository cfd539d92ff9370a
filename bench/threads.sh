#!/usr/bin/env bash
# Thread budgets side by side: ExtractBenchmark (end-to-end extract of video_long.mp4 vs backbone-only with every
# core spinning, in the same process) for each configuration, one process per configuration, the configurations
# interleaved REPS times; then the medians per configuration.
# Usage: bench/threads.sh [REPS]   (run from anywhere; needs ../shared/fixtures and a built fer4j-bench)
set -u
reps="${1:-3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -f fer4j-bench/target/classpath.txt ] || mvn -q -B -ntp -DskipTests -pl fer4j-bench -am package >&2
CP="fer4j-bench/target/classes:$(cat fer4j-bench/target/classpath.txt)"
J="java -XX:+UseParallelGC -Dfer4j.shared=$root/../shared"
# name:ExtractBenchmark options (empty = ThreadBudget.forCores(all), what fer4j extract now does)
configs=(
  "before:--threads 0 --concurrent-batches 1 --spin on --decoder-threads 1 --cv-threads 0"  # ORT on every core spinning, OpenCV's threads
  "intra-nospin:--threads 0 --concurrent-batches 1 --spin off"        # one batch on every core, without spinning
  "budget:"                                                           # the rule (2 cores: 2 batches x 1 thread)
  "ort-n-1:--threads $(( $(nproc) > 1 ? $(nproc) - 1 : 1 )) --concurrent-batches 1 --spin on"  # strict split
  "budget+detect3:--detect-every 3"                                   # the rule, detector every 3rd frame
)
out=$(mktemp)
for rep in $(seq 1 "$reps"); do
  for c in "${configs[@]}"; do
    name="${c%%:*}"; args="${c#*:}"
    line=$($J -cp "$CP" io.fer4j.bench.extract.ExtractBenchmark $args --runs 1 --no-sweep 2>&1 | grep MEDIAN)
    e2e=$(echo "$line" | sed -E 's/.*end-to-end ([0-9.]+) frames.*/\1/')
    lim=$(echo "$line" | sed -E 's/.*backbone-only ([0-9.]+) faces.*/\1/')
    echo "rep $rep $name: end-to-end $e2e frames/s, backbone-only limit $lim faces/s, load $(cut -d' ' -f1 /proc/loadavg)"
    echo "$name $e2e $lim" >> "$out"
  done
done
echo "medians over $reps reps (ratio: end-to-end / backbone-only limit of the same process):"
med() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for c in "${configs[@]}"; do
  name="${c%%:*}"
  e=$(awk -v n="$name" '$1 == n { print $2 }' "$out" | med)
  r=$(awk -v n="$name" '$1 == n { print 100 * $2 / $3 }' "$out" | med)
  printf "  %-15s end-to-end %6.1f frames/s  ratio %3.0f%%\n" "$name" "$e" "$r"
done
rm -f "$out"
