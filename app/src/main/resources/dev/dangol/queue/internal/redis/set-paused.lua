-- QueueStore.setPaused. ARGV: 1 or 0.
local c = load_meta()
c.paused = tonumber(ARGV[1])
save_meta(c)
return 0
