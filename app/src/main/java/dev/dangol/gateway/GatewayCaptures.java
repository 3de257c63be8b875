package dev.dangol.gateway;

import java.util.List;

/**
 * What the gateway captured, read back from the gateway itself: for the end-of-run checks that the gateway's
 * captures equal the purchases Dangol posted and that nobody was charged twice. The sandbox gateway answers it (in
 * process, or from its admin API); a real gateway's adapter would answer it from the gateway's settlement files.
 */
public interface GatewayCaptures {

    /** The gateway's running totals. */
    CaptureTotals totals();

    /**
     * Every payment the gateway knows, in the order it first saw their keys, one page at a time: those after
     * {@code afterSequence} (0 for the first page), at most {@code limit} (1 to 1,000).
     */
    List<CapturedPayment> payments(long afterSequence, int limit);
}
