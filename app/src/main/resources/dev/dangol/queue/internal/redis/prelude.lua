-- Shared by every script of the waiting room's Redis store (RedisQueueStore prepends it to each one).
--
-- KEYS, the same for every script of one round, all under the round's hash tag {<round>}:
--   1 m     string: the round's setup and counters (see META below)
--   2 x     sorted set: slot -> when its hold lapses (admitted: the hold's expiry; in checkout: the deadline)
--   3 ret   list: slots of people who came back within the grace period, in the order they came back
--   4 rate  hash: second -> admissions in that second, for the last minute
--   5 d     string: the draw, 4 bytes (big-endian) per seq 1..P: the pre-queue slot that took that seq
--   6 lock  string: the token of the node drawing the pre-queue at opening
--   7 p:<b> hash: person -> slot, for the people whose id falls in bucket b (chosen by the caller)
--   8 held  hash: second -> milliseconds of it during which admission was held by rule, for the last minute
-- Waiter records live in strings w:<chunk> beside them (same hash tag, so the same cluster slot), 61 bytes each
-- at offset (slot % CHUNK) * 61: fixed-width records cost no per-entry overhead and are read and written in O(1).

local M, X, RET, RATE, D, LOCK, PB, HELD = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local W = string.sub(M, 1, -2) .. 'w:'

-- place id (16 raw bytes), seq, state, wanted, hold, hold expiry, checkout deadline, last seen, estimate shown (s,
-- or -1), when it was shown. Amounts in won and times in epoch milliseconds fit 6 bytes (2^48).
local REC = '>c16I4BI6I6I6I6I6i4I6'
local SIZE = 61
local CHUNK = 65536

-- QueueStore.WaiterState, by ordinal.
local PRE_QUEUE, WAITING, PASSED, RETURNING, ADMITTED, IN_CHECKOUT, BOUGHT, EXPIRED = 0, 1, 2, 3, 4, 5, 6, 7

-- The round's numbers, packed as big-endian doubles (exact for integers below 2^53: won, milliseconds, counts) at
-- the start of the string m, followed by the seed and its commitment. One GETRANGE and one unpack read them all, which
-- costs a third of what reading as many fields of a hash does, on every poll.
local META = {'opensAt', 'unit', 'cap', 'pool0', 'head', 'last', 'pre', 'opening', 'opened', 'openedAt', 'pool',
  'held', 'sold', 'admitted', 'inCheckout', 'paid', 'paidKrw', 'wantedSum', 'places', 'rateCap', 'paused', 'soldOut',
  'tokens', 'tokensAt', 'rateSum', 'rateFrom', 'rateTo', 'done', 'flowW', 'flowAt', 'flowFrom', 'flowSeen', 'flowCap'}
local META_FORMAT = '>' .. string.rep('d', #META)
local META_BYTES = 8 * #META

local function not_set_up()
  error({err = 'DANGOL_NOT_SET_UP the round is not set up in the queue store'})
end

local function load_meta()
  local packed = redis.call('GETRANGE', M, 0, META_BYTES - 1)
  if string.len(packed) < META_BYTES then
    not_set_up()
  end
  local values = {struct.unpack(META_FORMAT, packed)}
  local c = {}
  for i, name in ipairs(META) do
    c[name] = values[i]
  end
  return c
end

local function pack_meta(c)
  local values = {}
  for i, name in ipairs(META) do
    values[i] = c[name]
  end
  return struct.pack(META_FORMAT, unpack(values))
end

local function save_meta(c)
  redis.call('SETRANGE', M, 0, pack_meta(c))
end

local function require_set_up()
  if redis.call('EXISTS', M) == 0 then
    not_set_up()
  end
end

local function record_key(slot)
  return W .. math.floor(slot / CHUNK)
end

local function read_waiter(slot)
  local offset = (slot % CHUNK) * SIZE
  local rec = redis.call('GETRANGE', record_key(slot), offset, offset + SIZE - 1)
  if string.len(rec) < SIZE then
    error('waiter record ' .. slot .. ' is missing')
  end
  local w = {slot = slot}
  w.place, w.seq, w.state, w.wanted, w.hold, w.expiry, w.deadline, w.seen, w.estimate, w.estimateAt =
    struct.unpack(REC, rec)
  return w
end

local function pack_waiter(w)
  return struct.pack(REC, w.place, w.seq, w.state, w.wanted, w.hold, w.expiry, w.deadline, w.seen, w.estimate,
    w.estimateAt)
end

local function write_waiter(w)
  local rec = pack_waiter(w)
  redis.call('SETRANGE', record_key(w.slot), (w.slot % CHUNK) * SIZE, rec)
  return rec
end

local function slot_of_person(person)
  local slot = redis.call('HGET', PB, person)
  if slot then
    return tonumber(slot)
  end
  return nil
end

-- The admission rate: admissions a second in the hash rate, and in the round's numbers their sum and the oldest
-- and newest second counted, so that a poll whose clock is inside that window reads the sum without reading the hash.

local function rate_recount(c)
  local counts = redis.call('HGETALL', RATE)
  c.rateSum, c.rateFrom, c.rateTo = 0, 0, 0
  for i = 1, #counts, 2 do
    local second, n = tonumber(counts[i]), tonumber(counts[i + 1])
    c.rateSum = c.rateSum + n
    if c.rateFrom == 0 or second < c.rateFrom then
      c.rateFrom = second
    end
    c.rateTo = math.max(c.rateTo, second)
  end
end

-- Forgets the seconds that left the window. Every admission step calls it (every node runs one every 200 ms), so the
-- hash never holds much more than a minute.
local function rate_forget(c, now)
  local second = math.floor(now / 1000)
  if c.rateSum > 0 and c.rateFrom <= second - 60 then
    for _, s in ipairs(redis.call('HKEYS', RATE)) do
      if tonumber(s) <= second - 60 then
        redis.call('HDEL', RATE, s)
      end
    end
    rate_recount(c)
  end
end

local function count_admissions(c, now, n)
  local second = math.floor(now / 1000)
  redis.call('HINCRBY', RATE, second, n)
  c.rateSum = c.rateSum + n
  if c.rateFrom == 0 or second < c.rateFrom then
    c.rateFrom = second
  end
  c.rateTo = math.max(c.rateTo, second)
end

-- Admissions in the 60 seconds up to now (whole seconds, like the memory store).
local function admissions_last_minute(c, now)
  local second = math.floor(now / 1000)
  if c.rateSum == 0 then
    return 0
  end
  if c.rateFrom > second - 60 and c.rateTo <= second then
    return c.rateSum
  end
  local counts = redis.call('HGETALL', RATE)
  local sum = 0
  for i = 1, #counts, 2 do
    local s = tonumber(counts[i])
    if s > second - 60 and s <= second then
      sum = sum + tonumber(counts[i + 1])
    end
  end
  return sum
end

-- The time admission was held by rule (paused, a failing gateway), in milliseconds a second in the hash held, for the
-- last minute: the admission rate is measured over the rest of the window. The hash exists only within a minute of a
-- hold, so that a poll at any other time pays one EXISTS for it.

-- Spreads a held stretch of time over the seconds it covers; only its last minute can matter.
local function count_held(from, to)
  local at = math.max(from, to - 60000)
  while at < to do
    local second = math.floor(at / 1000)
    local stop = math.min(to, (second + 1) * 1000)
    redis.call('HINCRBY', HELD, second, stop - at)
    at = stop
  end
end

-- Forgets the seconds that left the window; every admission step calls it, as it does rate_forget.
local function held_forget(now)
  if redis.call('EXISTS', HELD) == 0 then
    return
  end
  local second = math.floor(now / 1000)
  for _, s in ipairs(redis.call('HKEYS', HELD)) do
    if tonumber(s) <= second - 60 then
      redis.call('HDEL', HELD, s)
    end
  end
end

-- Milliseconds held in the 60 seconds up to now (whole seconds, like the memory store).
local function held_last_minute(now)
  if redis.call('EXISTS', HELD) == 0 then
    return 0
  end
  local second = math.floor(now / 1000)
  local counts = redis.call('HGETALL', HELD)
  local sum = 0
  for i = 1, #counts, 2 do
    local s = tonumber(counts[i])
    if s > second - 60 and s <= second then
      sum = sum + tonumber(counts[i + 1])
    end
  end
  return sum
end

-- In the order of QueueStore.Counters, then WaitEstimates.Flow.
local function counters(c, now)
  return {c.head, c.last, c.pre, redis.call('LLEN', RET), c.opened, c.openedAt, c.pool, c.held, c.sold, c.admitted,
    c.inCheckout, c.paid, c.paidKrw, c.wantedSum, c.places, admissions_last_minute(c, now), held_last_minute(now),
    c.rateCap, c.paused, c.soldOut, c.done, c.flowW, c.flowAt, c.flowFrom, c.flowCap}
end

-- Presence: see QueueStore.touch.
local function touch(c, w, now, grace)
  if w.state == PASSED then
    if now - math.max(w.seen, c.openedAt) <= grace then
      w.state = RETURNING
      redis.call('RPUSH', RET, w.slot)
    else
      w.state = EXPIRED
    end
  end
  w.seen = math.max(w.seen, now)
  return write_waiter(w)
end

local function return_hold(c, w)
  c.pool = c.pool + w.hold
  c.held = c.held - w.hold
  w.hold = 0
  c.done = c.done + 1
  if w.state == ADMITTED then
    c.admitted = c.admitted - 1
  else
    c.inCheckout = c.inCheckout - 1
  end
end

-- How fast holds end (WaitEstimates.Flow): an exponentially weighted count, in thousandths, of the holds that ended,
-- folded in by every admission step. Rounded half up, as the memory store does, so both stores agree.
local FLOW_TAU_MS = 15000

-- While admission is held by rule (cap 0: paused, a failing gateway) the measure's clock stands still: the time since
-- the last step neither decays the weight nor counts as measured time (the start moves on by as much), the holds that
-- ended in it are not counted, and it is left out of the admission rate's window. As MemoryRound.measureFlow does.
local function measure_flow(c, now, cap)
  c.flowCap = cap
  if c.flowFrom == 0 then
    c.flowFrom, c.flowAt, c.flowSeen = now, now, c.done
    return
  end
  if cap == 0 then
    local held_ms = math.max(0, now - c.flowAt)
    count_held(c.flowAt, c.flowAt + held_ms)
    c.flowFrom = c.flowFrom + held_ms
    c.flowAt = c.flowAt + held_ms
    c.flowSeen = c.done
    return
  end
  local elapsed = now - c.flowAt
  if elapsed > 0 and c.flowW > 0 then
    c.flowW = math.floor(c.flowW * math.exp(-elapsed / FLOW_TAU_MS) + 0.5)
  end
  c.flowW = c.flowW + 1000 * (c.done - c.flowSeen)
  c.flowAt = math.max(c.flowAt, now)
  c.flowSeen = c.done
end
