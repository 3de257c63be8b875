package dev.dangol.payment.internal;

import dev.dangol.shared.MerchantId;

/**
 * Where payments and cancellations are told to merchants' live screens: {@link HttpPaymentFeed} tells the screens
 * open on this node; {@link RedisPaymentFeed} also tells every other node, which tells its own.
 */
interface PaymentFeed {

    /** Tells the merchant's screens of an event, named {@code payment} or {@code cancellation}, with its JSON data. */
    void publish(MerchantId merchant, String name, Object data);
}
