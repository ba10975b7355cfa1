-- Load for `flowmap serve` (wrk 4): IVR balance-inquiry contacts (VG102), each three requests:
-- start, the task's outcome, the caller's "9" (which ends it). Every response names its
-- session and state; the next request for that session is chosen from the state, so any
-- connection may carry any session. Event ids are unique per session (idempotency).
--
--   FLOWMAP_TOKEN=fmk_... wrk -t2 -c64 -d30s --latency -s serve-load.lua http://127.0.0.1:8086
--
-- The token is an adapter key for the ivr channel (`flowmap keys create --role adapter --channel ivr`).

local token = os.getenv("FLOWMAP_TOKEN") or ""
local ready = {}      -- queue of {session, state} waiting for their next event
local head, tail = 1, 0
local counter = 0
local failures = 0

local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
local startBody = '{"business":"balance-inquiry","channel":"ivr","brand":"gotone","environment":"own-network",'
  .. '"customer":"13800138000","variables":{"msisdn":"13800138000"}}'

request = function()
  if head <= tail then
    local item = ready[head]
    ready[head] = nil
    head = head + 1
    counter = counter + 1
    local body
    if item.state == "lookup-balance" then
      body = '{"id":"t' .. counter .. '","kind":"outcome","outcome":"ok","results":{"balance":56.8,"credit":100}}'
    else
      body = '{"id":"d' .. counter .. '","kind":"input","text":"9"}'
    end
    return wrk.format("POST", "/v1/sessions/" .. item.session .. "/events", headers, body)
  end
  return wrk.format("POST", "/v1/sessions", headers, startBody)
end

response = function(status, _, body)
  if status >= 300 then
    failures = failures + 1
    return
  end
  if body:find('"ended"') then return end
  local session = body:match('"session":"([^"]+)"')
  local state = body:match('"state":"([^"]+)"')
  if session and (state == "lookup-balance" or state == "read-balance") then
    tail = tail + 1
    ready[tail] = { session = session, state = state }
  end
end
