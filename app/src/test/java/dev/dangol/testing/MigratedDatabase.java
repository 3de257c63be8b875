package dev.dangol.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database migrated by the application's own Flyway migrations, without a Spring context: for store contract tests
 * that need real SQL but not the application. An in-memory H2 database in PostgreSQL mode, or a schema of its own in
 * the local PostgreSQL; closing it throws it away.
 */
public final class MigratedDatabase implements AutoCloseable {

    private final SingleConnectionDataSource dataSource;
    private final Runnable drop;

    private MigratedDatabase(SingleConnectionDataSource dataSource, String schema, Runnable drop) {
        this.dataSource = dataSource;
        this.drop = drop;
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (schema != null) {
            flyway = flyway.schemas(schema).createSchemas(true);
        }
        flyway.load().migrate();
    }

    public static MigratedDatabase h2() {
        String url = "jdbc:h2:mem:store_" + name()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        return new MigratedDatabase(
                new SingleConnectionDataSource(url, "sa", "", true), null, () -> execute(url, "shutdown"));
    }

    public static MigratedDatabase postgres() {
        String server = System.getProperty(FreshDatabases.POSTGRES_URL_PROPERTY, FreshDatabases.POSTGRES_URL);
        String schema = "store_" + name();
        String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new MigratedDatabase(
                new SingleConnectionDataSource(url, "postgres", "", true),
                schema,
                () -> execute(server, "drop schema if exists " + schema + " cascade"));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    public TransactionTemplate transactions() {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public void close() {
        dataSource.destroy();
        drop.run();
    }

    private static String name() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private static void execute(String url, String sql) {
        try (Connection connection =
                        DriverManager.getConnection(url, url.startsWith("jdbc:h2") ? "sa" : "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not throw away the test database: " + sql, e);
        }
    }
}
