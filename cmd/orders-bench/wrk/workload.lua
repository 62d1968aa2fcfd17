-- What the workload scripts share, each loading it with require "workload"
-- (orders-bench sets LUA_PATH to their folder): thread numbers, the
-- attempts that W1 and the batches post, and the result line that
-- orders-bench reads (wrkResult in wrk.go).

local threads = 0

-- setup gives each thread its number, tid, for its seed and its keys.
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

-- attempt returns the JSON of one attempt occurring now, with order_id
-- when id is given: 85% success, 10% error (with error_code and details),
-- 5% pending.
function attempt(n, id)
  local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
  local x = math.random(100)
  local o = "{"
  if id then o = '{"order_id":"' .. id .. '",' end
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

-- done prints the run's results as one "WRK {json}" line.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%.0f,"p99_us":%.0f,"mean_us":%.0f,"max_us":%.0f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max))
end
