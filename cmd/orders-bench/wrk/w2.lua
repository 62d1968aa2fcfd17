-- W2 (SPEC 8): GET /orders/{id}/integration-history?limit=50 for random orders.
-- wrk ... -s w2.lua URL -- IDS_FILE READER_KEY
local ids, auth = {}, nil
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
  auth = "Bearer " .. args[2]
  math.randomseed(os.time() * 1000 + tid)
end

function request()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/orders/" .. id .. "/integration-history?limit=50", { Authorization = auth })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%.0f,"p99_us":%.0f,"mean_us":%.0f,"max_us":%.0f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max))
end
