#!/usr/bin/env bash
# predict frames/s with 1, 2, 4 and 6 people in view (issue 17), side by side with today's single-person predict
# (--main-person) on the same clips, interleaved, whole process incl. JVM start; plus the share of each people run's
# time spent in tracking and in the face descriptor (from the engine's debug log).
# Clips: video_long.mp4's first 10 s (six faces, 1280x720, 300 frames), with 5, 4, 2 or 0 of the faces covered by
# grey boxes so the frame size and content elsewhere stay the same.
# Usage: bench/people-predict.sh [REPS] [SHARED_DIR]   (needs ffmpeg; uses fer4j-cli/target/fer4j.jar)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
reps="${1:-3}"
shared="${2:-$root/../shared}"
src="$shared/fixtures/media/video_long.mp4"
[ -f "$src" ] || { echo "people-predict: $src not found; pass SHARED_DIR" >&2; exit 2; }
jar="$root/fer4j-cli/target/fer4j.jar"
[ -f "$jar" ] || mvn -q -B -ntp -pl fer4j-cli -am package -DskipTests -Dspotless.check.skip=true >&2
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# face regions over the 10 s (they drift): F1 top-left, F2 top-middle, F3 top-right, F4 mid-right (the largest),
# F5 bottom-middle, F6 bottom-left
F1="120:0:280:230"; F2="410:0:210:260"; F3="960:40:260:250"; F4="795:240:225:260"; F5="450:330:180:240"
F6="70:370:280:270"
cover() { local f="" r; for r in "$@"; do IFS=: read -r x y w h <<< "$r"; f="$f,drawbox=x=$x:y=$y:w=$w:h=$h:color=0x707070:t=fill"; done; echo "${f#,}"; }
make() { # name filter
  ffmpeg -v error -y -i "$src" -t 10 ${2:+-vf "$2"} -an -c:v libx264 -preset veryfast -crf 18 "$work/$1.mp4"
}
make p1 "$(cover "$F1" "$F2" "$F3" "$F5" "$F6")"
make p2 "$(cover "$F1" "$F3" "$F5" "$F6")"
make p4 "$(cover "$F3" "$F6")"
make p6 ""
run() { # clip mode -> prints seconds
  local out="$work/out-$1-$2-$3"; rm -rf "$out"
  local t0 t1
  t0=$(date +%s.%N)
  java -XX:+UseParallelGC -Xmn64m -Dorg.slf4j.simpleLogger.log.io.fer4j.engine.PeopleCollector=debug \
    -jar "$jar" predict "$work/$1.mp4" --"$2" --offline --backbone faceapi_expression --out "$out" \
    > "$work/log-$1-$2-$3" 2>&1
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
declare -A times
for r in $(seq 1 "$reps"); do
  for clip in p1 p2 p4 p6; do
    for mode in main-person people; do
      times[$clip-$mode]+="$(run $clip $mode $r) "
    done
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "predict, 300 frames (video_long.mp4 first 10 s, 1280x720), $reps reps interleaved, medians, whole process:"
printf "%-8s %12s %12s %12s %12s %7s %10s %12s\n" people main_s main_f/s people_s people_f/s ratio tracking descriptor
for clip in p1 p2 p4 p6; do
  m=$(echo "${times[$clip-main-person]}" | median); p=$(echo "${times[$clip-people]}" | median)
  log="$work/log-$clip-people-$reps"
  tr_ms=$(grep -o 'tracking [0-9]* ms' "$log" | grep -o '[0-9]*'); de_ms=$(grep -o 'descriptors [0-9]* ms' "$log" | grep -o '[0-9]*')
  calls=$(grep -o '([0-9]* computed)' "$log" | grep -o '[0-9]*'); found=$(grep -o '[0-9]* people;' "$log" | grep -o '[0-9]*')
  printf "%-8s %12.2f %12.1f %12.2f %12.1f %6.2fx %9.1f%% %9.1f%% (%s desc., %s found)\n" "${clip#p}" "$m" \
    "$(echo "300/$m" | bc -l)" "$p" "$(echo "300/$p" | bc -l)" "$(echo "$m/$p" | bc -l)" \
    "$(echo "$tr_ms/10/$p" | bc -l)" "$(echo "$de_ms/10/$p" | bc -l)" "$calls" "$found"
done
