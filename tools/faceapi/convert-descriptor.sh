#!/usr/bin/env bash
# Rebuilds the embedded faceapi_descriptor model (face-api.js FaceRecognitionNet) from the npm tarball of
# @vladmandic/face-api@1.7.15 (MIT, the same tarball as faceapi_expression):
#   tools/faceapi/convert-descriptor.sh [TARBALL]
# Without TARBALL it runs `npm pack @vladmandic/face-api@1.7.15` (npm registry). The converter checks the tarball's
# sha256 and refuses any other version. Writes fer4j-vision/src/main/resources/io/fer4j/vision/models/
# faceapi_descriptor.onnx; its sha256 must equal the pin of faceapi_descriptor in models.json (checked by
# `mvn verify -Dfer4j.faceapi.tarball=TARBALL`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
tarball="${1:-}"
if [ -z "$tarball" ]; then
  (cd "$work" && npm pack --silent @vladmandic/face-api@1.7.15 >/dev/null)
  tarball="$work/vladmandic-face-api-1.7.15.tgz"
fi
tarball="$(cd "$(dirname "$tarball")" && pwd)/$(basename "$tarball")"
(cd "$root" && mvn -B -ntp -q -pl fer4j-modeltools -am compile && mvn -B -ntp -q -pl fer4j-modeltools \
   dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
cp="$root/fer4j-modeltools/target/classes:$root/fer4j-vision/target/classes:$root/fer4j-core/target/classes"
cp="$cp:$(cat "$root/fer4j-modeltools/target/classpath.txt")"
out="$root/fer4j-vision/src/main/resources/io/fer4j/vision/models/faceapi_descriptor.onnx"
java -cp "$cp" io.fer4j.modeltools.convert.FaceApiDescriptorConverter "$tarball" "$work/faceapi_descriptor.onnx"
mv "$work/faceapi_descriptor.onnx" "$out"
sha256sum "$out"
