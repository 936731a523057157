package io.k6t.net.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.cli.internal.dhcp.Decisions;
import io.k6t.net.dhcp.server.Decision;
import io.k6t.net.dhcp.server.DropReason;
import io.k6t.net.dhcp.server.Transaction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** dhcp serve's transaction lines: built in batches, in order, none lost at exit. */
class DhcpServeLinesTest {
    private final StringWriter written = new StringWriter();
    private final DhcpServeCommand.Lines lines = new DhcpServeCommand.Lines(new PrintWriter(written));

    private static Transaction transaction(int n) {
        return new Transaction("k6t-eth0", new InetSocketAddress("10.0.0." + n, 68),
                new InetSocketAddress("255.255.255.255", 67), Optional.empty(),
                new Decision.Drop(DropReason.MALFORMED, "datagram " + n));
    }

    private static String expected(List<Transaction> transactions) {
        StringBuilder text = new StringBuilder();
        for (Transaction t : transactions) {
            text.append(Decisions.line(t)).append(System.lineSeparator());
        }
        return text.toString();
    }

    @Test
    void linesWaitUntilDrainedThenComeOutInOrder() {
        List<Transaction> sent = List.of(transaction(1), transaction(2), transaction(3));
        sent.forEach(lines::onTransaction);

        assertThat(written.toString()).isEmpty();
        lines.drain();
        assertThat(written.toString()).isEqualTo(expected(sent));
        lines.drain();
        assertThat(written.toString()).as("each line once").isEqualTo(expected(sent));
    }

    @Test
    void oneTransactionMoreThanCanWaitWritesTheWaitingOnes() {
        List<Transaction> sent = new ArrayList<>();
        for (int i = 0; i < DhcpServeCommand.Lines.PENDING; i++) {
            sent.add(transaction(i % 250 + 1));
            lines.onTransaction(sent.get(i));
        }
        assertThat(written.toString()).isEmpty();

        Transaction next = transaction(251 % 250 + 1);
        lines.onTransaction(next);

        assertThat(written.toString()).isEqualTo(expected(sent));
        lines.drain();
        sent.add(next);
        assertThat(written.toString()).isEqualTo(expected(sent));
    }

    @Test
    void aLinePrintedAtOnceComesAfterTheWaitingOnes() {
        Transaction t = transaction(7);
        lines.onTransaction(t);

        lines.printNow("k6t-eth0  SOLICIT");

        assertThat(written.toString()).isEqualTo(expected(List.of(t)) + "k6t-eth0  SOLICIT" + System.lineSeparator());
    }
}
