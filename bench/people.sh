#!/usr/bin/env bash
# Every-person cost (issue 17): descriptor ms per face, tracker us per frame, descriptors asked per frame, next to
# decode + YuNet, on video_long.mp4's first 10 s (six faces). Usage: bench/people.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -f fer4j-bench/target/classpath.txt ] || mvn -q -B -ntp -DskipTests -pl fer4j-bench -am package >&2
CP="fer4j-bench/target/classes:$(cat fer4j-bench/target/classpath.txt)"
java -XX:+UseParallelGC -Dfer4j.shared="$root/../shared" -cp "$CP" io.fer4j.bench.people.PeopleBenchmark \
  --runs "${1:-3}"
