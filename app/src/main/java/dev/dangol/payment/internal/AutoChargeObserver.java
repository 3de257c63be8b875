package dev.dangol.payment.internal;

/** What auto-charges report for metrics and logs. */
interface AutoChargeObserver {

    /**
     * An auto-charge reached a final state ({@code confirmed}, {@code declined}, {@code not_received}, {@code
     * refunded}), or a request gave up on an unanswered gateway ({@code pending}).
     */
    void outcome(AutoChargeRecord record, String outcome);

    /** The gateway approved after the reservation lapsed; {@code outcome} is {@code confirmed} or {@code refunded}. */
    void lateApproval(AutoChargeRecord record, String outcome);

    /** The resolver has asked as often as it may without settling the auto-charge: an operator must look at it. */
    void unresolved(AutoChargeRecord record);

    /** Resolving one auto-charge failed (the database, the wallet); the resolver tries again later. */
    void resolveFailed(AutoChargeRecord record, RuntimeException failure);

    AutoChargeObserver NONE = new AutoChargeObserver() {
        @Override
        public void outcome(AutoChargeRecord record, String outcome) {}

        @Override
        public void lateApproval(AutoChargeRecord record, String outcome) {}

        @Override
        public void unresolved(AutoChargeRecord record) {}

        @Override
        public void resolveFailed(AutoChargeRecord record, RuntimeException failure) {}
    };
}
