-- W1 (SPEC 8): POST /orders/{id}/integration-history for random orders, as
-- the connectors do: each request with its system's connector key and, in
-- mode "key", a fresh Idempotency-Key (what connectors are told to send).
-- Statuses: 85% success, 10% error (with error_code and details), 5% pending.
-- wrk ... -s w1.lua URL -- IDS_FILE KEY_BLING KEY_TINY KEY_OMIE key|nokey
local ids, auths, idem = {}, {}, true
local threads, counter = 0, 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
  auths = { "Bearer " .. args[2], "Bearer " .. args[3], "Bearer " .. args[4] }
  idem = args[5] ~= "nokey"
  math.randomseed(os.time() * 1000 + tid)
end

-- attempt returns the JSON of one attempt (without order_id) occurring now.
function attempt(n)
  local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
  local x = math.random(100)
  if x <= 10 then
    return '{"status":"error","action":"order.export","message":"Cliente sem CPF: campo obrigatório no ERP",' ..
      '"error_code":"customer.document_missing","occurred_at":"' .. now ..
      '","details":{"http_status":422,"response":"{\\"erro\\":\\"customer.document_missing\\"}"}}'
  elseif x <= 15 then
    return '{"status":"pending","action":"order.export","message":"Aguardando retorno do ERP","occurred_at":"' .. now .. '"}'
  end
  return '{"status":"success","action":"order.export","message":"Pedido exportado para o ERP","external_id":"ERP-' ..
    n .. '","occurred_at":"' .. now .. '"}'
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

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%.0f,"p99_us":%.0f,"mean_us":%.0f,"max_us":%.0f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max))
end
