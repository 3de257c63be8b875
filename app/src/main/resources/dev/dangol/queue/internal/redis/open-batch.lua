-- A bounded batch of the draw. ARGV: token, lock milliseconds, the first seq of the batch, the slots taking seq
-- first, first + 1, ... (4 bytes each, big-endian). Returns 0 (and writes nothing) if the caller lost the lock.
if redis.call('GET', LOCK) ~= ARGV[1] then
  return 0
end
redis.call('PEXPIRE', LOCK, ARGV[2])
local first = tonumber(ARGV[3])
local slots = ARGV[4]
redis.call('SETRANGE', D, (first - 1) * 4, slots)
for i = 0, string.len(slots) / 4 - 1 do
  local w = read_waiter(struct.unpack('>I4', slots, i * 4 + 1))
  if w.state == PRE_QUEUE or w.state == WAITING then
    w.seq = first + i
    w.state = WAITING
    write_waiter(w)
  end
end
return 1
