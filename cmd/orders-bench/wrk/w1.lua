-- W1 (SPEC 8): POST /orders/{id}/integration-history for random orders, as
-- the connectors do: each request with its system's connector key and, in
-- mode "key", a fresh Idempotency-Key (what connectors are told to send).
-- Statuses: 85% success, 10% error (with error_code and details), 5% pending.
-- wrk ... -s w1.lua URL -- IDS_FILE KEY_BLING KEY_TINY KEY_OMIE key|nokey
require "workload"

local ids, auths, idem = {}, {}, true
local counter = 0

function init(args)
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
  auths = { "Bearer " .. args[2], "Bearer " .. args[3], "Bearer " .. args[4] }
  idem = args[5] ~= "nokey"
  math.randomseed(os.time() * 1000 + tid)
end

function request()
  counter = counter + 1
  local h = { Authorization = auths[math.random(3)], ["Content-Type"] = "application/json" }
  if idem then
    h["Idempotency-Key"] = string.format("bench-%d-%d-%d", tid, counter, math.random(1000000000))
  end
  local id = ids[math.random(#ids)]
  return wrk.format("POST", "/orders/" .. id .. "/integration-history", h, attempt(counter))
end
