-- QueueStore.checkoutFailed. ARGV: person. Returns the Outcome's name.
local c = load_meta()
local slot = slot_of_person(ARGV[1])
if not slot then
  return 'NOT_IN_CHECKOUT'
end
local w = read_waiter(slot)
if w.state ~= IN_CHECKOUT then
  return 'NOT_IN_CHECKOUT'
end
-- Admitted again with a hold of the checkout's amount, until the admission's own expiry.
c.inCheckout = c.inCheckout - 1
c.admitted = c.admitted + 1
w.state = ADMITTED
write_waiter(w)
redis.call('ZADD', X, w.expiry, slot)
save_meta(c)
return 'OK'
