package dev.dangol.testing;

import dev.dangol.DangolApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Dangol server nodes in one test, as they run behind a load balancer: every node on the same fresh PostgreSQL schema,
 * with a waiting-room directory of its own, and a Redis key prefix of the test's own for whatever the test puts in
 * Redis. Closing stops the nodes still running, drops the schema and deletes the prefix's keys.
 */
public final class ServerNodes implements AutoCloseable {

    private final String schema =
            "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    private final String redisPrefix;
    private final Path queueDirectories;
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    /** @param name a word for the Redis prefix and the temporary directory, to tell tests apart when one leaks */
    public ServerNodes(String name) throws IOException {
        this.redisPrefix = "dangol:" + name + ":" + UUID.randomUUID() + ":";
        this.queueDirectories = Files.createTempDirectory("dangol-nodes-" + name);
    }

    public String redisPrefix() {
        return redisPrefix;
    }

    /**
     * Starts a node on the shared schema. The properties (as {@code --name=value}) come on the command line, so they
     * win over application.properties; they must not repeat the ones set here: the port (any free one), the address,
     * the database and the waiting room's directory.
     */
    public ConfigurableApplicationContext start(String... properties) {
        String db = FreshDatabases.POSTGRES_URL + "?currentSchema=" + schema + "&reWriteBatchedInserts=true";
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + db,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.flyway.schemas=" + schema,
                "--spring.flyway.create-schemas=true",
                "--dangol.queue.directory="
                        + queueDirectories.resolve(UUID.randomUUID().toString())));
        arguments.addAll(List.of(properties));
        ConfigurableApplicationContext node =
                new SpringApplicationBuilder(DangolApplication.class).run(arguments.toArray(String[]::new));
        started.add(node);
        return node;
    }

    /** The port a node's web server listens on. */
    public static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    @Override
    public void close() throws SQLException {
        for (ConfigurableApplicationContext node : started) {
            node.close();
        }
        started.clear();
        try (Connection c = DriverManager.getConnection(FreshDatabases.POSTGRES_URL, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        }
        TestRedisKeys.delete(redisPrefix);
    }
}
