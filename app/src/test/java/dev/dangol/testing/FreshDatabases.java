package dev.dangol.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Makes the database of {@link FreshDatabase} for each context that asks for one, and drops it afterwards. */
public final class FreshDatabases implements ContextCustomizerFactory {

    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String POSTGRES_URL_PROPERTY = "dangol.test.postgres.url";
    private static final String POSTGRES_USER = "postgres";
    private static final String H2_OPTIONS =
            ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";

    private static final Logger LOG = LoggerFactory.getLogger(FreshDatabases.class);

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        FreshDatabase fresh = TestContextAnnotationUtils.findMergedAnnotation(testClass, FreshDatabase.class);
        return fresh == null ? null : new Customizer(fresh.value());
    }

    /**
     * Equal for equal engines, so that Spring's context cache works as usual; the database itself is made anew
     * each time a context is built.
     */
    private record Customizer(FreshDatabase.Engine engine) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            String name = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            Map<String, Object> properties;
            Runnable drop;
            switch (engine) {
                case H2 -> {
                    String url = "jdbc:h2:mem:" + name + H2_OPTIONS;
                    properties = Map.of(
                            "spring.datasource.url", url,
                            "spring.datasource.username", "sa",
                            "spring.datasource.password", "");
                    drop = () -> execute(url, "sa", "shutdown");
                }
                case POSTGRES -> {
                    String server = System.getProperty(POSTGRES_URL_PROPERTY, POSTGRES_URL);
                    properties = Map.of(
                            "spring.datasource.url",
                            server + (server.contains("?") ? "&" : "?") + "currentSchema=" + name
                                    + "&reWriteBatchedInserts=true",
                            "spring.datasource.username",
                            POSTGRES_USER,
                            "spring.datasource.password",
                            "",
                            "spring.flyway.schemas",
                            name,
                            "spring.flyway.create-schemas",
                            "true",
                            // A cached context keeps its pool while other test classes run: let idle connections go
                            // (Hikari keeps the whole pool open by default), so that the suite's many PostgreSQL
                            // contexts stay within the server's 100 connections.
                            "spring.datasource.hikari.minimum-idle",
                            "0",
                            "spring.datasource.hikari.idle-timeout",
                            "10000");
                    drop = () -> execute(server, POSTGRES_USER, "drop schema if exists " + name + " cascade");
                }
                default -> throw new IllegalStateException("unknown engine " + engine);
            }
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("fresh-database", properties));
            // Registered before any bean exists, so destroyed after all of them: the ledger's writer and the
            // connection pool are closed by the time the database goes.
            if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
                beans.registerDisposableBean("freshDatabaseDrop", drop::run);
            }
        }

        private static void execute(String url, String user, String sql) {
            try (Connection connection = DriverManager.getConnection(url, user, "");
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                LOG.warn("could not throw away the test database: {}", sql, e);
            }
        }
    }
}
