package dev.dangol.ledger;

import java.util.ArrayList;
import java.util.List;

/** Joins transfers into one linked chain. */
public final class Chains {

    private Chains() {}

    /** Every transfer but the last gets {@link TransferFlag#LINKED}; the last loses it. */
    public static List<Transfer> link(List<Transfer> transfers) {
        List<Transfer> chain = new ArrayList<>(transfers.size());
        for (int i = 0; i < transfers.size(); i++) {
            Transfer transfer = transfers.get(i);
            chain.add(i < transfers.size() - 1 ? transfer.linked() : transfer.unlinked());
        }
        return chain;
    }
}
