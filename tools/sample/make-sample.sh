#!/usr/bin/env bash
# Makes samples/faces.mp4, the quick start's video: three face-api.js test images (MIT; ../shared/fixtures/media:
# faces.jpg, six smiling people; angry.jpg; surprised.jpg), 4 s each with a slow zoom, 640x360, 25 fps, H.264
# (OpenH264), no audio. Uses `ffmpeg` from PATH, else the ffmpeg binary inside JavaCV's FFmpeg jar.
#   tools/sample/make-sample.sh SHARED_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
media="$(cd "${1:?usage: make-sample.sh SHARED_DIR}" && pwd)/fixtures/media"
ff="$(command -v ffmpeg || true)"
if [ -z "$ff" ]; then
  cp="$(cd "$root" && mvn -B -ntp -q -pl fer4j-vision dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
  tmpjava="$(mktemp -d)"; trap 'rm -rf "$tmpjava"' EXIT
  echo 'public class P { public static void main(String[] a) { System.out.println(org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class)); } }' > "$tmpjava/P.java"
  ff="$(java -cp "$cp" "$tmpjava/P.java" | tail -1)"
fi
# each still: fit into 1280x720 (black bars), then zoom from 1.0 to 1.1 over its 100 frames, output 640x360
still='scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,setsar=1,zoompan=z=1+0.001*in:x=iw/2-(iw/zoom/2):y=ih/2-(ih/zoom/2):d=1:s=640x360:fps=25'
"$ff" -hide_banner -loglevel error -y \
  -loop 1 -framerate 25 -t 4 -i "$media/faces.jpg" \
  -loop 1 -framerate 25 -t 4 -i "$media/angry.jpg" \
  -loop 1 -framerate 25 -t 4 -i "$media/surprised.jpg" \
  -filter_complex "[0]$still[a];[1]$still[b];[2]$still[c];[a][b][c]concat=n=3:v=1:a=0,format=yuv420p[v]" \
  -map "[v]" -c:v libopenh264 -b:v 200k -g 50 -movflags +faststart -metadata comment="fer4j sample: face-api.js test images (MIT)" \
  "$root/samples/faces.mp4"
ls -l "$root/samples/faces.mp4"
