package dev.dangol.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the sandbox server starts: where it listens, its seed, its secret, its bounds and its behaviour, from command
 * line options ({@code --decline-bp=250} or {@code --decline-bp 250}) over environment variables
 * ({@code SANDBOX_DECLINE_BP=250}). The behaviour settings have the same names, in camel case, in the admin API's JSON
 * ({@code {"declineBp":250}}), so one name works everywhere.
 *
 * @param bind the address to listen on; 127.0.0.1 unless told otherwise, because the admin API has no sign-in
 * @param port the port, or 0 for any free one (the server prints the one it got)
 * @param seed the random source's seed: the same seed and the same calls give the same outcomes
 * @param webhookSecret the secret webhooks are signed with, shared with the receiver
 * @param keysMax idempotency keys remembered at most
 * @param inFlightMax requests handled at once at most; more are answered 503 at once
 */
public record SandboxOptions(
        String bind, int port, long seed, String webhookSecret, int keysMax, int inFlightMax, Behaviour behaviour) {

    /** A development secret, so that the sandbox starts with no setup; anything real sets its own. */
    public static final String DEVELOPMENT_SECRET = "sandbox-webhook-secret";

    public static final SandboxOptions DEFAULT = new SandboxOptions(
            "127.0.0.1",
            8090,
            1,
            DEVELOPMENT_SECRET,
            SandboxGateway.Limits.DEFAULT.keysMax(),
            10_000,
            Behaviour.HEALTHY);

    /** The behaviour settings, by their camel-case name, with what each means. */
    public static final Map<String, String> SETTINGS = settings();

    /** The settings only read at start. */
    public static final Map<String, String> START_OPTIONS = startOptions();

    public SandboxOptions {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("a port is 0 to 65535, was " + port);
        }
        if (webhookSecret == null || webhookSecret.length() < 16) {
            throw new IllegalArgumentException("a webhook secret must be at least 16 characters");
        }
        if (keysMax < 1 || inFlightMax < 1) {
            throw new IllegalArgumentException("keysMax and inFlightMax must be positive");
        }
        Objects.requireNonNull(behaviour, "behaviour");
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("latencyMs", "answer latency: min,p50,p90,p99,max in ms, or one number");
        settings.put("declineBp", "share of new charges declined, in basis points (100 = 1%)");
        settings.put("errorBp", "share of calls answered 500 with nothing done, in basis points");
        settings.put("timeoutBp", "share of calls applied but answered only after timeoutDelayMs, in basis points");
        settings.put("timeoutDelayMs", "how long a timed-out call takes to answer (or to drop the connection)");
        settings.put("timeoutAnswer", "LATE (answer after the delay) or NEVER (drop the connection)");
        settings.put("duplicateWebhookBp", "share of webhooks sent twice, in basis points");
        settings.put("lateWebhookBp", "share of webhooks held back by lateWebhookDelayMs, in basis points");
        settings.put("lateWebhookDelayMs", "how long a late webhook is held back");
        settings.put("webhookUrl", "where webhooks go when a charge names no URL; empty for nowhere");
        return Map.copyOf(settings);
    }

    private static Map<String, String> startOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("bind", "address to listen on (default 127.0.0.1)");
        options.put("port", "port to listen on, 0 for any free one (default 8090)");
        options.put("seed", "seed of the random source (default 1)");
        options.put("webhookSecret", "secret webhooks are signed with (default " + DEVELOPMENT_SECRET + ")");
        options.put("keysMax", "idempotency keys remembered at most (default 1000000)");
        options.put("inFlightMax", "requests handled at once at most (default 10000)");
        options.put("outage", "an outage window: <starts in ms>+<lasts ms>, with ':refuse' to drop connections");
        return Map.copyOf(options);
    }

    /** Reads the options; arguments win over the environment. */
    public static SandboxOptions parse(List<String> args, Map<String, String> environment, Instant now) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : allNames()) {
            String value = environment.get("SANDBOX_" + snake(name));
            if (value != null) {
                values.put(name, value);
            }
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options start with --, was '" + arg + "'");
            }
            String option = arg.substring(2);
            String value;
            int equals = option.indexOf('=');
            if (equals >= 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException("--" + option + " needs a value");
            }
            String name = camel(option);
            if (!allNames().contains(name)) {
                throw new IllegalArgumentException("there is no option --" + option);
            }
            values.put(name, value);
        }
        return of(values, now);
    }

    private static SandboxOptions of(Map<String, String> values, Instant now) {
        SandboxOptions d = DEFAULT;
        Behaviour behaviour = d.behaviour();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (SETTINGS.containsKey(entry.getKey())) {
                behaviour = apply(behaviour, entry.getKey(), entry.getValue());
            }
        }
        String outage = values.get("outage");
        if (outage != null && !outage.isBlank()) {
            behaviour = behaviour.withOutage(parseOutage(outage, now), now);
        }
        return new SandboxOptions(
                values.getOrDefault("bind", d.bind()),
                (int) number(values, "port", d.port()),
                number(values, "seed", d.seed()),
                values.getOrDefault("webhookSecret", d.webhookSecret()),
                (int) number(values, "keysMax", d.keysMax()),
                (int) number(values, "inFlightMax", d.inFlightMax()),
                behaviour);
    }

    /** Changes one behaviour setting, named as in {@link #SETTINGS}, given as text. */
    public static Behaviour apply(Behaviour behaviour, String name, String value) {
        Objects.requireNonNull(value, name);
        String text = value.trim();
        return switch (name) {
            case "latencyMs" -> behaviour.withLatency(LatencyProfile.parseMillis(text));
            case "declineBp" -> behaviour.withDeclineBasisPoints(basisPoints(name, text));
            case "errorBp" -> behaviour.withErrorBasisPoints(basisPoints(name, text));
            case "timeoutBp" -> behaviour.withTimeoutBasisPoints(basisPoints(name, text));
            case "timeoutDelayMs" -> behaviour.withTimeout(millis(name, text), behaviour.timeoutAnswer());
            case "timeoutAnswer" -> behaviour.withTimeout(behaviour.timeoutDelay(), timeoutAnswer(text));
            case "duplicateWebhookBp" -> behaviour.withDuplicateWebhookBasisPoints(basisPoints(name, text));
            case "lateWebhookBp" -> behaviour.withLateWebhooks(basisPoints(name, text), behaviour.lateWebhookDelay());
            case "lateWebhookDelayMs" ->
                behaviour.withLateWebhooks(behaviour.lateWebhookBasisPoints(), millis(name, text));
            case "webhookUrl" -> behaviour.withWebhookUrl(text.isEmpty() ? null : text);
            default ->
                throw new IllegalArgumentException(
                        "there is no setting '" + name + "'; the settings are " + SETTINGS.keySet());
        };
    }

    /** The behaviour as settings, as the admin API shows them. */
    public static Map<String, Object> settingsOf(Behaviour behaviour) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("latencyMs", behaviour.latency().toMillisText());
        settings.put("declineBp", behaviour.declineBasisPoints());
        settings.put("errorBp", behaviour.errorBasisPoints());
        settings.put("timeoutBp", behaviour.timeoutBasisPoints());
        settings.put("timeoutDelayMs", behaviour.timeoutDelay().toMillis());
        settings.put("timeoutAnswer", behaviour.timeoutAnswer().name());
        settings.put("duplicateWebhookBp", behaviour.duplicateWebhookBasisPoints());
        settings.put("lateWebhookBp", behaviour.lateWebhookBasisPoints());
        settings.put("lateWebhookDelayMs", behaviour.lateWebhookDelay().toMillis());
        settings.put("webhookUrl", behaviour.webhookUrl() == null ? "" : behaviour.webhookUrl());
        List<Map<String, Object>> outages = new ArrayList<>();
        for (Outage outage : behaviour.outages()) {
            Map<String, Object> window = new LinkedHashMap<>();
            window.put("start", outage.start().toString());
            window.put("end", outage.end().toString());
            window.put("refuseConnections", outage.refuseConnections());
            outages.add(window);
        }
        settings.put("outages", outages);
        return settings;
    }

    /** {@code <starts in ms>+<lasts ms>}, with {@code :refuse} to drop connections instead of answering 503. */
    static Outage parseOutage(String text, Instant now) {
        boolean refuse = text.endsWith(":refuse");
        String window = refuse ? text.substring(0, text.length() - ":refuse".length()) : text;
        String[] parts = window.split("\\+");
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "an outage is <starts in ms>+<lasts ms>, optionally with ':refuse', was '" + text + "'");
        }
        Instant start = now.plus(millis("outage", parts[0].trim()));
        return new Outage(start, start.plus(millis("outage", parts[1].trim())), refuse);
    }

    /** The usage text of the server's command line. */
    public static String usage() {
        StringBuilder text = new StringBuilder("Sandbox payment gateway. Options (or SANDBOX_<NAME> variables):\n");
        for (Map<String, String> group : List.of(START_OPTIONS, SETTINGS)) {
            group.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> text.append(String.format("  --%-22s %s%n", kebab(e.getKey()), e.getValue())));
        }
        return text.toString();
    }

    private static List<String> allNames() {
        List<String> names = new ArrayList<>(START_OPTIONS.keySet());
        names.addAll(SETTINGS.keySet());
        return names;
    }

    private static long number(Map<String, String> values, String name, long fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + text + "'");
        }
    }

    private static int basisPoints(String name, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + " is in basis points, a whole number from 0 to 10000, was '" + text + "'");
        }
    }

    private static Duration millis(String name, String text) {
        try {
            return Duration.ofMillis(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is in whole milliseconds, was '" + text + "'");
        }
    }

    private static TimeoutAnswer timeoutAnswer(String text) {
        try {
            return TimeoutAnswer.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("timeoutAnswer is LATE or NEVER, was '" + text + "'");
        }
    }

    static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    static String kebab(String camel) {
        return camel.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    static String snake(String camel) {
        return kebab(camel).replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
