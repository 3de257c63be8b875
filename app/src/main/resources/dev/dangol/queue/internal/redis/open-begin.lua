-- The first step of QueueStore.open. ARGV: token, lock milliseconds.
-- Returns {0} if the round is open already, {2} while another node holds the opening lock, or {1, P}: this caller
-- holds the lock and draws the frozen pre-queue of P places (slots 0..P-1). Freezing is idempotent: a node that takes
-- the lock over from one that died redoes the same draw, which gives the same order from the same seed.
local c = load_meta()
if c.opened == 1 then
  return {0}
end
local holder = redis.call('GET', LOCK)
if holder and holder ~= ARGV[1] then
  return {2}
end
redis.call('SET', LOCK, ARGV[1], 'PX', ARGV[2])
if c.opening ~= 1 then
  c.opening = 1
  c.last = c.pre
  save_meta(c)
end
return {1, c.pre}
