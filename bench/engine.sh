#!/usr/bin/env bash
# Issue 16 performance, before/after the one engine, interleaved in one run: `fer4j extract` and `fer4j predict` on
# video_long.mp4 (900 frames, fixture EfficientNet + YuNet) and Fer4j.predict on samples/faces.mp4 (300 frames,
# io.fer4j.bench.predict.ApiPredictBenchmark, compiled here, run against each build's jars: its calls exist in both).
# Wall seconds per process (JVM start and model loading included, the same for every arm), the two builds in ABBA
# order. Prints every run, the medians and after/before ratios.
# Usage: bench/engine.sh [REPS (default 5)] [BASE (default /work/baseline: a built checkout of the base commit)]
# Needs: this tree's fer4j-cli packaged and fer4j-bench compiled (mvn -pl fer4j-cli,fer4j-bench -am package -DskipTests)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
reps="${1:-5}"
base="${2:-/work/baseline}"
shared="${FER4J_SHARED:-$root/../shared}"
F="$shared/fixtures"
V="$F/media/video_long.mp4"; S="$root/samples/faces.mp4"
B="$F/models/enet_b0_random.onnx"; D="$F/models/face_detection_yunet.onnx"
J="java -XX:+UseParallelGC --add-modules jdk.incubator.vector"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
jar() { echo "$1/fer4j-cli/target/fer4j.jar"; }
cp_of() { echo "$1/fer4j-cli/target/fer4j.jar:$1/fer4j-cli/target/lib/*:$root/fer4j-bench/target/classes"; }
run() { # arm tree → wall seconds
  rm -rf "$work/out" "$work/store"
  local t0 t1
  t0=$(date +%s.%N)
  case $1 in
    extract) $J -jar "$(jar "$2")" extract --input "$V" --store "$work/store" --backbone "$B" --detector "$D" ;;
    predict) $J -jar "$(jar "$2")" predict "$V" --backbone "$B" --detector "$D" --out "$work/out" ;;
    api) $J -cp "$(cp_of "$2")" io.fer4j.bench.predict.ApiPredictBenchmark "$S" "$B" "$D" ;;
  esac > "$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}'
}
declare -A secs
for i in $(seq 1 "$reps"); do
  for arm in extract predict api; do
    # ABBA: odd reps run before first, even reps after first, so neither build always gets the warmer cache
    order="before after"
    [ $((i % 2)) = 0 ] && order="after before"
    for tree in $order; do
      dir=$([ "$tree" = before ] && echo "$base" || echo "$root")
      s="$(run $arm "$dir")"
      secs[$arm-$tree]="${secs[$arm-$tree]:-} $s"
      echo "rep $i $arm $tree: $s s"
    done
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for arm in extract predict api; do
  b="$(echo "${secs[$arm-before]}" | median)"
  a="$(echo "${secs[$arm-after]}" | median)"
  echo "median $arm: before $b s, after $a s ($(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", a / b}') × before)"
done
