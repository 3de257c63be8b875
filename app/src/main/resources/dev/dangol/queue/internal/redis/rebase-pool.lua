-- QueueStore.rebasePool: the ledger's remaining budget less every hold still out, never more than the pool was.
-- ARGV: ledger remaining.
local c = load_meta()
c.pool = math.min(c.pool, math.max(0, tonumber(ARGV[1]) - c.held))
save_meta(c)
return 0
