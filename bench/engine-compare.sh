#!/usr/bin/env bash
# Byte-identity of predict and extract outputs: the build at $BASE (before the engine refactor) against this
# worktree's, on the repository sample and the fixture video, with the embedded model and the fixture EfficientNet.
# CSVs and store files must be byte-identical; JSON/HTML/meta.json equal once the run's timestamp is removed.
# Usage: bench/engine-compare.sh [BASE_DIR] [SHARED_DIR]   (build both fer4j-cli jars first; never ./fer4j)
set -euo pipefail
BASE=${1:-/work/baseline}
SHARED=${2:-../shared}
NEW=$(pwd)
WORK=$(mktemp -d /tmp/fer4j-engine-compare.XXXX)
trap 'rm -rf "$WORK"' EXIT
strip() { sed -E 's/"created_utc" *: *"[^"]*"/"created_utc":""/; s/"created_at" *: *"[^"]*"/"created_at":""/; s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z//g' "$1"; }
fail=0
run_predict() { # jar out video backbone
  java -jar "$1/fer4j-cli/target/fer4j.jar" predict "$3" --backbone "$4" --out "$2" --threads 2 > "$2.log" 2>&1
}
for video in samples/faces.mp4 "$SHARED/fixtures/media/video_long.mp4"; do
  for backbone in faceapi_expression "$SHARED/fixtures/models/enet_b0_random.onnx"; do
    tag=$(basename "$video" .mp4)-$(basename "$backbone" .onnx)
    run_predict "$BASE" "$WORK/base-$tag" "$video" "$backbone"
    run_predict "$NEW" "$WORK/new-$tag" "$video" "$backbone"
    for f in "$WORK/base-$tag"/*; do
      g="$WORK/new-$tag/$(basename "$f")"
      case "$f" in
        *.csv) cmp -s "$f" "$g" && r=identical || { r=DIFFERENT; fail=1; } ;;
        *) diff -q <(strip "$f") <(strip "$g") > /dev/null && r="equal (timestamps aside)" || { r=DIFFERENT; fail=1; } ;;
      esac
      echo "predict $tag $(basename "$f"): $r"
    done
  done
done
for jar in "$BASE" "$NEW"; do
  name=$([ "$jar" = "$BASE" ] && echo base || echo new)
  java -jar "$jar/fer4j-cli/target/fer4j.jar" extract --input "$SHARED/fixtures/media/video_long.mp4" \
    --store "$WORK/store-$name" --backbone "$SHARED/fixtures/models/enet_b0_random.onnx" --threads 2 \
    > "$WORK/extract-$name.log" 2>&1
done
while IFS= read -r f; do
  g="$WORK/store-new/${f#"$WORK/store-base/"}"
  case "$f" in
    *meta.json) diff -q <(strip "$f") <(strip "$g") > /dev/null && r="equal (timestamps aside)" || { r=DIFFERENT; fail=1; } ;;
    *) cmp -s "$f" "$g" && r=identical || { r=DIFFERENT; fail=1; } ;;
  esac
  echo "extract ${f#"$WORK/store-base/"}: $r"
done < <(find "$WORK/store-base" -type f | sort)
[ "$fail" = 0 ] && echo "ALL IDENTICAL" || { echo "DIFFERENCES FOUND"; exit 1; }
