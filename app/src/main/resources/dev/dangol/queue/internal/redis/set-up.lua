-- QueueStore.setUp: set-if-absent of the round's setup. ARGV: opensAt, unit, cap, pool, seed, commitment.
-- Returns {1 if this call created it, opensAt, unit, cap, pool, seed, commitment as stored}.
local created = 0
if redis.call('HSETNX', M, 'unit', ARGV[2]) == 1 then
  created = 1
  redis.call('HSET', M, 'opensAt', ARGV[1], 'cap', ARGV[3], 'pool0', ARGV[4], 'seed', ARGV[5], 'commitment', ARGV[6],
    'pool', ARGV[4], 'head', 0, 'last', 0, 'pre', 0, 'opening', 0, 'opened', 0, 'openedAt', 0, 'held', 0, 'sold', 0,
    'admitted', 0, 'inCheckout', 0, 'paid', 0, 'paidKrw', 0, 'wantedSum', 0, 'places', 0, 'rateCap', 0,
    'paused', 0, 'soldOut', 0, 'tokens', -1, 'tokensAt', 0)
end
local stored = redis.call('HMGET', M, 'opensAt', 'unit', 'cap', 'pool0', 'seed', 'commitment')
return {created, stored[1], stored[2], stored[3], stored[4], stored[5], stored[6]}
