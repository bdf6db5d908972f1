#!/usr/bin/env bash
# Archive figures for bench/RESULTS.md (issue 13): a cold build of all but the last day
# of a folder of daily pages, then the last day added (an incremental build into the
# same OUT), then `kg query` timed from process start. Usage:
#   bash bench/archive.sh ../shared/corpus/cctv-xwlb /tmp/archive-bench [extra kg build args]
set -euo pipefail
SRC=$1; WORK=$2; shift 2
KG=${KG:-kg}
rm -rf "$WORK" && mkdir -p "$WORK/pages"
ls "$SRC" | head -n -1 | while read -r f; do cp "$SRC/$f" "$WORK/pages/"; done
LAST=$(ls "$SRC" | tail -n 1)
uptime > "$WORK/load.log"  # the machine is shared: note its load with each figure
/usr/bin/time -v $KG build "$WORK/pages" --out "$WORK/out" -j 2 -q "$@" > "$WORK/cold.log" 2>&1
uptime >> "$WORK/load.log"
cp "$SRC/$LAST" "$WORK/pages/"
/usr/bin/time -v $KG build "$WORK/pages" --out "$WORK/out" -j 2 -q "$@" > "$WORK/incr.log" 2>&1
uptime >> "$WORK/load.log"
for i in 1 2 3 4 5 6 7; do
  /usr/bin/time -f "%e s %M KB" $KG query queries/itinerary.rq --param name=李强 \
    --kg "$WORK/out/kg.ttl" > "$WORK/query.out" 2>> "$WORK/query.log"
done
uptime >> "$WORK/load.log"
grep -E "Elapsed|Maximum resident|User time" "$WORK/cold.log" "$WORK/incr.log"
cat "$WORK/load.log"
cat "$WORK/query.log"
