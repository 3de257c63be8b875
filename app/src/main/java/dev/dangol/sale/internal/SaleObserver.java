package dev.dangol.sale.internal;

import dev.dangol.sale.CheckoutStatus;

/** What the purchase saga reports for metrics and logs. */
interface SaleObserver {

    /** A checkout reached a final status. */
    void checkoutSettled(CheckoutStatus status);

    /** The gateway approved after the reservation lapsed; {@code outcome} is re-reserved or refunded. */
    void lateApproval(String outcome);

    /** An admitted person's purchase was refused for want of budget: the waiting room promised what was not there. */
    void admittedMetSoldOut();

    /** The gateway's answer was not known at first asking. */
    void outcomeUnknown();

    SaleObserver NONE = new SaleObserver() {
        @Override
        public void checkoutSettled(CheckoutStatus status) {}

        @Override
        public void lateApproval(String outcome) {}

        @Override
        public void admittedMetSoldOut() {}

        @Override
        public void outcomeUnknown() {}
    };
}
