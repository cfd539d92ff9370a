#!/usr/bin/env bash
# GPU benchmark (issue 11, item 5), one command for the day an NVIDIA machine is lent: backbone-only faces/s at
# batch 32/128/256 with ONNX Runtime's CUDA execution provider, and `extract` end to end on video_long.mp4 (decoding
# and detection on the CPU, backbone on the GPU), then a one-line summary.
# Usage: bench/gpu.sh [shared=../shared]
# Needs: nvidia-smi, CUDA 12 + cuDNN 9 libraries for ONNX Runtime 1.22, and the onnxruntime_gpu jar: taken from
# $ORT_GPU_JAR, else from the local Maven repository, else fetched from Maven Central (machine online once).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="$(cd "${1:-$root/../shared}" && pwd)"
cd "$root"
if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "bench/gpu.sh: no NVIDIA GPU here (nvidia-smi missing or failing); nothing measured" >&2
  exit 2
fi
gpu="$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | head -1)"
ver="$(sed -n 's:.*<onnxruntime.version>\(.*\)</onnxruntime.version>.*:\1:p' pom.xml)"
mvn -q -B -ntp -o -DskipTests -pl fer4j-bench -am package >&2 || mvn -q -B -ntp -DskipTests -pl fer4j-bench -am package >&2
jar="${ORT_GPU_JAR:-}"
if [ -z "$jar" ]; then
  repo="$(mvn -q -B -o help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null || echo "$HOME/.m2/repository")"
  jar="$repo/com/microsoft/onnxruntime/onnxruntime_gpu/$ver/onnxruntime_gpu-$ver.jar"
  [ -f "$jar" ] || mvn -q -B -ntp dependency:get -Dartifact="com.microsoft.onnxruntime:onnxruntime_gpu:$ver" >&2
fi
[ -f "$jar" ] || { echo "bench/gpu.sh: onnxruntime_gpu-$ver.jar not found; set ORT_GPU_JAR" >&2; exit 2; }
# the CPU build out, the GPU build in (same API, same version)
cp_cpu="$(cat fer4j-bench/target/classpath.txt)"
CP="fer4j-bench/target/classes:$(echo "$cp_cpu" | tr ':' '\n' | grep -v "/onnxruntime-$ver.jar" | paste -sd: -):$jar"
J="java -XX:+UseParallelGC --add-modules jdk.incubator.vector -Dfer4j.shared=$shared"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "=== $gpu | ONNX Runtime GPU $ver | $(lscpu | sed -n 's/^Model name: *//p')"
$J -cp "$CP" io.fer4j.bench.backbone.BackboneBenchmark --device cuda --batches 32,128,256 --threads 1 \
  --images 2048 --runs 3 2>&1 | tee -a "$log"
$J -cp "$CP" io.fer4j.bench.extract.ExtractBenchmark --device cuda --batch 128 --runs 3 --no-sweep 2>&1 | tee -a "$log"
b() { grep -E "threads 1 batch +$1: median" "$log" | grep -oE '[0-9.]+ faces/s' | head -1; }
e2e="$(grep -oE 'MEDIAN end-to-end [0-9.]+ frames/s' "$log" | grep -oE '[0-9.]+ frames/s' | head -1)"
echo "SUMMARY $gpu: backbone-only batch 32 $(b 32), batch 128 $(b 128), batch 256 $(b 256); extract video_long.mp4 end to end (CPU decode+detect, batch 128) ${e2e:-failed}"
