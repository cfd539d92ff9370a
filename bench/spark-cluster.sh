#!/usr/bin/env bash
# Spark standalone-cluster benchmark (issue 20). Starts a one-machine cluster — a master and two 1-core workers as
# separate JVMs on loopback, Spark 4.0.1 from the Maven jars (no distribution download) — then runs, side by side on
# the same input (N copies of video_long.mp4): `fer4j extract`, the cluster with speculation off, and the cluster
# with speculation forced on (quantile 0.3, multiplier 0.2, interval 1 s, min runtime 1 s). Prints wall time,
# videos/min, Spark's overhead per video, and what the job jar costs the workers per application (copied into each
# executor's work folder when submitted as the application jar, nothing when it is on the executors' class path).
# Usage: bench/spark-cluster.sh [copies=4] [shared=../shared]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
copies="${1:-4}"
shared="$(cd "${2:-$root/../shared}" && pwd)"
video="$shared/fixtures/media/video_long.mp4"
backbone="$shared/fixtures/models/enet_b0_random.onnx"
detector="$shared/fixtures/models/face_detection_yunet.onnx"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

cd "$root"
mvn -q -B -ntp -DskipTests -Dmaven.javadoc.skip=true -pl fer4j-spark,fer4j-cli -am package >&2
jar="$(ls "$root"/fer4j-spark/target/fer4j-spark-*-job.jar)"
thin="${jar%-job.jar}.jar" # the module's own classes (tens of KB): the application jar when the job jar is installed
cli="$root/fer4j-cli/target/fer4j.jar"
mvn -q -B -ntp -pl fer4j-spark dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$work/cp.txt" >&2

# A SPARK_HOME the workers can build executor commands from: Spark's jars, nothing else.
export SPARK_HOME="$work/spark" SPARK_SCALA_VERSION=2.13
mkdir -p "$SPARK_HOME/jars"
tr ':' '\n' < "$work/cp.txt" | while read -r j; do ln -sf "$j" "$SPARK_HOME/jars/"; done
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
spark_java() { java $opens -Xmx1g -cp "$SPARK_HOME/jars/*" "$@"; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done; echo "timed out waiting for '$2' in $1" >&2; exit 1; }

mport=$(port)
master="spark://127.0.0.1:$mport"
spark_java org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$mport" --webui-port "$(port)" \
  > "$work/master.log" 2>&1 & pids+=($!)
wait_for "$work/master.log" "I have been elected leader"
for w in 1 2; do
  # each worker on a loopback address of its own: Spark never runs a speculative copy on the original's host
  spark_java org.apache.spark.deploy.worker.Worker --host "127.0.0.$((w + 1))" --cores 1 --memory 3g \
    --work-dir "$work/worker$w" --webui-port "$(port)" "$master" > "$work/worker$w.log" 2>&1 & pids+=($!)
done
wait_for "$work/worker1.log" "Successfully registered with master"
wait_for "$work/worker2.log" "Successfully registered with master"

submit() { # submit <input> <store> <summary> [--conf ...]: the job jar installed on every node (docs/spark.md)
  local input="$1" store="$2" summary="$3"; shift 3
  java $opens -Xmx1g -cp "$SPARK_HOME/jars/*:$jar" org.apache.spark.deploy.SparkSubmit --master "$master" \
    --class io.fer4j.spark.Fer4jSpark --driver-class-path "$jar" --conf spark.executor.extraClassPath="$jar" \
    --conf spark.executor.memory=2g --conf spark.task.cpus=1 --conf spark.driver.host=127.0.0.1 "$@" "$thin" extract \
    --input "$input" --store "$store" --backbone "$backbone" --detector "$detector" --threads 1 --summary "$summary"
}

mkdir -p "$work/in"
for i in $(seq 1 "$copies"); do ln -s "$video" "$work/in/copy$i.mp4"; done
frames=$((900 * copies))
now() { date +%s.%N; }
t0=$(now)
java -jar "$cli" extract --input "$work/in" --store "$work/store-cli" --backbone "$backbone" --detector "$detector" \
  > "$work/cli.log" 2>&1
