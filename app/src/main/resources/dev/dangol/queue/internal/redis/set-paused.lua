-- QueueStore.setPaused. ARGV: 1 or 0.
require_set_up()
redis.call('HSET', M, 'paused', ARGV[1])
return 0
