package dev.dangol.payment.internal;

import dev.dangol.testing.FreshDatabases;

/** The consumer-code rules on PostgreSQL, in a schema of its own, as several nodes share it. */
class ConsumerCodeBookPostgresIT extends ConsumerCodeBookContract {

    @Override
    String url(String name) {
        String server = serverUrl();
        return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    @Override
    String user() {
        return "postgres";
    }

    @Override
    String schema(String name) {
        return name;
    }

    @Override
    String dropStatement(String name) {
        return "drop schema if exists " + name + " cascade";
    }

    @Override
    String serverUrl() {
        return System.getProperty(FreshDatabases.POSTGRES_URL_PROPERTY, FreshDatabases.POSTGRES_URL);
    }
}
