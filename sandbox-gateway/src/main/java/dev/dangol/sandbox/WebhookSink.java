package dev.dangol.sandbox;

/** Where the sandbox hands its webhooks: an HTTP sender, or straight into the application in process. */
@FunctionalInterface
public interface WebhookSink {

    /** Delivers one webhook; runs on the scheduler's thread when the webhook is due. */
    void deliver(Webhook webhook);

    /** Drops every webhook: for a sandbox nobody listens to. */
    WebhookSink NOWHERE = webhook -> {};
}
