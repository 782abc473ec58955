#!/usr/bin/env bash
# Creates N shops (default 100) through the API, each bound by invite to one supplier and
# allocating the whole shop to it; writes their IDs to shops.txt. Needs a running router
# (`./daifa serve`) and DAIFA_ADMIN_KEY; DAIFA_URL defaults to http://localhost:8080.
set -euo pipefail
cd "$(dirname "$0")"
N=${1:-100}
URL=${DAIFA_URL:-http://localhost:8080}
A="Authorization: Bearer ${DAIFA_ADMIN_KEY:?set DAIFA_ADMIN_KEY}"
J="Content-Type: application/json"
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
supplier=$(curl -sf -X POST "$URL/v1/suppliers" -H "$A" -H "$J" -d '{"name":"Supplier","identity":"SUPPLIER"}')
sup=$(field supplierId <<<"$supplier"); sup_key=$(field apiKey <<<"$supplier")
: > shops.txt
for i in $(seq 1 "$N"); do
  shop=$(curl -sf -X POST "$URL/v1/shops" -H "$A" -H "$J" -d "{\"name\":\"Shop $i\"}")
  id=$(field shopId <<<"$shop"); key=$(field apiKey <<<"$shop")
  token=$(curl -sf -X POST "$URL/v1/shops/$id/invites" -H "Authorization: Bearer $key" | field token)
  curl -sf -o /dev/null -X POST "$URL/v1/suppliers/$sup/invites/$token/accept" -H "Authorization: Bearer $sup_key"
  curl -sf -o /dev/null -X PUT "$URL/v1/shops/$id/allocation/mode" -H "Authorization: Bearer $key" -H "$J" \
    -d "{\"mode\":\"WHOLE_SHOP\",\"supplierId\":\"$sup\"}"
  echo "$id" >> shops.txt
done
echo "$N shops bound to supplier $sup (shops.txt)"
