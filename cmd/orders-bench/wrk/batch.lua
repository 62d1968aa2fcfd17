-- Batch ingest: POST /integration-history/batch with SIZE attempts on random
-- orders, all of one system, sent with that system's connector key (a
-- connector back-filling) and, in mode "key", a fresh Idempotency-Key.
-- Attempts as in w1.lua. Each request gets a new body: repeated bodies
-- would make concurrent batches queue on the same orders' locks.
-- wrk ... -s batch.lua URL -- IDS_FILE KEY_BLING KEY_TINY KEY_OMIE key|nokey SIZE
require "workload"

local ids, auths, idem, size = {}, {}, true, 500
local counter = 0

function init(args)
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
  auths = { "Bearer " .. args[2], "Bearer " .. args[3], "Bearer " .. args[4] }
  idem = args[5] ~= "nokey"
  size = tonumber(args[6]) or 500
  math.randomseed(os.time() * 1000 + tid)
end

function request()
  counter = counter + 1
  local parts = {}
  for i = 1, size do parts[i] = attempt(counter * size + i, ids[math.random(#ids)]) end
  local h = { Authorization = auths[math.random(3)], ["Content-Type"] = "application/json" }
  if idem then
    h["Idempotency-Key"] = string.format("batch-%d-%d-%d", tid, counter, math.random(1000000000))
  end
  return wrk.format("POST", "/integration-history/batch", h, '{"attempts":[' .. table.concat(parts, ",") .. ']}')
end
