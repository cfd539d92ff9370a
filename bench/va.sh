#!/usr/bin/env bash
# Valence-arousal benchmarks (issue 19), one command: VA head training and EXPR head training side by side on the same
# memory-mapped 600,000 x 1280 float16 rows (seconds per epoch, process CPU time, peak heap; -Xmx3g), then VA tuning
# of δ and w over 280,000 frames (median of 5 runs) and its 5-fold honest estimate.
# Usage: bench/va.sh [EPOCHS=10] [DATA_DIR=temporary]   (DATA_DIR keeps the 1.7 GB of generated rows for reruns)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
epochs="${1:-10}"
data="${2:-}"
mvn -q -B -ntp -DskipTests -pl fer4j-bench -am package >&2
CP="fer4j-bench/target/classes:$(cat fer4j-bench/target/classpath.txt)"
J="java -XX:+UseParallelGC --add-modules jdk.incubator.vector"
cleanup=""
if [ -z "$data" ]; then data="$(mktemp -d)"; cleanup="$data"; fi
trap '[ -n "$cleanup" ] && rm -rf "$cleanup"' EXIT
for task in va expr; do
  echo "=== head training, task $task, $epochs epochs (load $(cut -d' ' -f1-3 /proc/loadavg))"
  $J -Xmx3g -cp "$CP" io.fer4j.bench.training.TrainingBenchmark --task "$task" --epochs "$epochs" --dir "$data"
done
echo "=== VA tuning (load $(cut -d' ' -f1-3 /proc/loadavg))"
$J -cp "$CP" io.fer4j.bench.post.VaTuningBenchmark
