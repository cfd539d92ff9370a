#!/usr/bin/env bash
# Runs every fer4j benchmark one after the other (run it on an otherwise idle machine) and tees the output to
# bench-results.txt. Usage: bench/run-all.sh [--skip-spark]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -q -B -ntp -DskipTests -pl fer4j-bench -am package >&2
CP="fer4j-bench/target/classes:$(cat fer4j-bench/target/classpath.txt)"
J="java -XX:+UseParallelGC --add-modules jdk.incubator.vector -Dfer4j.shared=$root/../shared"
run() { echo; echo "=== $(echo "$*" | grep -oE 'io\.fer4j\.bench\.[A-Za-z.]+|[a-z-]+\.sh.*') ==="; "$@" 2>&1; }
{
  run $J -Xmx3g -cp "$CP" io.fer4j.bench.training.TrainingBenchmark
  run $J -Xmx3g -cp "$CP" io.fer4j.bench.training.GlaBenchmark
  run $J -cp "$CP" org.openjdk.jmh.Main io.fer4j.bench.training.SgemmBenchmark -f 1 -wi 2 -i 3
  run $J -Xmx3g -cp "$CP" io.fer4j.bench.training.TrainingBenchmark --task va
  run $J -cp "$CP" io.fer4j.bench.post.TuningBenchmark
  run $J -cp "$CP" io.fer4j.bench.post.VaTuningBenchmark
  run $J -cp "$CP" io.fer4j.bench.post.PostProcessingBenchmark
  run $J -cp "$CP" io.fer4j.bench.io.NpyBenchmark
  run $J -cp "$CP" io.fer4j.bench.backbone.BackboneBenchmark
  run $J -cp "$CP" io.fer4j.bench.extract.ExtractBenchmark
  run bench/threads.sh 3
  run $J -cp "$CP" io.fer4j.bench.predict.FrameImagesBenchmark
  run $J -cp "$CP" io.fer4j.bench.backbone.QuantizationBenchmark
  run $J -cp "$CP" io.fer4j.bench.extract.StrideBenchmark
  run $J -cp "$CP" io.fer4j.bench.extract.DetectEveryBenchmark
  run $J -cp "$CP" io.fer4j.bench.audio.AudioBenchmark
  run $J -cp "$CP" io.fer4j.bench.predict.PredictBenchmark --shared "$root/../shared"
  run $J -cp "$CP" io.fer4j.bench.predict.EmbeddedModelBenchmark --shared "$root/../shared"
  run $J -cp "$CP" io.fer4j.bench.people.PeopleBenchmark --shared "$root/../shared"
  if [ "${1:-}" != "--skip-spark" ]; then run bench/spark-scaling.sh 4; fi
} | tee bench-results.txt