t1=$(now)
submit "$work/in" "$work/store-off" "$work/off.json" > "$work/off.log" 2>&1
t2=$(now)
submit "$work/in" "$work/store-on" "$work/on.json" --conf spark.speculation=true \
  --conf spark.speculation.quantile=0.3 --conf spark.speculation.multiplier=0.2 \
  --conf spark.speculation.interval=1s --conf spark.speculation.minTaskRuntime=1s > "$work/on.log" 2>&1
t3=$(now)
for s in off on; do
  for v in "$work/store-cli"/copy*; do cmp -s "$v/frames.npy" "$work/store-$s/$(basename "$v")/frames.npy" \
    && cmp -s "$v/embeddings.npy" "$work/store-$s/$(basename "$v")/embeddings.npy" \
    || { echo "store-$s differs from fer4j extract for $(basename "$v")" >&2; exit 1; }; done
done

# The job jar per application: copied into every executor's work folder when it is the application jar (even as
# local:, Spark 4 fetches it), nothing when the executors have it on their class path.
du_apps() { du -sb "$work"/worker*/app-* 2>/dev/null | awk '{s+=$1} END {print s+0}'; }
mkdir -p "$work/in1" && ln -s "$shared/fixtures/media/video.mp4" "$work/in1/short.mp4"
before=$(du_apps)
spark_java org.apache.spark.deploy.SparkSubmit --master "$master" --class io.fer4j.spark.Fer4jSpark \
  --conf spark.driver.host=127.0.0.1 "$jar" extract \
  --input "$work/in1" --store "$work/store-copied" --backbone "$backbone" --detector "$detector" > "$work/copy.log" 2>&1
copied=$(( $(du_apps) - before ))
before=$(du_apps)
submit "$work/in1" "$work/store-installed" "$work/installed.json" > "$work/installed.log" 2>&1
installed=$(( $(du_apps) - before ))

copies_run=$(grep -cE "Starting task [0-9]+\.[1-9] " "$work/on.log" || true)
python3 - "$copies" "$frames" "$t0" "$t1" "$t2" "$t3" "$work/off.json" "$work/on.json" "$(stat -c %s "$jar")" "$copied" "$installed" "$copies_run" <<'PY'
import json, sys
n, frames = int(sys.argv[1]), int(sys.argv[2])
t = [float(x) for x in sys.argv[3:7]]
off, on = (json.load(open(p)) for p in sys.argv[7:9])
jar, copied, installed = int(sys.argv[9]), int(sys.argv[10]), int(sys.argv[11])
rows = [("fer4j extract", t[1]-t[0], None), ("cluster, speculation off", t[2]-t[1], off),
        ("cluster, speculation on", t[3]-t[2], on)]
print(f"{n} copies of video_long.mp4 ({frames} frames); master + 2 workers x 1 core on loopback; wall time incl. JVM/Spark start:")
for name, s, js in rows:
    task = "" if js is None else "  mean task %.1f s" % (sum(r["seconds"] for r in js["results"]) / len(js["results"]))
    print(f"  {name:26s} {s:7.1f} s  {n*60/s:6.2f} videos/min  {frames/s:6.1f} frames/s{task}")
print(f"  Spark overhead per video vs fer4j extract: off {(rows[1][1]-rows[0][1])/n:+.2f} s, on {(rows[2][1]-rows[0][1])/n:+.2f} s")
print(f"  speculation on vs off: {rows[2][1]/rows[1][1]:.2f}x wall time ({sys.argv[12]} speculative copies started)")
print(f"  job jar {jar/1e6:.0f} MB; added to the workers' work folders by one application (2 executors): {copied/1e6:.0f} MB"
      f" as the application jar, {installed/1e6:.2f} MB with the jar on the executors' class path")
PY
