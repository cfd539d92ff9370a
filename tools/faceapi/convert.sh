#!/usr/bin/env bash
# Rebuilds the embedded faceapi_expression model from the npm tarball of @vladmandic/face-api@1.7.15 (MIT):
#   tools/faceapi/convert.sh [TARBALL]
# Without TARBALL it runs `npm pack @vladmandic/face-api@1.7.15` (npm registry). The converter checks the tarball's
# sha256 and refuses any other version. Writes fer4j-vision/src/main/resources/io/fer4j/vision/models/
# faceapi_expression.onnx; its sha256 must equal the pin of faceapi_expression in models.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
tarball="${1:-}"
if [ -z "$tarball" ]; then
  (cd "$work" && npm pack --silent @vladmandic/face-api@1.7.15 >/dev/null)
  tarball="$work/vladmandic-face-api-1.7.15.tgz"
fi
out="$root/fer4j-vision/src/main/resources/io/fer4j/vision/models/faceapi_expression.onnx"
"$root/fer4j" models convert-faceapi "$tarball" --out "$work/faceapi_expression.onnx"
mv "$work/faceapi_expression.onnx" "$out"
sha256sum "$out"
