package dev.dangol.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU time and resident memory of local server processes, from /proc (Linux). */
final class ProcStat {

    /** The kernel's USER_HZ: 100 on every Linux this runs on. */
    static final int TICKS_PER_SECOND = 100;

    private static final long PAGE_BYTES = 4_096;

    private ProcStat() {}

    /** User plus system CPU ticks of every pid, or -1 when there are none or one cannot be read. */
    static long cpuTicks(List<Long> pids) {
        if (pids.isEmpty()) {
            return -1;
        }
        long ticks = 0;
        for (long pid : pids) {
            String[] fields = fields(pid);
            if (fields == null) {
                return -1;
            }
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return ticks;
    }

    /** Resident memory of every pid together, in MiB; NaN when unknown. */
    static double rssMiB(List<Long> pids) {
        if (pids.isEmpty()) {
            return Double.NaN;
        }
        long pages = 0;
        for (long pid : pids) {
            String[] fields = fields(pid);
            if (fields == null) {
                return Double.NaN;
            }
            pages += Long.parseLong(fields[21]);
        }
        return pages * PAGE_BYTES / 1_048_576.0;
    }

    /** The fields after the command name (which may hold spaces): fields[0] is the state, the stat's third field. */
    private static String[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
