-- QueueStore.returnToPool. ARGV: amount. Returns the Outcome's name; a refusal changes nothing.
local c = load_meta()
local amount = tonumber(ARGV[1])
if c.sold < amount then
  return 'OVER_SOLD'
end
c.pool = c.pool + amount
c.sold = c.sold - amount
save_meta(c)
return 'OK'
