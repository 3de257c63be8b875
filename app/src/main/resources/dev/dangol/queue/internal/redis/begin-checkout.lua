-- QueueStore.beginCheckout. ARGV: person, amount, deadline, now. Returns the Outcome's name; a refusal changes nothing.
local c = load_meta()
local slot = slot_of_person(ARGV[1])
if not slot then
  return 'NOT_ADMITTED'
end
local amount = tonumber(ARGV[2])
local w = read_waiter(slot)
if w.state == EXPIRED then
  return 'HOLD_EXPIRED'
elseif w.state == IN_CHECKOUT then
  return 'CHECKOUT_IN_PROGRESS'
elseif w.state ~= ADMITTED then
  return 'NOT_ADMITTED'
elseif w.expiry <= tonumber(ARGV[4]) then
  return 'HOLD_EXPIRED'
elseif amount > w.hold then
  return 'OVER_HOLD'
end
-- What the checkout does not need goes back to the pool at once; the hold's own expiry stays for a failed checkout.
local rest = w.hold - amount
c.pool = c.pool + rest
c.held = c.held - rest
c.admitted = c.admitted - 1
c.inCheckout = c.inCheckout + 1
w.hold = amount
w.deadline = tonumber(ARGV[3])
w.state = IN_CHECKOUT
write_waiter(w)
redis.call('ZADD', X, w.deadline, slot)
save_meta(c)
return 'OK'
