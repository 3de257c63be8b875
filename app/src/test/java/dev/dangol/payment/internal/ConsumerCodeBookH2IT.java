package dev.dangol.payment.internal;

/** The consumer-code rules on H2 in PostgreSQL mode, the embedded default. */
class ConsumerCodeBookH2IT extends ConsumerCodeBookContract {

    private static final String OPTIONS =
            ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
    private String url;

    @Override
    String url(String name) {
        url = "jdbc:h2:mem:" + name + OPTIONS;
        return url;
    }

    @Override
    String user() {
        return "sa";
    }

    @Override
    String schema(String name) {
        return null;
    }

    @Override
    String dropStatement(String name) {
        return "shutdown";
    }

    @Override
    String serverUrl() {
        return url;
    }
}
