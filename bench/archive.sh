#!/usr/bin/env bash
# Archive figures for bench/RESULTS.md (issue 13): a cold build of all but the last day
# of a folder of daily pages, then the last day added (an incremental build into the
# same OUT), then `kg query` timed from process start, then EXTRA_UPDATES (3) more
# updates of the same kind (see below). Usage:
#   bash bench/archive.sh ../shared/corpus/cctv-xwlb /tmp/archive-bench [extra kg build args]
# (the 10,000 synthetic pages: python bench/bench.py --pages 10000 --write-corpus DIR first)
# /usr/bin/time's "Maximum resident set size" is the largest of the build's processes
# (forked children touching the graph count too); main-peak.log has the main process's
# own peak (VmHWM), read every half second until it exits.
set -euo pipefail
SRC=$1; WORK=$2; shift 2
KG=${KG:-kg}
rm -rf "$WORK" && mkdir -p "$WORK/pages"
ls "$SRC" | head -n -1 | while read -r f; do cp "$SRC/$f" "$WORK/pages/"; done
LAST=$(ls "$SRC" | tail -n 1)

main_peak() {  # $1: label; the build runs in the background as the child of time
  local tpid=$1 label=$2 pid="" hwm="" v=""
  while kill -0 "$tpid" 2>/dev/null; do
    [ -z "$pid" ] && pid=$(pgrep -P "$tpid" | head -n 1 || true)
    # (an exited, unreaped process has a status file without VmHWM: keep the last value)
    if [ -n "$pid" ]; then
      v=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
      [ -n "$v" ] && hwm=$v
    fi
    sleep 0.5
  done
  echo "$label main process peak: $((${hwm:-0} / 1024)) MB" >> "$WORK/main-peak.log"
}

uptime > "$WORK/load.log"  # the machine is shared: note its load with each figure
/usr/bin/time -v $KG build "$WORK/pages" --out "$WORK/out" -j 2 -q "$@" > "$WORK/cold.log" 2>&1 &
main_peak $! cold; wait $!
uptime >> "$WORK/load.log"
cp "$SRC/$LAST" "$WORK/pages/"
/usr/bin/time -v $KG build "$WORK/pages" --out "$WORK/out" -j 2 -q "$@" > "$WORK/incr.log" 2>&1 &
main_peak $! update; wait $!
uptime >> "$WORK/load.log"
for i in 1 2 3 4 5 6 7; do
  /usr/bin/time -f "%e s %M KB" $KG query queries/itinerary.rq --param name=李强 \
    --kg "$WORK/out/kg.ttl" > "$WORK/query.out" 2>> "$WORK/query.log"
done
uptime >> "$WORK/load.log"
# More updates, each the same step: the last day added to the archive as it was before
# it (a copy of that state, kept once the day is taken out and the rest rebuilt). Not
# the same day re-added with an edit: that changes a page the assembly checkpoint holds
# (kg/checkpoint.py) and measures the slower path of an edited archive.
EXTRA=${EXTRA_UPDATES:-3}
if [ "$EXTRA" -gt 0 ]; then
  rm "$WORK/pages/$LAST"
  $KG build "$WORK/pages" --out "$WORK/out" -j 2 -q "$@" > /dev/null 2>&1
  rm -rf "$WORK/before" && cp -a "$WORK/out" "$WORK/before"
  for i in $(seq "$EXTRA"); do
    rm -rf "$WORK/out" && cp -a "$WORK/before" "$WORK/out" && sync
    rm -f "$WORK/pages/$LAST"
    cp "$SRC/$LAST" "$WORK/pages/"
    /usr/bin/time -f "update $i: %e s, user %U s, %M KB" $KG build "$WORK/pages" \
      --out "$WORK/out" -j 2 -q "$@" 2>&1 | tail -n 1 >> "$WORK/updates.log"
  done
  uptime >> "$WORK/load.log"
fi
grep -E "Elapsed|Maximum resident|User time" "$WORK/cold.log" "$WORK/incr.log"
cat "$WORK/main-peak.log" "$WORK/load.log" "$WORK/query.log"
[ -f "$WORK/updates.log" ] && cat "$WORK/updates.log"
