-- QueueStore.setRateCap. ARGV: admissions a second, 0 for no cap.
local c = load_meta()
local cap = tonumber(ARGV[1])
if cap ~= c.rateCap then
  -- A new cap starts with a full second's tokens, or what is left of the old ones if fewer.
  if c.rateCap == 0 then
    c.tokens = -1
  else
    c.tokens = math.min(c.tokens, cap * 1000)
  end
end
c.rateCap = cap
save_meta(c)
return 0
