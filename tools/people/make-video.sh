#!/usr/bin/env bash
# Composes fer4j's multi-person test video from the MIT face-api.js test images of ../shared/fixtures/media:
#   tools/people/make-video.sh SHARED_DIR OUT_DIR
# Writes OUT_DIR/people.mp4 (640x400, 15 fps, 100 frames, H.264) and OUT_DIR/people-truth.csv (per frame and person:
# the face box where it was pasted and the fraction of it left visible). Needs ffmpeg and node (no npm packages).
# Script (make-video.mjs says it frame by frame): A and B walk across the middle in opposite directions and cross
# around frame 50, B passing behind A; C is seen at the top until frame 30, away for 35 frames, back elsewhere from
# frame 66; D enters at frame 40.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
media="$(cd "${1:?usage: make-video.sh SHARED_DIR OUT_DIR}" && pwd)/fixtures/media"
out="${2:?usage: make-video.sh SHARED_DIR OUT_DIR}"
mkdir -p "$out"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# Head patches: each face's YuNet box in its source image (docs/people.md) with 40 % more on every side, scaled to
# 120 px wide, as raw RGB (width and height in the file name's companion .txt).
head() { # name source x y w h
  local name=$1 src=$2 x=$3 y=$4 w=$5 h=$6
  local mx=$((w * 4 / 10)) my=$((h * 4 / 10))
  local cx=$((x - mx)) cy=$((y - my)) cw=$((w + 2 * mx)) ch=$((h + 2 * my))
  local sh=$(( (ch * 120 / cw) / 2 * 2 ))
  # the margin may leave the image: pad it (grey) by 200 px first
  ffmpeg -v error -y -i "$media/$src" \
    -vf "pad=iw+400:ih+400:200:200:color=0x707070,crop=$cw:$ch:$((cx + 200)):$((cy + 200)),scale=120:$sh:flags=bicubic" -f rawvideo \
    -pix_fmt rgb24 "$work/$name.rgb"
  # face box inside the patch, scaled the same way
  echo "120 $sh $(( (x - cx) * 120 / cw )) $(( (y - cy) * 120 / cw )) $(( w * 120 / cw )) $(( h * 120 / cw ))" \
    > "$work/$name.txt"
}
head A faces.jpg 49 250 101 131
head B faces.jpg 465 176 93 128
head C angry.jpg 91 44 110 157
head D surprised.jpg 186 54 146 221
node "$here/make-video.mjs" "$work" "$out/people-truth.csv" | \
  ffmpeg -v error -y -f rawvideo -pix_fmt rgb24 -s 640x400 -r 15 -i - -c:v libx264 -preset veryslow -crf 26 \
    -pix_fmt yuv420p -bitexact -map_metadata -1 "$out/people.mp4"
ls -l "$out/people.mp4" "$out/people-truth.csv"
