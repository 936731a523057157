package io.k6t.net.it.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.k6t.net.launcher.netlink.Link;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Link dumps span many datagrams; while another handle keeps creating and deleting a link, the
 * kernel marks dumps it had to resume across the change ({@code NLM_F_DUMP_INTR}). The handle must
 * repeat those dumps (seen in its debug log) and every dump it returns must be the exact,
 * duplicate-free set of stable links.
 */
class NetlinkDumpConsistencyIT {
    private static final int PAIRS = 80;

    private PodFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = PodFixture.create();
        for (int i = 0; i < PAIRS; i++) {
            fixture.netlink().addVeth("a" + i, "b" + i);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private static long repeated(ListAppender<ILoggingEvent> events) {
        synchronized (events.list) {
            return events.list.stream().filter(e -> e.getFormattedMessage().contains("dump interrupted")).count();
        }
    }

    @Test
    void dumpsDuringConcurrentLinkChangesAreComplete() throws Exception {
        Set<String> stable = new HashSet<>(fixture.ip().linkNames());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger flaps = new AtomicInteger();
        CompletableFuture<Void> flapper = CompletableFuture.runAsync(() -> {
            try (NetlinkHandle other = fixture.pod().run(NetlinkHandle::open)) {
                while (running.get()) {
                    other.addVeth("flap0", "flap1");
                    other.deleteLink("flap0");
                    flaps.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // The netlink package logs repeated dumps from its shared request loop, not from the handle.
        Logger log = (Logger) LoggerFactory.getLogger(NetlinkHandle.class.getPackageName());
        Level level = log.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        log.setLevel(Level.DEBUG);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int dump = 0;
            while (dump < 60 || repeated(events) < 3) {
                assertThat(System.nanoTime() - deadline).as("3 repeated dumps within 60 s, saw %d in %d dumps",
                        repeated(events), dump).isNegative();
                List<String> names = fixture.netlink().links().stream().map(Link::name)
                        .filter(name -> !name.startsWith("flap")).toList();
                assertThat(names).as("dump %d", dump).doesNotHaveDuplicates();
                assertThat(new HashSet<>(names)).as("dump %d", dump).isEqualTo(stable);
                dump++;
            }
        } finally {
            log.setLevel(level);
            log.detachAppender(events);
            running.set(false);
            flapper.get(30, TimeUnit.SECONDS);
        }
        assertThat(stable).hasSize(2 * PAIRS + 1);
        assertThat(flaps.get()).as("the flapper ran during the dumps").isPositive();
    }
}
