#!/usr/bin/env bash
# Interleaved before/after timing of `fer4j extract` and `fer4j predict` on video_long.mp4 with the fixture models:
# wall seconds and CPU seconds (user + sys) per run, the order of the two builds alternating per repetition.
# Usage: bench/before-after.sh BEFORE_DIR AFTER_DIR [REPS]   (each DIR holds fer4j.jar and its lib/, i.e. a copy of
# fer4j-cli/target/fer4j.jar and fer4j-cli/target/lib built from the commit to compare)
set -u
before="$1"; after="$2"; reps="${3:-3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
F="$root/../shared/fixtures"
V=$F/media/video_long.mp4
M="--backbone $F/models/enet_b0_random.onnx --detector $F/models/face_detection_yunet.onnx"
vector=""
libs="$(ldconfig -p 2>/dev/null || true)"; case "$libs" in *libblas.so.3*) ;; *) vector="--add-modules jdk.incubator.vector";; esac
W=$(mktemp -d)
TIMEFORMAT='%R %U %S'
for rep in $(seq 1 "$reps"); do
  order="before after"; [ $((rep % 2)) -eq 0 ] && order="after before"
  for which in $order; do
    if [ "$which" = before ]; then jar="$before/fer4j.jar"; else jar="$after/fer4j.jar"; fi
    for cmd in extract predict; do
      rm -rf "$W/store" "$W/pred"
      if [ $cmd = extract ]; then args="extract --input $V --store $W/store $M"; else args="predict $V --out $W/pred $M"; fi
      t=$( { time java $vector -XX:+UseParallelGC -jar "$jar" $args >/dev/null 2>&1; } 2>&1 )
      echo "$cmd $which rep$rep wall/user/sys $t load=$(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
rm -rf "$W"
