package io.k6t.net.dhcp.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.os.Errno;
import io.netty.channel.ChannelException;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A socket failure's errno comes from its number; the C library's text, which the locale translates, never counts. */
class EpollSocketsTest {

    @BeforeAll
    static void loadNettysNativeLibrary() {
        // Netty's Errors class reads the errno constants from its native library, which epoll loads.
        Epoll.ensureAvailability();
    }

    @Test
    void errnoIsTheNumberNettyCarries() {
        ChannelException failure = new ChannelException("bind", Errors.newIOException("bind(..)",
                -Errno.EADDRINUSE.number()));

        assertThat(EpollSockets.errno(failure)).isEqualTo(Errno.EADDRINUSE.number());
    }

    @Test
    void strerrorTextInAnyLanguageGivesNoErrno() {
        assertThat(EpollSockets.errno(new ChannelException(new IOException("setsockopt() failed: No such device"))))
                .isZero();
        assertThat(EpollSockets.errno(new ChannelException(new IOException(
                "setsockopt() failed: Kein passendes Gerät gefunden")))).isZero();
    }
}
