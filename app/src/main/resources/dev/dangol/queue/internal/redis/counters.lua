-- QueueStore.counters. ARGV: now.
return counters(load_meta(), tonumber(ARGV[1]))
