package dev.vpsguard.fleet.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load test's command line: {@code --key value} pairs, every one optional.
 *
 * @param hosts simulated hosts (2000)
 * @param guests guests per host (50)
 * @param interval report interval (5 s)
 * @param duration measured time after the warm-up (180 s)
 * @param warmUp time before measuring (30 s): JIT, caches, first reports of each instance
 * @param seed the fleet's seed (1)
 * @param databases h2, postgres or both (both)
 * @param serverJar the server's built jar (server/target/vpsguard-server.jar)
 * @param heap the server's heap, -Xms and -Xmx (1g)
 * @param senders simulator threads that send (64)
 * @param jfrDir when set, the server runs with a JFR recording (settings=profile) left there
 * @param limitSeconds measured seconds of each decoding loop of the limit (10)
 */
record LoadOptions(
        int hosts,
        int guests,
        Duration interval,
        Duration duration,
        Duration warmUp,
        long seed,
        List<String> databases,
        Path serverJar,
        String heap,
        int senders,
        Path jfrDir,
        int limitSeconds) {
    static final String USAGE =
            "usage: java -jar fleet/target/vpsguard-fleet.jar [--hosts 2000] [--guests 50]"
                    + " [--interval-ms 5000] [--duration-s 180] [--warmup-s 30] [--seed 1]"
                    + " [--db h2|postgres|both] [--server-jar server/target/vpsguard-server.jar]"
                    + " [--heap 1g] [--senders 64] [--jfr DIR] [--limit-s 10]";

    static LoadOptions parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "expected --key value at '" + args[i] + "'; " + USAGE);
            }
            m.put(args[i].substring(2), args[++i]);
        }
        String db = m.getOrDefault("db", "both");
        List<String> dbs =
                switch (db) {
                    case "both" -> List.of("h2", "postgres");
                    case "h2", "postgres" -> List.of(db);
                    default ->
                            throw new IllegalArgumentException(
                                    "--db must be h2, postgres or both, was " + db);
                };
        LoadOptions o =
                new LoadOptions(
                        integer(m, "hosts", 2000),
                        integer(m, "guests", 50),
                        Duration.ofMillis(integer(m, "interval-ms", 5000)),
                        Duration.ofSeconds(integer(m, "duration-s", 180)),
                        Duration.ofSeconds(integer(m, "warmup-s", 30)),
                        integer(m, "seed", 1),
                        dbs,
                        Path.of(m.getOrDefault("server-jar", "server/target/vpsguard-server.jar")),
                        m.getOrDefault("heap", "1g"),
                        integer(m, "senders", 64),
                        m.containsKey("jfr") ? Path.of(m.get("jfr")) : null,
                        integer(m, "limit-s", 10));
        for (String k : m.keySet()) {
            if (!List.of(
                            "hosts",
                            "guests",
                            "interval-ms",
                            "duration-s",
                            "warmup-s",
                            "seed",
                            "db",
                            "server-jar",
                            "heap",
                            "senders",
                            "jfr",
                            "limit-s")
                    .contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k + "; " + USAGE);
            }
        }
        return o;
    }

    /** Report cycles of each host: warm-up and measured time together. */
    long cycles() {
        return (warmUp.toMillis() + duration.toMillis() + interval.toMillis() - 1)
                / interval.toMillis();
    }

    private static int integer(Map<String, String> m, String key, int dflt) {
        String v = m.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + key + " must be a whole number, was '" + v + "'");
        }
    }
}
