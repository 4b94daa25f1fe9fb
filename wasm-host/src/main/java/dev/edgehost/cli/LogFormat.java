package dev.edgehost.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.lang.reflect.Method;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * How {@code serve} writes its log to stdout: {@code json}, one JSON object per line
 * ({@link JsonLineEncoder}), or {@code text} for people. Without {@code --log-format}: text on a
 * terminal, JSON otherwise (a container, a service manager, a pipe).
 */
enum LogFormat {
    JSON,
    TEXT;

    /** The configuration the jar logs with (in text) unless the user gives logback one of their own. */
    static final String CONFIGURATION = "edge-host-logback.xml";
    private static final String JSON_CONFIGURATION = "edge-host-logback-json.xml";
    private static final String CONFIGURATION_PROPERTY = "logback.configurationFile";

    /** Text on a terminal, else JSON. */
    static LogFormat detect() {
        return onTerminal() ? TEXT : JSON;
    }

    /** Whether standard output is a terminal a person reads. */
    static boolean onTerminal() {
        Object console = System.console();
        if (console == null) {
            return false;
        }
        // From JDK 22 on there is a console even when output is redirected; isTerminal() tells.
        try {
            Method isTerminal = console.getClass().getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /**
     * Configures logging in this format, unless the user chose a logback configuration of their
     * own ({@code -Dlogback.configurationFile}). Logback starts in text, so only JSON reconfigures.
     */
    void apply() {
        if (this == TEXT || !CONFIGURATION.equals(System.getProperty(CONFIGURATION_PROPERTY))) {
            return;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext)) {
            return;
        }
        LoggerContext context = (LoggerContext) factory;
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(LogFormat.class.getResource("/" + JSON_CONFIGURATION));
        } catch (JoranException e) {
            throw new IllegalStateException("the bundled logging configuration does not load", e);
        }
    }
}
