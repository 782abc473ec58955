#!/usr/bin/env bash
# Sends orders-0.ndjson .. orders-(N-1).ndjson (default 4) as N NDJSON streams at once, then prints
# the rate of answers, the result lines by status, and the CPU per order of the router and its
# Cassandra (from /proc) during the streams and until both are idle (the read side caught up).
# Needs DAIFA_INGEST_KEY; DAIFA_URL defaults to http://localhost:8080.
set -euo pipefail
cd "$(dirname "$0")"
N=${1:-4}
URL=${DAIFA_URL:-http://localhost:8080}
router=$(pgrep -f 'io.daifa.app.Main' | head -1); cassandra=$(pgrep -f CassandraDaemon | head -1)
cpu() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"; }
both() { echo "$(cpu "$router") $(cpu "$cassandra")"; }
files=(); for f in $(seq 0 $((N - 1))); do files+=("orders-$f.ndjson"); done
total=$(cat "${files[@]}" | wc -l)
before=$(both); start=$(date +%s.%N)
for f in $(seq 0 $((N - 1))); do
  curl -sf -N --data-binary "@orders-$f.ndjson" -H "Authorization: Bearer ${DAIFA_INGEST_KEY:?}" \
    -H "Content-Type: application/x-ndjson" "$URL/v1/orders/stream" > "results-$f.ndjson" &
done
wait
end=$(date +%s.%N); answered=$(both)
last=$answered
while sleep 2; do now=$(both); busy=$(python3 -c "a,b='$last'.split(),'$now'.split(); print(sum(float(y)-float(x) for x,y in zip(a,b)) > 0.4)"); last=$now; [ "$busy" = True ] || break; done
idle=$(date +%s.%N)
python3 - "$before" "$answered" "$last" "$start" "$end" "$idle" "$total" <<'PY'
import sys
a, b, c = [list(map(float, x.split())) for x in sys.argv[1:4]]
start, end, idle = map(float, sys.argv[4:7]); n = int(sys.argv[7])
per = lambda x, y, i: 1e6 * (y[i] - x[i]) / n
print(f"{n} orders answered in {end - start:.1f} s: {n / (end - start):,.0f} orders/s")
print(f"CPU per order while answering: router {per(a, b, 0):.0f} µs, Cassandra {per(a, b, 1):.0f} µs")
print(f"until idle ({idle - end:.0f} s later): router {per(a, c, 0):.0f} µs, Cassandra {per(a, c, 1):.0f} µs")
PY
cat results-*.ndjson | python3 -c '
import collections, json, sys
print(collections.Counter(json.loads(l).get("status") or json.loads(l).get("error", {}).get("code", "?") for l in sys.stdin).most_common())'
