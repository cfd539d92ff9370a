#!/usr/bin/env bash
# Regenerates the reference outputs the faceapi_expression test compares against:
#   tools/faceapi/make-reference.sh SHARED_DIR      (SHARED_DIR: the ../shared folder with fixtures/media)
# 1. fer4j's own detection + cropping writes the real face crops (PNG) of the face-api.js test images;
# 2. face-api.js's own forward pass (Node, @tensorflow/tfjs pure-JS CPU backend, versions pinned in package.json and
#    package-lock.json) writes their probabilities and embeddings to faceapi-reference.json.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
shared="$(cd "${1:?usage: make-reference.sh SHARED_DIR}" && pwd)"
res="$root/fer4j-vision/src/test/resources/io/fer4j/vision/convert"
(cd "$root" && mvn -B -ntp -q -DskipTests -pl fer4j-vision -am install && mvn -B -ntp -q -pl fer4j-vision test-compile \
   dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
cp="$root/fer4j-vision/target/test-classes:$root/fer4j-vision/target/classes:$(cat "$root/fer4j-vision/target/classpath.txt")"
rm -rf "$res/faceapi-crops"
java -cp "$cp" io.fer4j.vision.convert.FaceApiReferenceCrops "$shared/fixtures/media" \
  "$shared/fixtures/models/face_detection_yunet.onnx" "$res/faceapi-crops"
(cd "$here" && npm ci --no-audit --no-fund --silent)
node "$here/reference.mjs" "$res/faceapi-crops" "$res/faceapi-reference.json"
