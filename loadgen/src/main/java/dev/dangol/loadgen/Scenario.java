package dev.dangol.loadgen;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A launch to replay, read from a {@code .properties} file (docs/load-replay.md): the real round's figures, the
 * factor that scales budget and crowd together to fit the machine, the factor that compresses time, how people
 * behave, what the payment gateway does, and the server settings the replay expects.
 *
 * <p>Figures are the real round's; {@link #budgetKrw()}, {@link #people()} and {@link #admissionsPerSecond()} are
 * the scaled ones the replay uses. Times in the file ({@code *Seconds}) are already compressed: they are the times
 * the replay waits, on the server's real clock.
 */
public record Scenario(
        String name,
        String description,
        String programId,
        String programKind,
        String townCode,
        long realBudgetKrw,
        long perPersonCapKrw,
        int discountBasisPoints,
        long unitKrw,
        long monthlyLimitKrw,
        long realPeople,
        double scale,
        double compression,
        double realAdmissionsPerSecond,
        double preQueueShare,
        int preQueueLeadSeconds,
        ArrivalCurve arrivals,
        Behaviour behaviour,
        Gateway gateway,
        Map<String, String> serverProperties,
        int limitSeconds,
        long seed) {

    /** How the simulated people behave; shares are fractions of the crowd, times compressed seconds. */
    public record Behaviour(
            double wantedLessShare,
            long wantedLessMinKrw,
            long wantedLessMaxKrw,
            double abandonShare,
            double givesUpShare,
            double slowPayerShare,
            int payThinkMinSeconds,
            int payThinkMaxSeconds,
            int slowPayMinSeconds,
            int slowPayMaxSeconds,
            double declinedFirstShare,
            double retrySameKeyShare,
            double reLoginShare,
            double stepsAwayShare,
            int stepsAwayMinSeconds,
            int stepsAwayMaxSeconds) {

        public Behaviour {
            for (double share : new double[] {
                wantedLessShare,
                abandonShare,
                givesUpShare,
                slowPayerShare,
                declinedFirstShare,
                retrySameKeyShare,
                reLoginShare,
                stepsAwayShare
            }) {
                require(share >= 0 && share <= 1, "every share is between 0 and 1");
            }
            require(abandonShare + givesUpShare <= 1, "abandonShare + givesUpShare is at most 1");
            require(wantedLessMinKrw > 0 && wantedLessMaxKrw >= wantedLessMinKrw, "wantedLess range is wrong");
            require(payThinkMinSeconds >= 0 && payThinkMaxSeconds >= payThinkMinSeconds, "pay think range is wrong");
            require(slowPayMinSeconds >= 0 && slowPayMaxSeconds >= slowPayMinSeconds, "slow pay range is wrong");
            require(
                    stepsAwayMinSeconds >= 0 && stepsAwayMaxSeconds >= stepsAwayMinSeconds,
                    "steps-away range is wrong");
        }
    }

    /**
     * The sandbox gateway's behaviour (its admin API's names) and one outage window.
     *
     * @param outageStartSeconds seconds after opening the outage starts, or -1 for none
     */
    public record Gateway(
            String latencyMs,
            int declineBp,
            int errorBp,
            int timeoutBp,
            int timeoutDelayMs,
            int duplicateWebhookBp,
            int lateWebhookBp,
            int lateWebhookDelayMs,
            int outageStartSeconds,
            int outageLastsSeconds) {

        public Gateway {
            require(latencyMs != null && !latencyMs.isBlank(), "gateway.latencyMs is required");
            for (int bp : new int[] {declineBp, errorBp, timeoutBp, duplicateWebhookBp, lateWebhookBp}) {
                require(bp >= 0 && bp <= 10_000, "basis points are 0 to 10000");
            }
            require(timeoutDelayMs >= 0 && lateWebhookDelayMs >= 0, "delays are not negative");
            require(outageStartSeconds < 0 || outageLastsSeconds > 0, "an outage lasts at least a second");
        }

        /** The admin API's {@code PUT /admin/settings} body. */
        public Map<String, Object> settings() {
            Map<String, Object> settings = new LinkedHashMap<>();
            List<Integer> latency = new ArrayList<>();
            for (String part : latencyMs.split(",")) {
                latency.add(Integer.parseInt(part.trim()));
            }
            settings.put("latencyMs", latency);
            settings.put("declineBp", declineBp);
            settings.put("errorBp", errorBp);
            settings.put("timeoutBp", timeoutBp);
            settings.put("timeoutDelayMs", timeoutDelayMs);
            settings.put("duplicateWebhookBp", duplicateWebhookBp);
            settings.put("lateWebhookBp", lateWebhookBp);
            settings.put("lateWebhookDelayMs", lateWebhookDelayMs);
            return settings;
        }
    }

    /** The most people one replay drives: every one is a virtual thread and a few objects. */
    public static final long PEOPLE_MAX = 200_000;

    public Scenario {
        require(name != null && name.matches("[a-z0-9-]{1,40}"), "name is 1 to 40 of a-z 0-9 -");
        require(programId != null && programId.matches("[a-z0-9-]{1,40}"), "program.id is 1 to 40 of a-z 0-9 -");
        require(
                "REGIONAL".equals(programKind) || "NATIONAL".equals(programKind),
                "program.kind is REGIONAL or NATIONAL");
        require(unitKrw > 0, "round.unit must be positive");
        require(perPersonCapKrw >= unitKrw && perPersonCapKrw % unitKrw == 0, "round.perPersonCap is whole units");
        require(realBudgetKrw >= perPersonCapKrw, "round.budget covers at least one person's cap");
        require(discountBasisPoints >= 0 && discountBasisPoints < 10_000, "round.discountBasisPoints is 0 to 9999");
        require(monthlyLimitKrw >= 0, "program.monthlyPurchaseLimit is not negative (0 = the kind's default)");
        require(scale > 0 && scale <= 1, "scale is in (0, 1]");
        require(compression >= 1, "compression is at least 1");
        require(realPeople >= 1, "crowd.people is positive");
        require(realAdmissionsPerSecond >= 0, "operator.admissionsPerSecond is not negative");
        require(preQueueShare >= 0 && preQueueShare <= 1, "preQueue.share is between 0 and 1");
        require(preQueueLeadSeconds >= 1, "preQueue.leadSeconds is at least 1");
        require(arrivals != null && behaviour != null && gateway != null, "arrivals, behaviour and gateway are needed");
        require(limitSeconds >= 10, "run.limitSeconds is at least 10");
        serverProperties = Map.copyOf(serverProperties);
        long scaledPeople = Math.round(realPeople * scale);
        require(scaledPeople >= 1 && scaledPeople <= PEOPLE_MAX, "the scaled crowd is 1 to " + PEOPLE_MAX + " people");
        require(
                Math.floorDiv((long) (realBudgetKrw * scale), unitKrw) * unitKrw >= unitKrw,
                "the scaled budget is at least one unit");
    }

    /** The round's budget at this scale, whole units. */
    public long budgetKrw() {
        return Math.floorDiv((long) (realBudgetKrw * scale), unitKrw) * unitKrw;
    }

    /** The crowd at this scale. */
    public int people() {
        return (int) Math.round(realPeople * scale);
    }

    /**
     * The operator's admission rate cap at this scale and compression: the real round's people a second, times the
     * scale (fewer people) and the compression (less time); 0 when the scenario sets none.
     */
    public int admissionsPerSecond() {
        if (realAdmissionsPerSecond == 0) {
            return 0;
        }
        return (int) Math.max(1, Math.round(realAdmissionsPerSecond * scale * compression));
    }

    /** The same scenario at another scale. */
    public Scenario withScale(double newScale) {
        return new Scenario(
                name,
                description,
                programId,
                programKind,
                townCode,
                realBudgetKrw,
                perPersonCapKrw,
                discountBasisPoints,
                unitKrw,
                monthlyLimitKrw,
                realPeople,
                newScale,
                compression,
                realAdmissionsPerSecond,
                preQueueShare,
                preQueueLeadSeconds,
                arrivals,
                behaviour,
                gateway,
                serverProperties,
                limitSeconds,
                seed);
    }

    /** Reads a scenario file; a name without a path is looked for in {@code loadgen/scenarios} and {@code scenarios}. */
    public static Scenario load(String nameOrPath) throws IOException {
        Path path = Path.of(nameOrPath);
        if (!Files.isRegularFile(path)) {
            for (Path dir : List.of(Path.of("loadgen", "scenarios"), Path.of("scenarios"))) {
                Path candidate = dir.resolve(nameOrPath + ".properties");
                if (Files.isRegularFile(candidate)) {
                    path = candidate;
                    break;
                }
            }
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException("no scenario " + nameOrPath + " (a file, or a name in loadgen/scenarios)");
        }
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Properties properties = new Properties();
            properties.load(reader);
            return parse(properties);
        }
    }

    /** Builds a scenario from its properties; a missing required key or a bad value is an IllegalArgumentException. */
    public static Scenario parse(Properties p) {
        Map<String, String> server = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("server.")) {
                server.put(key.substring("server.".length()), p.getProperty(key).trim());
            }
        }
        Behaviour behaviour = new Behaviour(
                share(p, "behaviour.wantedLessShare", 0),
                number(p, "behaviour.wantedLessMinKrw", 10_000),
                number(p, "behaviour.wantedLessMaxKrw", 10_000),
                share(p, "behaviour.abandonShare", 0),
                share(p, "behaviour.givesUpShare", 0),
                share(p, "behaviour.slowPayerShare", 0),
                (int) number(p, "behaviour.payThinkMinSeconds", 1),
                (int) number(p, "behaviour.payThinkMaxSeconds", 3),
                (int) number(p, "behaviour.slowPayMinSeconds", 5),
                (int) number(p, "behaviour.slowPayMaxSeconds", 10),
                share(p, "behaviour.declinedFirstShare", 0),
                share(p, "behaviour.retrySameKeyShare", 0),
                share(p, "behaviour.reLoginShare", 0),
                share(p, "behaviour.stepsAwayShare", 0),
                (int) number(p, "behaviour.stepsAwayMinSeconds", 5),
                (int) number(p, "behaviour.stepsAwayMaxSeconds", 10));
        Gateway gateway = new Gateway(
                p.getProperty("gateway.latencyMs", "20,40,100,150,250").trim(),
                (int) number(p, "gateway.declineBp", 0),
                (int) number(p, "gateway.errorBp", 0),
                (int) number(p, "gateway.timeoutBp", 0),
                (int) number(p, "gateway.timeoutDelayMs", 5_000),
                (int) number(p, "gateway.duplicateWebhookBp", 0),
                (int) number(p, "gateway.lateWebhookBp", 0),
                (int) number(p, "gateway.lateWebhookDelayMs", 2_000),
                (int)
                        (p.getProperty("gateway.outage.startSeconds", "").isBlank()
                                ? -1
                                : number(p, "gateway.outage.startSeconds", 0)),
                (int) number(p, "gateway.outage.lastsSeconds", 0));
        return new Scenario(
                required(p, "name"),
                p.getProperty("description", "").trim(),
                required(p, "program.id"),
                programKind(p),
                townCode(p),
                number(p, "round.budget", -1),
                number(p, "round.perPersonCap", -1),
                (int) number(p, "round.discountBasisPoints", -1),
                number(p, "round.unit", 10_000),
                number(p, "program.monthlyPurchaseLimit", 0),
                number(p, "crowd.people", -1),
                decimal(p, "scale", 1),
                decimal(p, "compression", 1),
                decimal(p, "operator.admissionsPerSecond", 0),
                share(p, "preQueue.share", 0),
                (int) number(p, "preQueue.leadSeconds", 30),
                ArrivalCurve.parse(required(p, "arrivals.curve")),
                behaviour,
                gateway,
                server,
                (int) number(p, "run.limitSeconds", 600),
                number(p, "seed", 1));
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the scenario needs '" + key + "'");
        }
        return value.trim();
    }

    private static long number(Properties p, String key, long fallback) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            if (fallback < 0) {
                throw new IllegalArgumentException("the scenario needs '" + key + "'");
            }
            return fallback;
        }
        try {
            return Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' is a whole number, was '" + value.trim() + "'", e);
        }
    }

    private static double decimal(Properties p, String key, double fallback) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' is a number, was '" + value.trim() + "'", e);
        }
    }

    private static double share(Properties p, String key, double fallback) {
        double share = decimal(p, key, fallback);
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("'" + key + "' is a share between 0 and 1, was " + share);
        }
        return share;
    }

    private static String programKind(Properties p) {
        String kind = p.getProperty("program.kind", "REGIONAL").trim().toUpperCase(Locale.ROOT);
        require(
                kind.equals("REGIONAL") || kind.equals("NATIONAL"),
                "'program.kind' is REGIONAL or NATIONAL, was '" + kind + "'");
        return kind;
    }

    /** A regional program's town (Seoul's unless given); a national program has none, and saying one is a mistake. */
    private static String townCode(Properties p) {
        String town = p.getProperty("program.townCode", "").trim();
        if (programKind(p).equals("NATIONAL")) {
            require(town.isEmpty(), "'program.townCode' is for regional programs; a national program has no town");
            return "";
        }
        return town.isEmpty() ? "11000" : town;
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
