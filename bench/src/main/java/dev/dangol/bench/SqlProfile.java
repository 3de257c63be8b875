package dev.dangol.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts and times every JDBC call the application makes (borrowing a connection, each statement execution, commit
 * and rollback), split by whether the ledger's writer thread or some other thread made it. Installed with
 * {@code --sql-profile} as a bean post-processor that wraps the {@link DataSource}; the proxies cost a few
 * microseconds a call, so leave it off for headline figures.
 */
final class SqlProfile implements BeanPostProcessor {

    private static final String WRITER = "ledger-writer";

    private record Key(String thread, String call) {}

    private static final class Figures {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final LongAdder batchRows = new LongAdder();
    }

    private final Map<Key, Figures> figures = new ConcurrentHashMap<>();
    private static final Map<String, String> SHAPES = new ConcurrentHashMap<>();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())) {
            return proxy(DataSource.class, dataSource, this::dataSourceCall);
        }
        return bean;
    }

    Map<String, long[]> snapshot() {
        Map<String, long[]> copy = new ConcurrentHashMap<>();
        figures.forEach((key, f) ->
                copy.put(key.thread + "\t" + key.call, new long[] {f.count.sum(), f.nanos.sum(), f.batchRows.sum()}));
        return copy;
    }

    /** Lines describing what happened between two snapshots, per purchase and as a share of the wall time. */
    static List<String> report(Map<String, long[]> before, Map<String, long[]> after, long purchases, double seconds) {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[3]);
            long[] d = {e.getValue()[0] - b[0], e.getValue()[1] - b[1], e.getValue()[2] - b[2]};
            if (d[0] > 0) {
                rows.add(Map.entry(e.getKey(), d));
            }
        }
        rows.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "%-7s %9s %9s %10s %8s  %s",
                "thread",
                "calls/p",
                "rows/call",
                "avg us",
                "wall %",
                "call"));
        for (Map.Entry<String, long[]> row : rows) {
            String[] parts = row.getKey().split("\t", 2);
            long[] d = row.getValue();
            lines.add(String.format(
                    Locale.ROOT,
                    "%-7s %9.2f %9s %10.0f %7.0f%%  %s",
                    parts[0],
                    d[0] / (double) Math.max(1, purchases),
                    d[2] == 0 ? "" : String.format(Locale.ROOT, "%.1f", d[2] / (double) d[0]),
                    d[1] / 1e3 / d[0],
                    d[1] / (seconds * 1e9) * 100,
                    parts[1]));
        }
        return lines;
    }

    private void record(String call, long nanos, int batchRows) {
        String thread = Thread.currentThread().getName().startsWith(WRITER) ? "writer" : "caller";
        Figures f = figures.computeIfAbsent(new Key(thread, call), k -> new Figures());
        f.count.increment();
        f.nanos.add(nanos);
        f.batchRows.add(batchRows);
    }

    private Object dataSourceCall(Object target, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("getConnection")) {
            long started = System.nanoTime();
            Connection connection = (Connection) invoke(target, method, args);
            record("getConnection (pool)", System.nanoTime() - started, 0);
            return proxy(Connection.class, connection, this::connectionCall);
        }
        return invoke(target, method, args);
    }

    private Object connectionCall(Object target, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "prepareStatement" -> {
                PreparedStatement statement = (PreparedStatement) invoke(target, method, args);
                String sql = shorten((String) args[0]);
                return proxy(PreparedStatement.class, statement, (t, m, a) -> statementCall(sql, t, m, a));
            }
            case "createStatement" -> {
                Statement statement = (Statement) invoke(target, method, args);
                return proxy(Statement.class, statement, (t, m, a) -> statementCall(null, t, m, a));
            }
            case "commit", "rollback" -> {
                long started = System.nanoTime();
                Object result = invoke(target, method, args);
                record(method.getName(), System.nanoTime() - started, 0);
                return result;
            }
            default -> {
                return invoke(target, method, args);
            }
        }
    }

    private Object statementCall(String sql, Object target, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (!name.startsWith("execute")) {
            return invoke(target, method, args);
        }
        String text = sql != null ? sql : args != null && args.length > 0 ? shorten((String) args[0]) : "?";
        long started = System.nanoTime();
        Object result = invoke(target, method, args);
        long nanos = System.nanoTime() - started;
        int rows = result instanceof int[] counts ? counts.length : 0;
        record(name.equals("executeBatch") ? "batch: " + text : text, nanos, rows);
        return result;
    }

    /** The statement's shape: its first words, columns elided, so that one kind of statement is one line. */
    private static String shorten(String sql) {
        return SHAPES.computeIfAbsent(sql, SqlProfile::shape);
    }

    private static String shape(String sql) {
        String s = sql.replaceAll("\\s+", " ").trim();
        s = s.replaceAll("(?i)^select .*? from ", "select ... from ");
        s = s.replaceAll("(?i)^insert into (\\w+) \\(.*$", "insert into $1");
        s = s.replaceAll("\\?(, \\?)+", "?..");
        return s.length() > 90 ? s.substring(0, 90) + "..." : s;
    }

    @FunctionalInterface
    private interface Handler {
        Object call(Object target, Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Handler handler) {
        InvocationHandler invocation = (p, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> p == args[0];
                    case "hashCode" -> System.identityHashCode(p);
                    default -> invoke(target, method, args);
                };
            }
            if (method.getName().equals("unwrap") && args[0] instanceof Class<?> wanted && wanted.isInstance(target)) {
                return target;
            }
            return handler.call(target, method, args);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, invocation));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
