-- QueueStore.touch. ARGV: person, now, grace. Returns {} for a person with no place, else {record, counters}.
local now = tonumber(ARGV[2])
local c = load_meta()
local slot = slot_of_person(ARGV[1])
if not slot then
  return {}
end
local rec = touch(c, read_waiter(slot), now, tonumber(ARGV[3]))
return {rec, counters(c, now)}
