-- Batch ingest: POST /integration-history/batch with SIZE attempts on random
-- orders, all of one system, sent with that system's connector key (a
-- connector back-filling) and, in mode "key", a fresh Idempotency-Key.
-- Attempts as in w1.lua. Each request gets a new body: repeated bodies
-- would make concurrent batches queue on the same orders' locks.
-- wrk ... -s batch.lua URL -- IDS_FILE KEY_BLING KEY_TINY KEY_OMIE key|nokey SIZE
local ids, auths, idem, size = {}, {}, true, 500
local threads, counter = 0, 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
  auths = { "Bearer " .. args[2], "Bearer " .. args[3], "Bearer " .. args[4] }
  idem = args[5] ~= "nokey"
  size = tonumber(args[6]) or 500
  math.randomseed(os.time() * 1000 + tid)
end

function attempt(n, id)
  local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
  local x = math.random(100)
  local o = '{"order_id":"' .. id .. '",'
  if x <= 10 then
    return o .. '"status":"error","action":"order.export","message":"Cliente sem CPF: campo obrigatório no ERP",' ..
      '"error_code":"customer.document_missing","occurred_at":"' .. now ..
      '","details":{"http_status":422,"response":"{\\"erro\\":\\"customer.document_missing\\"}"}}'
  elseif x <= 15 then
    return o .. '"status":"pending","action":"order.export","message":"Aguardando retorno do ERP","occurred_at":"' .. now .. '"}'
  end
  return o .. '"status":"success","action":"order.export","message":"Pedido exportado para o ERP","external_id":"ERP-' ..
    n .. '","occurred_at":"' .. now .. '"}'
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

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%.0f,"p99_us":%.0f,"mean_us":%.0f,"max_us":%.0f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max))
end
