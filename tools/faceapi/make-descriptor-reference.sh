#!/usr/bin/env bash
# Regenerates the reference descriptors the faceapi_descriptor test compares against:
#   tools/faceapi/make-descriptor-reference.sh SHARED_DIR [MARGIN [ALIGN_ZOOM]]   (SHARED_DIR: ../shared with fixtures/)
# 1. fer4j's own detection + cropping writes real face crops (PNG) of the face-api.js test media, named by person
#    (DescriptorReferenceCrops: geometry, never a descriptor, says who is who);
# 2. face-api.js's own FaceRecognitionNet forward pass (Node, @tensorflow/tfjs pure-JS CPU backend, versions pinned in
#    package.json and package-lock.json) writes their descriptors to descriptor-reference.json.
# With MARGIN / ALIGN_ZOOM it writes to a temporary folder instead and only prints the separation (the experiment of
# docs/people.md: same-person maximum vs different-people minimum distance).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="$(cd "${1:?usage: make-descriptor-reference.sh SHARED_DIR [MARGIN [ALIGN_ZOOM]]}" && pwd)"
res="$root/fer4j-vision/src/test/resources/io/fer4j/vision/people"
(cd "$root" && mvn -B -ntp -q -pl fer4j-vision -am test-compile && mvn -B -ntp -q -pl fer4j-vision \
   dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
cp="$root/fer4j-vision/target/test-classes:$root/fer4j-vision/target/classes:$root/fer4j-core/target/classes"
cp="$cp:$(cat "$root/fer4j-vision/target/classpath.txt")"
out="$res"
if [ $# -gt 1 ]; then
  out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT
fi
rm -rf "$out/descriptor-crops"
java -cp "$cp" io.fer4j.vision.people.DescriptorReferenceCrops "$shared/fixtures/media" \
  "$shared/fixtures/models/face_detection_yunet.onnx" "$out/descriptor-crops" "${@:2}"
(cd "$here" && npm ci --no-audit --no-fund --silent)
node "$here/descriptor-reference.mjs" "$out/descriptor-crops" "$out/descriptor-reference.json"
