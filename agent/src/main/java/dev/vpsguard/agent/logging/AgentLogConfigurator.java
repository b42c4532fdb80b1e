package dev.vpsguard.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The agent's logging, set up in code: reading a {@code logback.xml} loads an XML parser and
 * logback's configuration model, about 600 classes (a tenth of what the agent loads) for three
 * settings. Lines stay short, as systemd's journal adds the time and the unit. An operator's own
 * file ({@code -Dlogback.configurationFile=...}), or a {@code logback-test.xml} or {@code
 * logback.xml} on the class path (the agent ships neither; a program embedding the agent's classes,
 * such as the server's tests, has its own), still wins: then this configurator steps aside.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class AgentLogConfigurator extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%-5level %logger{0}: %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || getClass().getClassLoader().getResource("logback-test.xml") != null
                || getClass().getClassLoader().getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        context.getLogger("io.netty").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
