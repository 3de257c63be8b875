-- QueueStore.takeFromPool. ARGV: amount. Returns 1 if taken, 0 (nothing changes) if the pool does not cover it.
local c = load_meta()
local amount = tonumber(ARGV[1])
if c.pool < amount then
  return 0
end
c.pool = c.pool - amount
c.sold = c.sold + amount
save_meta(c)
return 1
