#!/usr/bin/env python3
"""Writes FILES NDJSON files orders-0.ndjson.. of COUNT two-line orders each, over the shops of
shops.txt, with order IDs starting with PREFIX (a new prefix for every run: IDs are de-duplicated).
Also writes post.lua, a wrk script posting such orders one by one.
usage: orders.py PREFIX COUNT [FILES]"""
import random, sys

prefix, count = sys.argv[1], int(sys.argv[2])
files = int(sys.argv[3]) if len(sys.argv) > 3 else 4
shops = [line.strip() for line in open("shops.txt") if line.strip()]
LINES = ('[{"lineId":"1","spuId":"spu-7","skuId":"spu-7-red-L","quantity":2,"userPaid":19800,'
         '"paymentSubsidy":0,"influencerDiscount":500,"platformDiscount":0,"feeRateBp":500},'
         '{"lineId":"2","spuId":"spu-8","skuId":"spu-8-s","quantity":1,"userPaid":900,'
         '"paymentSubsidy":0,"influencerDiscount":0,"platformDiscount":0,"feeRateBp":300}]')

def order(order_id, shop, buyer):
    return ('{"orderId":"%s","shopId":"%s","buyerId":"b-%s","agencyId":null,'
            '"paidAt":"2026-11-11T00:00:01+08:00","lines":%s}' % (order_id, shop, buyer, LINES))

for f in range(files):
    with open("orders-%d.ndjson" % f, "w") as out:
        for i in range(count):
            out.write(order("%s%d-%d" % (prefix, f, i), random.choice(shops), i) + "\n")

lua = """shops = {%s}
local counter, tid = 0, 0
setup = function(thread) tid = tid + 1; thread:set("tid", tid) end
init = function(args) math.randomseed(os.time() + tid); prefix = "%s" .. tid .. "-" end
request = function()
  counter = counter + 1
  local body = '%s'
  body = body:gsub("ORDER", prefix .. counter):gsub("SHOP", shops[math.random(#shops)])
  return wrk.format("POST", "/v1/orders", {["Authorization"] = "Bearer " .. os.getenv("DAIFA_INGEST_KEY"),
    ["Content-Type"] = "application/json"}, body)
end
local bad = 0
response = function(status, headers, body)
  if status ~= 202 then bad = bad + 1; if bad < 5 then io.write(status .. " " .. body .. "\\n") end end
end
""" % (",".join('"%s"' % s for s in shops), prefix + "w", order("ORDER", "SHOP", "1"))
open("post.lua", "w").write(lua)
print("%d files of %d orders, post.lua" % (files, count))
