package dev.vpsguard.server.ingest;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:counting:<url>} that delegates to the driver of {@code jdbc:<url>}
 * and counts, per thread name prefix, the round trips its connections make: each statement executed
 * (a JDBC batch is one) and each commit. For tests that bound how many statements a request costs,
 * whatever the database.
 */
public final class CountingDriver implements Driver {
    static final String PREFIX = "jdbc:counting:";
    private static final Set<String> ROUND_TRIPS =
            Set.of(
                    "execute",
                    "executeQuery",
                    "executeUpdate",
                    "executeBatch",
                    "executeLargeUpdate",
                    "executeLargeBatch",
                    "commit");
    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    static {
        try {
            DriverManager.registerDriver(new CountingDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Round trips made so far by threads whose name starts with {@code threadPrefix}. */
    static long count(String threadPrefix) {
        return COUNTS.entrySet().stream()
                .filter(e -> e.getKey().startsWith(threadPrefix))
                .mapToLong(e -> e.getValue().get())
                .sum();
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real =
                DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
        return (Connection) counting(real, Connection.class);
    }

    private static Object counting(Object real, Class<?> type) {
        InvocationHandler h =
                (proxy, method, args) -> {
                    if (ROUND_TRIPS.contains(method.getName())) {
                        COUNTS.computeIfAbsent(
                                        Thread.currentThread().getName().replaceAll("\\d+$", ""),
                                        k -> new AtomicLong())
                                .incrementAndGet();
                    }
                    Object out;
                    try {
                        out = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    Class<?> r = method.getReturnType();
                    if (out != null
                            && r.isInterface()
                            && java.sql.Statement.class.isAssignableFrom(r)) {
                        return counting(out, r);
                    }
                    return out;
                };
        return Proxy.newProxyInstance(
                CountingDriver.class.getClassLoader(), new Class<?>[] {type}, h);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("counting");
    }
}
