/**
 * A sandbox card and bank-account payment gateway that behaves like a real one: it approves or declines charges,
 * answers inquiries and cancellations, is idempotent on the caller's key, and sends signed webhooks, late and twice
 * when told to. It fails the way real gateways fail: slow answers, 5xx errors with nothing charged, timeouts after the
 * charge was applied, outage windows.
 *
 * <p>{@link dev.dangol.sandbox.SandboxGateway} holds the behaviour with no framework and no real time in it (a
 * clock, a random source and a scheduler are passed in, so a simulation replays exactly);
 * {@link dev.dangol.sandbox.SandboxServer} puts it on HTTP as its own process. Dangol's server also runs the core in
 * process as its embedded default.
 */
package dev.dangol.sandbox;
