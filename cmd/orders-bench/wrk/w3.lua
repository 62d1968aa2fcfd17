-- W3 (SPEC 8): GET /orders?integration_status=error&limit=50, then its next
-- pages by next_cursor, up to MAX_DEPTH pages per walk; EXTRA (optional)
-- is added to every request's query, such as "&fields=..." for W3-lean.
-- wrk ... -s w3.lua URL -- READER_KEY MAX_DEPTH [EXTRA]
-- A thread's connections share one Lua state, so a response can't tell
-- which request it answers; the page depth travels in X-Request-ID, which
-- the service echoes back.
require "workload"

local auth, maxDepth = nil, 5
local queue = {} -- next pages to fetch: { cursor, depth }
local counter = 0
local first = "/orders?integration_status=error&limit=50"

function init(args)
  auth = "Bearer " .. args[1]
  maxDepth = tonumber(args[2]) or 5
  first = first .. (args[3] or "")
end

function request()
  local item = table.remove(queue)
  local path, depth = first, 1
  if item then
    path, depth = first .. "&cursor=" .. item.cursor, item.depth
  end
  counter = counter + 1
  local rid = "w3." .. depth .. "." .. tid .. "." .. counter
  return wrk.format("GET", path, { Authorization = auth, ["X-Request-ID"] = rid })
end

function response(status, headers, body)
  if status ~= 200 then return end
  local rid
  for k, v in pairs(headers) do
    if string.lower(k) == "x-request-id" then rid = v end
  end
  local depth = tonumber(string.match(rid or "", "^w3%.(%d+)%."))
  if not depth or depth >= maxDepth then return end
  local cursor = string.match(body, '"next_cursor":"([^"]+)"')
  if cursor then table.insert(queue, { cursor = cursor, depth = depth + 1 }) end
end
