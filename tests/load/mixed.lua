-- wrk script for tests/load/orders_load.sh: a mix of the reference service's
-- routes on keep-alive connections, a third of them requests a client gets
-- wrong. Every response is checked against the conventions as it arrives:
-- an error is application/problem+json with a title and a detail, a success
-- is application/hal+json. The first body of each status is kept for
-- envelope-lint, and the counts go to OUTDIR/result when the run ends.
--
--   LOAD_OUT=OUTDIR wrk -t2 -c64 -d60s -s mixed.lua http://127.0.0.1:PORT
--
-- (An environment variable, not a script argument: wrk calls done() in a Lua
-- state of its own, which init() never saw.)

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

local write = "Bearer demo-write-token"
local json = "application/json"
local outdir = os.getenv("LOAD_OUT")
local n = 0
local sent = {}
bad = 0
bad_example = ""
checked = 0
kept = {}

local function create(key, body, token)
  local headers = {["Content-Type"] = json, ["Idempotency-Key"] = key}
  if token then headers["Authorization"] = token end
  return wrk.format("POST", "/orders", headers, body)
end

local requests = {
  function() return wrk.format("GET", "/") end,
  function() return wrk.format("GET", "/orders?page=0&size=10") end,
  function() return wrk.format("GET", "/orders/1") end,
  function() return create("load-" .. id .. "-" .. n, '{"item": "widget", "quantity": 2}', write) end,
  function() return create("load-replayed", '{"item": "widget", "quantity": 2}', write) end,
  function() return wrk.format("GET", "/orders/1/invoice") end,
  -- what clients get wrong
  function() return create("load-bad-json-" .. n, '{"item": "widget",', write) end,
  function() return create("load-bad-value-" .. n, '{"item": "widget", "quantity": -1}', write) end,
  function() return create("load-no-token-" .. n, '{"item": "widget", "quantity": 1}', nil) end,
  function() return wrk.format("GET", "/orders/999999999") end,
  function() return wrk.format("GET", "/no/such/route") end,
  function() return wrk.format("PUT", "/orders", {["Content-Type"] = json}, "{}") end,
}

function request()
  n = n + 1
  return requests[(n % #requests) + 1]()
end

local function header(headers, name)
  for k, v in pairs(headers) do
    if string.lower(k) == name then return v end
  end
  return nil
end

function response(status, headers, body)
  checked = checked + 1
  local ctype = header(headers, "content-type") or ""
  local ok
  if status >= 400 then
    ok = ctype == "application/problem+json" and string.find(body, '"title":', 1, true) ~= nil
         and string.find(body, '"detail":', 1, true) ~= nil
  else
    ok = ctype == "application/hal+json" and #body > 0
  end
  if not ok then
    bad = bad + 1
    if bad_example == "" then bad_example = status .. " " .. ctype .. " " .. body end
  end
  if not kept[status] and outdir then
    kept[status] = true
    local f = io.open(outdir .. "/sample-" .. id .. "-" .. status .. ".json", "w")
    if f then
      f:write(body)
      f:close()
    end
  end
end

function done(summary, latency, requests_done)
  local checked_all, bad_all, example = 0, 0, ""
  for _, thread in ipairs(threads) do
    checked_all = checked_all + thread:get("checked")
    bad_all = bad_all + thread:get("bad")
    if example == "" then example = thread:get("bad_example") end
  end
  local e = summary.errors
  local lines = {
    "requests " .. summary.requests,
    "checked " .. checked_all,
    "non_convention " .. bad_all,
    "socket_errors " .. (e.connect + e.read + e.write + e.timeout),
    "connect " .. e.connect .. " read " .. e.read .. " write " .. e.write .. " timeout " .. e.timeout,
    string.format("p50_ms %.2f", latency:percentile(50) / 1000),
    string.format("p99_ms %.2f", latency:percentile(99) / 1000),
    string.format("max_ms %.2f", latency.max / 1000),
    string.format("rps %.0f", summary.requests / (summary.duration / 1e6)),
  }
  if example ~= "" then table.insert(lines, "example " .. example) end
  local text = table.concat(lines, "\n") .. "\n"
  io.write(text)
  if outdir then
    local f = io.open(outdir .. "/result", "w")
    f:write(text)
    f:close()
  end
end
