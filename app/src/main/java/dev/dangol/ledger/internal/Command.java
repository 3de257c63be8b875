package dev.dangol.ledger.internal;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.Transfer;
import java.util.List;

/** One unit of work for the engine: a client's submission, or the voiding of timed-out pending transfers. */
sealed interface Command {

    record Submit(List<Account> accounts, List<Transfer> transfers) implements Command {
        public Submit {
            accounts = List.copyOf(accounts);
            transfers = List.copyOf(transfers);
        }
    }

    /** Voids those of these pending transfers that have timed out by the batch's time. */
    record Expire(List<String> pendingIds) implements Command {
        public Expire {
            pendingIds = List.copyOf(pendingIds);
        }
    }
}
