package dev.dangol.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ledgers a test class opened, closed together at the end. A ledger's writer takes up to a tenth of a second to
 * notice it should stop, so closing dozens of them one after another would cost seconds; side by side it costs one.
 */
public final class OpenLedgers {

    private final List<AutoCloseable> open = new ArrayList<>();

    public synchronized <T extends Ledger> T add(T ledger) {
        if (ledger instanceof AutoCloseable closeable) {
            open.add(closeable);
        }
        return ledger;
    }

    /** Closes every ledger added so far, side by side. */
    public void closeAll() throws Exception {
        List<AutoCloseable> closing;
        synchronized (this) {
            closing = List.copyOf(open);
            open.clear();
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (AutoCloseable closeable : closing) {
                done.add(executor.submit(() -> {
                    closeable.close();
                    return null;
                }));
            }
            for (Future<?> future : done) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
    }
}
