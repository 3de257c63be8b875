-- The last step of QueueStore.open. ARGV: token, now. Returns 1 if this caller opened the round, 0 if it lost the lock.
if redis.call('GET', LOCK) ~= ARGV[1] then
  return 0
end
local c = load_meta()
if redis.call('STRLEN', D) ~= 4 * c.pre then
  error('the draw must order every pre-queued place before the round opens')
end
c.opened = 1
c.openedAt = tonumber(ARGV[2])
save_meta(c)
redis.call('DEL', LOCK)
return 1
