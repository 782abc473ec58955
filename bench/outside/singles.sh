#!/usr/bin/env bash
# Single POSTs with wrk against the shops of shops.txt: a warm-up, then a measured run, each with
# order IDs of their own (orders.py writes post.lua with a new prefix). Prints wrk's rate and
# latency, the CPU per order of the router and its Cassandra (from /proc) during the measured run,
# and how long a shop's batch write took on average then (`daifa_intake_persist_seconds` from
# /metrics): with few orders per shop in flight, that write is what an answer waits for.
# usage: singles.sh PREFIX [SECONDS] [CONNECTIONS]   (defaults 30 and 256; the warm-up is 40 s)
# Needs wrk, DAIFA_INGEST_KEY and shops.txt (shops.sh); DAIFA_URL defaults to http://localhost:8080.
set -euo pipefail
cd "$(dirname "$0")"
PREFIX=${1:?usage: singles.sh PREFIX [SECONDS] [CONNECTIONS]}
SECONDS_MEASURED=${2:-30}
CONNECTIONS=${3:-256}
URL=${DAIFA_URL:-http://localhost:8080}
router=$(pgrep -f 'io.daifa.app.Main' | head -1); cassandra=$(pgrep -f CassandraDaemon | head -1)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# The batch write timer's count and sum (seconds), summed over the lines that carry them.
persist() {
  curl -sf "$URL/metrics" | awk '/^daifa_intake_persist_seconds_count/ {n += $2}
    /^daifa_intake_persist_seconds_sum/ {s += $2} END {print n + 0, s + 0}'
}
./orders.py "${PREFIX}w-" 1 1 > /dev/null
wrk -t2 -c"$CONNECTIONS" -d40s -s post.lua "$URL" > /dev/null
./orders.py "${PREFIX}m-" 1 1 > /dev/null
r0=$(cpu "$router"); c0=$(cpu "$cassandra"); p0=$(persist)
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_MEASURED}s" --latency -s post.lua "$URL" | tee wrk.txt
r1=$(cpu "$router"); c1=$(cpu "$cassandra"); p1=$(persist)
python3 - "$r0 $r1 $c0 $c1" "$p0 $p1" <<'PY'
import re, sys
r0, r1, c0, c1 = map(float, sys.argv[1].split())
n0, s0, n1, s1 = map(float, sys.argv[2].split())
orders = int(re.search(r"(\d+) requests in", open("wrk.txt").read()).group(1))
# /proc counts CPU in ticks of 10 ms.
print(f"CPU per order: router {1e4 * (r1 - r0) / orders:.0f} µs, "
      f"Cassandra {1e4 * (c1 - c0) / orders:.0f} µs ({orders} orders)")
if n1 > n0:
    print(f"batch writes: {n1 - n0:.0f}, {orders / (n1 - n0):.1f} orders each, "
          f"{1e3 * (s1 - s0) / (n1 - n0):.1f} ms on average")
PY
rm -f wrk.txt
