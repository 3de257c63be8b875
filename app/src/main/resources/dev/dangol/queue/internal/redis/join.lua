-- QueueStore.join. ARGV: person, place id (16 raw bytes), wanted, now, grace.
-- Returns {rejoined, waiter record or '' (sold out: nothing stored), counters}.
local now = tonumber(ARGV[4])
local c = load_meta()
local slot = slot_of_person(ARGV[1])
if slot then
  local rec = touch(c, read_waiter(slot), now, tonumber(ARGV[5]))
  return {1, rec, counters(c, now)}
end
if c.soldOut == 1 then
  return {0, '', counters(c, now)}
end
if string.len(ARGV[2]) ~= 16 then
  error('a place id is 16 bytes')
end
local wanted = tonumber(ARGV[3])
local w = {slot = c.places, place = ARGV[2], seq = 0, state = PRE_QUEUE, wanted = wanted, hold = 0, expiry = 0,
  deadline = 0, seen = now, estimate = -1, estimateAt = 0}
if c.opened == 1 or c.opening == 1 then
  -- From the moment the pre-queue is frozen for the draw, places are first come, first served after it.
  c.last = c.last + 1
  w.seq = c.last
  w.state = WAITING
else
  c.pre = c.pre + 1
end
local rec = write_waiter(w)
redis.call('HSET', PB, ARGV[1], w.slot)
c.places = c.places + 1
c.wantedSum = c.wantedSum + wanted
save_meta(c)
return {0, rec, counters(c, now)}
