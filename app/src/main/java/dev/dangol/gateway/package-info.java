/**
 * The payment-gateway port: charging a citizen's bank account or card, asking about a payment by its idempotency
 * key, cancelling it, and the gateway's webhooks. A real gateway adapter implements {@link
 * dev.dangol.gateway.PaymentGateway}; Dangol ships a sandbox gateway (its own process, or in process for the
 * embedded default) that behaves like one, failures included.
 */
package dev.dangol.gateway;
