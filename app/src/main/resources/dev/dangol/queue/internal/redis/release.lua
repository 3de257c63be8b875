-- QueueStore.release. ARGV: person. Returns the Outcome's name; a refusal changes nothing.
local c = load_meta()
local slot = slot_of_person(ARGV[1])
if not slot then
  return 'NOT_ADMITTED'
end
local w = read_waiter(slot)
if w.state == IN_CHECKOUT then
  return 'CHECKOUT_IN_PROGRESS'
elseif w.state ~= ADMITTED then
  return 'NOT_ADMITTED'
end
return_hold(c, w)
w.state = EXPIRED
write_waiter(w)
redis.call('ZREM', X, slot)
save_meta(c)
return 'OK'
