package dev.dangol.sandbox;

/**
 * What the sandbox did besides charging: calls, replays, the failures it made up, and its webhooks.
 *
 * @param calls charges, inquiries and cancellations received
 * @param replays charges and cancellations that repeated an earlier one and changed nothing
 * @param conflicts charges refused because their key was used before for another charge
 * @param errors calls answered with a made-up 5xx (nothing done)
 * @param timeouts calls applied but answered late or never
 * @param outageRefusals calls turned away by an outage window
 * @param refusedFull new keys refused because the sandbox remembered as many keys as it may
 * @param webhooksScheduled webhooks planned, repeats included
 * @param webhooksDuplicated webhooks planned a second time on purpose
 * @param webhooksLate webhooks held back on purpose
 * @param webhooksDropped webhooks not planned because too many were pending
 * @param webhooksHandedOver webhooks handed to the sink (sent, for HTTP)
 */
public record Activity(
        long calls,
        long replays,
        long conflicts,
        long errors,
        long timeouts,
        long outageRefusals,
        long refusedFull,
        long webhooksScheduled,
        long webhooksDuplicated,
        long webhooksLate,
        long webhooksDropped,
        long webhooksHandedOver) {}
