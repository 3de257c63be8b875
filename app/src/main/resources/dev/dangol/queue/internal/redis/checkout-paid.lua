-- QueueStore.checkoutPaid. ARGV: person, amount. Returns the Outcome's name; a refusal changes nothing.
local c = load_meta()
local slot = slot_of_person(ARGV[1])
if not slot then
  return 'NOT_ADMITTED'
end
local amount = tonumber(ARGV[2])
local w = read_waiter(slot)
if w.state == IN_CHECKOUT or w.state == ADMITTED then
  if amount > w.hold then
    return 'OVER_HOLD'
  end
  c.pool = c.pool + w.hold - amount
  c.held = c.held - w.hold
  c.sold = c.sold + amount
  c.paid = c.paid + 1
  c.paidKrw = c.paidKrw + amount
  c.done = c.done + 1
  if w.state == IN_CHECKOUT then
    c.inCheckout = c.inCheckout - 1
  else
    c.admitted = c.admitted - 1
  end
  w.hold = 0
  redis.call('ZREM', X, slot)
elseif w.state == EXPIRED then
  -- Bought after the hold lapsed: the saga took the amount from the pool, which counted it as sold.
  c.paid = c.paid + 1
  c.paidKrw = c.paidKrw + amount
elseif w.state ~= BOUGHT then
  return 'NOT_ADMITTED'
end
w.state = BOUGHT
write_waiter(w)
save_meta(c)
return 'OK'
