-- One step of admission: QueueStore.admit, in the order its javadoc gives. ARGV: now, hold ms, absent-after ms,
-- max in flight, batch max (at most 500 a call, so that no call holds Redis up for long), stopped (1/0), most passes,
-- most expiries. Returns {admitted, passed over, expired, sold out now (1/0), then estimate and actual seconds for
-- each person admitted who had been shown an estimate}.
local now = tonumber(ARGV[1])
local hold_ms = tonumber(ARGV[2])
local absent_ms = tonumber(ARGV[3])
local max_in_flight = tonumber(ARGV[4])
local batch_max = tonumber(ARGV[5])
local stopped = ARGV[6] == '1'
local passes_left = tonumber(ARGV[7])
local expiries_max = tonumber(ARGV[8])
local c = load_meta()
rate_forget(c, now)
held_forget(now)

-- 1. Holds past their time go back to the pool.
local expired = 0
for _, member in ipairs(redis.call('ZRANGEBYSCORE', X, '-inf', now, 'LIMIT', 0, expiries_max)) do
  local w = read_waiter(tonumber(member))
  if (w.state == ADMITTED and w.expiry <= now) or (w.state == IN_CHECKOUT and w.deadline <= now) then
    redis.call('ZREM', X, member)
    return_hold(c, w)
    w.state = EXPIRED
    write_waiter(w)
    expired = expired + 1
  elseif w.state == ADMITTED then
    redis.call('ZADD', X, w.expiry, member)
  elseif w.state == IN_CHECKOUT then
    redis.call('ZADD', X, w.deadline, member)
  else
    redis.call('ZREM', X, member)
  end
end

if c.opened ~= 1 then
  save_meta(c)
  return {0, 0, expired, 0}
end

local function slot_of_seq(seq)
  if seq <= c.pre then
    return struct.unpack('>I4', redis.call('GETRANGE', D, (seq - 1) * 4, seq * 4 - 1))
  end
  return seq - 1
end

local function refill()
  local capacity = c.rateCap * 1000
  if c.tokens < 0 then
    c.tokens = capacity
  elseif now > c.tokensAt then
    c.tokens = math.min(capacity, c.tokens + (now - c.tokensAt) * c.rateCap)
  end
  c.tokensAt = math.max(c.tokensAt, now)
end

-- The next candidate: a person who came back first, then the one after the head. Returns the waiter and whether it
-- came from the head, or nil to stop; passes absent people over and skips what cannot be admitted on the way.
local passed = 0
local function next_candidate()
  -- Each skip moves the head or drops a returning entry, so this ends; the bound only guards against a bug.
  for _ = 1, batch_max + passes_left + 1000 do
    local returning = redis.call('LINDEX', RET, 0)
    if returning then
      local w = read_waiter(tonumber(returning))
      if w.state == RETURNING then
        return w, false
      end
      redis.call('LPOP', RET)
    else
      if c.head >= c.last or passes_left <= 0 then
        return nil
      end
      local seq = c.head + 1
      local w = read_waiter(slot_of_seq(seq))
      if w.state ~= WAITING then
        c.head = seq
      elseif now - w.seen > absent_ms then
        w.state = PASSED
        write_waiter(w)
        c.head = seq
        passed = passed + 1
        passes_left = passes_left - 1
      else
        return w, true
      end
    end
  end
  return nil
end

local admitted = 0
local estimates = {}
if c.paused ~= 1 and not stopped then
  local allowance = math.min(batch_max, max_in_flight - (c.admitted + c.inCheckout))
  if c.rateCap > 0 then
    refill()
    allowance = math.min(allowance, math.floor(c.tokens / 1000))
  end
  while allowance > 0 do
    local w, from_head = next_candidate()
    if not w then
      break
    end
    local hold
    if c.pool >= w.wanted then
      hold = w.wanted
    elseif c.admitted + c.inCheckout == 0 and c.pool >= c.unit then
      -- Nothing can come back: the last of the budget goes to the next person, as much as it covers.
      hold = math.floor(c.pool / c.unit) * c.unit
    else
      break
    end
    if w.estimate >= 0 then
      estimates[#estimates + 1] = w.estimate
      estimates[#estimates + 1] = math.floor((now - w.estimateAt) / 1000)
    end
    if from_head then
      c.head = w.seq
    else
      redis.call('LPOP', RET)
    end
    w.state = ADMITTED
    w.hold = hold
    w.expiry = now + hold_ms
    write_waiter(w)
    redis.call('ZADD', X, w.expiry, w.slot)
    c.pool = c.pool - hold
    c.held = c.held + hold
    c.admitted = c.admitted + 1
    if c.rateCap > 0 then
      c.tokens = c.tokens - 1000
    end
    allowance = allowance - 1
    admitted = admitted + 1
  end
  if admitted > 0 then
    count_admissions(c, now, admitted)
  end
end

-- 4. Sold out, once: nothing left to give and nothing that can come back. A round nobody has queued for is never
-- sold out: there is nobody to tell, and its pool may be a view of a ledger momentarily low with reservations made
-- around the waiting room.
local sold_out_now = 0
if c.soldOut ~= 1 and c.places > 0 and c.pool < c.unit and c.admitted + c.inCheckout == 0 then
  c.soldOut = 1
  sold_out_now = 1
end
if c.paused == 1 or stopped then
  measure_flow(c, now, 0)
else
  measure_flow(c, now, max_in_flight)
end
save_meta(c)
local result = {admitted, passed, expired, sold_out_now}
for _, value in ipairs(estimates) do
  result[#result + 1] = value
end
return result
