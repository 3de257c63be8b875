-- QueueStore.setUp: set-if-absent of the round's setup. ARGV: opensAt, unit, cap, pool, seed, commitment (neither
-- holds a newline). Returns {1 if this call created it, opensAt, unit, cap, pool, seed, commitment as stored}.
local created = 0
if redis.call('EXISTS', M) == 0 then
  created = 1
  local c = {}
  for _, name in ipairs(META) do
    c[name] = 0
  end
  c.opensAt = tonumber(ARGV[1])
  c.unit = tonumber(ARGV[2])
  c.cap = tonumber(ARGV[3])
  c.pool0 = tonumber(ARGV[4])
  c.pool = c.pool0
  c.tokens = -1
  redis.call('SET', M, pack_meta(c) .. ARGV[5] .. '\n' .. ARGV[6])
end
local c = load_meta()
local text = redis.call('GETRANGE', M, META_BYTES, -1)
local newline = string.find(text, '\n', 1, true)
return {created, c.opensAt, c.unit, c.cap, c.pool0, string.sub(text, 1, newline - 1), string.sub(text, newline + 1)}
