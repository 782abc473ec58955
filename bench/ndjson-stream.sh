#!/usr/bin/env bash
# A stop-gap end-to-end measurement until `./daifa loadtest` exists (issue 4): against a running
# `./daifa serve` (with DAIFA_ADMIN_KEY / DAIFA_INGEST_KEY exported), it creates SHOPS shops, each
# bound by invite to its own supplier in WHOLE_SHOP mode, then streams ORDERS two-line orders,
# spread evenly over the shops, through POST /v1/orders/stream and times it until the last result
# line (every result line is written only once its order is stored in Cassandra).
#   ORDERS=50000 SHOPS=50 bench/ndjson-stream.sh
set -euo pipefail
: "${DAIFA_ADMIN_KEY:?export DAIFA_ADMIN_KEY}" "${DAIFA_INGEST_KEY:?export DAIFA_INGEST_KEY}"
URL=${URL:-http://localhost:8080}
ORDERS=${ORDERS:-50000}
SHOPS=${SHOPS:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

json() { python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
post() { curl -sf -X POST "$URL$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' ${3:+-d "$3"}; }

echo "setting up $SHOPS shops..."
: > "$work/shops"
for i in $(seq 1 "$SHOPS"); do
  shop=$(post /v1/shops "$DAIFA_ADMIN_KEY" '{"name":"bench shop"}')
  sup=$(post /v1/suppliers "$DAIFA_ADMIN_KEY" '{"name":"bench supplier","identity":"SUPPLIER"}')
  shop_id=$(echo "$shop" | json shopId); shop_key=$(echo "$shop" | json apiKey)
  sup_id=$(echo "$sup" | json supplierId); sup_key=$(echo "$sup" | json apiKey)
  token=$(post "/v1/shops/$shop_id/invites" "$shop_key" | json token)
  post "/v1/suppliers/$sup_id/invites/$token/accept" "$sup_key" > /dev/null
  curl -sf -X PUT "$URL/v1/shops/$shop_id/allocation/mode" -H "Authorization: Bearer $shop_key" \
    -H 'Content-Type: application/json' -d "{\"mode\":\"WHOLE_SHOP\",\"supplierId\":\"$sup_id\"}" > /dev/null
  echo "$shop_id" >> "$work/shops"
done

python3 - "$work/shops" "$ORDERS" > "$work/orders.ndjson" <<'PY'
import json, sys, time
shops = open(sys.argv[1]).read().split()
run = str(int(time.time()))
line = lambda n, spu: {"lineId": n, "spuId": spu, "skuId": spu + "-s", "quantity": 1, "userPaid": 19800,
                       "paymentSubsidy": 0, "influencerDiscount": 500, "platformDiscount": 0, "feeRateBp": 500}
for i in range(int(sys.argv[2])):
    print(json.dumps({"orderId": f"b{run}-{i}", "shopId": shops[i % len(shops)], "buyerId": f"b{i % 997}",
                      "agencyId": None, "paidAt": "2026-11-11T00:00:01+08:00",
                      "lines": [line("1", f"spu-{i % 101}"), line("2", f"spu-{i % 37}")]}))
PY

echo "streaming $ORDERS orders..."
start=$(date +%s.%N)
curl -sf -X POST "$URL/v1/orders/stream" -H "Authorization: Bearer $DAIFA_INGEST_KEY" \
  -H 'Content-Type: application/x-ndjson' --data-binary @"$work/orders.ndjson" > "$work/results.ndjson"
end=$(date +%s.%N)
results=$(wc -l < "$work/results.ndjson")
errors=$(grep -c '"error"' "$work/results.ndjson" || true)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'{int(sys.argv[3])} results ({sys.argv[4]} errors) in {s:.1f} s: {int(sys.argv[3])/s:,.0f} orders/s')" \
  "$start" "$end" "$results" "$errors"
