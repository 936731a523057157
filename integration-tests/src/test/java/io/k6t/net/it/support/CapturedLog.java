package io.k6t.net.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.LoggerFactory;

/** The lines one logger (and its children) writes while open, captured by a test appender. */
public final class CapturedLog implements AutoCloseable {
    /** The DHCP server's logger of one line per transaction. */
    public static final String DHCP_TRANSACTIONS = "io.k6t.net.dhcp.server.transactions";
    /** The DHCPv6 server's loggers: a line per answer ({@code k6t-eth0: RENEW from /fe80:...:546 -> REPLY}). */
    public static final String DHCP6 = "io.k6t.net.dhcp.v6.server";

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(String name) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
        appender.setName("k6t-it-capture");
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts capturing what {@code loggerName} logs. */
    public static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName);
    }

    /** The formatted messages so far, prefixed with their level ({@code INFO k6t-eth0 xid=...}). */
    public List<String> lines() {
        return events().stream().map(Line::text).toList();
    }

    /** The messages so far with the time each was logged. */
    public List<Line> events() {
        // AppenderBase.doAppend holds the appender's lock while it adds to the list.
        synchronized (appender) {
            return appender.list.stream()
                    .map(e -> new Line(e.getTimeStamp(), e.getLevel() + " " + e.getFormattedMessage())).toList();
        }
    }

    /**
     * Milliseconds from the first line containing {@code first} to the last containing {@code last};
     * empty when either is missing.
     */
    public OptionalLong span(String first, String last) {
        List<Line> events = events();
        OptionalLong from = events.stream().filter(l -> l.text().contains(first)).mapToLong(Line::epochMillis)
                .findFirst();
        OptionalLong to = events.stream().filter(l -> l.text().contains(last)).mapToLong(Line::epochMillis)
                .reduce((a, b) -> b);
        return from.isPresent() && to.isPresent() ? OptionalLong.of(to.getAsLong() - from.getAsLong())
                : OptionalLong.empty();
    }

    /** How many lines were captured so far: a mark for {@link #linesSince}. */
    public int mark() {
        synchronized (appender) {
            return appender.list.size();
        }
    }

    /** The lines captured after {@code mark}. */
    public List<String> linesSince(int mark) {
        List<String> lines = lines();
        return lines.subList(Math.min(mark, lines.size()), lines.size());
    }

    /**
     * Waits (up to {@code timeout}) for the DHCP server's line of the first REQUEST extending the lease
     * of {@code mac} logged after {@code mark} (renewing or rebinding; a late resend of the selecting
     * REQUEST is neither), then asserts that it was RENEWING, sent to {@code server}:67 (a unicast
     * datagram: a broadcast rebinding would hide a broken unicast path) and ACKed with {@code address},
     * and that every later one was ACKed too (a client starved under load may give up waiting and
     * rebind after its unicast renewal reached the server). Returns the lines of those REQUESTs.
     */
    public List<String> assertRenewedByUnicast(int mark, Duration timeout, String mac, String server,
            String address) {
        String request = " mac=" + mac + " REQUEST ";
        List<String> extending = Poll.until(timeout, "the server's line of a renewing or rebinding REQUEST from "
                + mac + " after line " + mark + ", have " + linesSince(mark), () -> {
                    List<String> since = linesSince(mark).stream().filter(l -> l.contains(request + "RENEWING ")
                            || l.contains(request + "REBINDING ")).toList();
                    return since.isEmpty() ? Optional.empty() : Optional.of(since);
                });
        assertThat(extending.get(0)).as("the first REQUEST extending the lease of %s, as the server logged it",
                mac).contains(request + "RENEWING to " + server + ":67 -> ACK " + address + " to " + address + ":68");
        assertThat(extending).as("the REQUESTs extending the lease of %s", mac)
                .allSatisfy(line -> assertThat(line).contains(" -> ACK " + address + " to " + address + ":68"));
        return extending;
    }

    /** One captured message: when it was logged, its level and text. */
    public record Line(long epochMillis, String text) {
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
