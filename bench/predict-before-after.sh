#!/usr/bin/env bash
# predict before/after, side by side: the `fer4j predict` CLI of commit REV, this tree's CLI and this tree's public
# API (Fer4j.predict, io.fer4j.bench.predict.ApiPredictBenchmark), interleaved REPS times on video_long.mp4 with the
# fixture models (backbone-only). Prints every run and the median of the seconds each arm reports (model loading
# included). Usage: bench/predict-before-after.sh [REV (default 3529a98, main before the API)] [REPS (default 5)]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rev="${1:-3529a98}"
reps="${2:-5}"
shared="${FER4J_SHARED:-$root/../shared}"
F="$shared/fixtures"
V="$F/media/video_long.mp4"; B="$F/models/enet_b0_random.onnx"; D="$F/models/face_detection_yunet.onnx"
J="java -XX:+UseParallelGC --add-modules jdk.incubator.vector"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git -C "$root" archive "$rev" | tar -x -C "$work" --one-top-level=before
(cd "$work/before" && mvn -q -B -ntp -DskipTests -Dmaven.javadoc.skip=true -pl fer4j-cli -am package) >&2
(cd "$root" && mvn -q -B -ntp -DskipTests -Dmaven.javadoc.skip=true -pl fer4j-bench -am package) >&2
CP="$root/fer4j-bench/target/classes:$(cat "$root/fer4j-bench/target/classpath.txt")"
run() { # arm → the seconds it reports
  rm -rf "$work/out"
  case $1 in
    before) $J -jar "$work/before/fer4j-cli/target/fer4j.jar" predict "$V" --backbone "$B" --detector "$D" --out "$work/out" ;;
    after) $J -jar "$root/fer4j-cli/target/fer4j.jar" predict "$V" --backbone "$B" --detector "$D" --out "$work/out" ;;
    api) $J -cp "$CP" io.fer4j.bench.predict.ApiPredictBenchmark "$V" "$B" "$D" ;;
  esac 2>&1 | grep -E '^(predict: [0-9]+ video|api:)' | grep -oE 'frames in [0-9.]+ s' | grep -oE '[0-9.]+ s' | tr -d ' s'
}
declare -A secs
for i in $(seq 1 "$reps"); do
  for arm in before after api; do
    s="$(run $arm)"
    secs[$arm]="${secs[$arm]:-} $s"
    echo "rep $i $arm: $s s (900 frames, model loading included)"
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mb="$(echo "${secs[before]}" | median)"
for arm in before after api; do
  m="$(echo "${secs[$arm]}" | median)"
  echo "median $arm: $m s ($(awk -v m="$m" -v b="$mb" 'BEGIN {printf "%.2f", m / b}') × before)"
done
