#!/usr/bin/env bash
# Spark scaling benchmark (issue 6): the same input (N copies of the fixture video) through `fer4j extract`,
# Spark local[1] and Spark local[2], side by side in one run. Prints videos/min, frames/s, scaling efficiency and
# Spark's overhead per video.  Usage: bench/spark-scaling.sh [copies=4] [shared=../shared]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
copies="${1:-4}"
shared="$(cd "${2:-$root/../shared}" && pwd)"
video="$shared/fixtures/media/video_long.mp4"
backbone="$shared/fixtures/models/enet_b0_random.onnx"
detector="$shared/fixtures/models/face_detection_yunet.onnx"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$root"
mvn -q -B -ntp -DskipTests -pl fer4j-spark,fer4j-cli -am install >&2
jar="$(ls fer4j-spark/target/fer4j-spark-*-job.jar)"
mvn -q -B -ntp -pl fer4j-spark dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$work/cp.txt" >&2
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED"

mkdir -p "$work/in"
for i in $(seq 1 "$copies"); do ln -s "$video" "$work/in/copy$i.mp4"; done
frames=$((900 * copies))

now() { date +%s.%N; }
t0=$(now)
./fer4j extract --input "$work/in" --store "$work/store-cli" --backbone "$backbone" --detector "$detector" >/dev/null 2>&1
t1=$(now)
java $opens -Xmx6g -cp "$jar:$(cat "$work/cp.txt")" io.fer4j.spark.Fer4jSpark extract --master 'local[1]' --threads 2 \
  --input "$work/in" --store "$work/store-l1" --backbone "$backbone" --detector "$detector" --summary "$work/l1.json" >/dev/null 2>&1
t2=$(now)
java $opens -Xmx6g -cp "$jar:$(cat "$work/cp.txt")" io.fer4j.spark.Fer4jSpark extract --master 'local[2]' --threads 1 \
  --input "$work/in" --store "$work/store-l2" --backbone "$backbone" --detector "$detector" --summary "$work/l2.json" >/dev/null 2>&1
t3=$(now)

python3 - "$copies" "$frames" "$t0" "$t1" "$t2" "$t3" <<'PY'
import sys
n, frames = int(sys.argv[1]), int(sys.argv[2])
t = [float(x) for x in sys.argv[3:]]
rows = [("fer4j extract", t[1]-t[0]), ("spark local[1]", t[2]-t[1]), ("spark local[2]", t[3]-t[2])]
print(f"{n} copies of video_long.mp4 ({frames} frames), wall time including JVM/Spark start:")
for name, s in rows:
    print(f"  {name:15s} {s:7.1f} s  {n*60/s:6.2f} videos/min  {frames/s:6.1f} frames/s")
print(f"  scaling efficiency local[2] vs local[1]: {rows[1][1]/rows[2][1]/2:.0%}")
print(f"  Spark overhead per video (local[1] - fer4j extract): {(rows[1][1]-rows[0][1])/n:+.2f} s")
PY
