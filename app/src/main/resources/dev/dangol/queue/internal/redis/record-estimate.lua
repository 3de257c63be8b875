-- QueueStore.recordEstimate: the first estimate shown counts. ARGV: person, seconds, now.
require_set_up()
local slot = slot_of_person(ARGV[1])
if slot then
  local w = read_waiter(slot)
  if w.estimate < 0 then
    w.estimate = tonumber(ARGV[2])
    w.estimateAt = tonumber(ARGV[3])
    write_waiter(w)
  end
end
return 0
