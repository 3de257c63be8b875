-- wrk script: status polls of random waiters, each with their own session and ticket.
-- WAITERS names a file of "token ticket" lines, ROUND the round (both written by LaunchHttpBench --wrk).
local waiters = {}
for line in io.lines(os.getenv("WAITERS")) do
  local token, ticket = line:match("([^ ]+) ([^ ]+)")
  table.insert(waiters, { token = token, ticket = ticket })
end
local path = "/api/v1/rounds/" .. os.getenv("ROUND") .. "/queue/status"
local n = 0
math.randomseed(os.time())

request = function()
  local w = waiters[math.random(#waiters)]
  return wrk.format("GET", path, {
    ["Authorization"] = "Bearer " .. w.token,
    ["Dangol-Ticket"] = w.ticket,
    ["Accept"] = "application/json",
  })
end
