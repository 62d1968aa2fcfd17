-- W2 (SPEC 8): GET /orders/{id}/integration-history?limit=50 for random orders.
-- wrk ... -s w2.lua URL -- IDS_FILE READER_KEY
require "workload"

local ids, auth = {}, nil

function init(args)
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
  auth = "Bearer " .. args[2]
  math.randomseed(os.time() * 1000 + tid)
end

function request()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/orders/" .. id .. "/integration-history?limit=50", { Authorization = auth })
end
