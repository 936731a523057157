package io.k6t.net.launcher.netlink.internal;

import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.LinkNotFoundException;
import java.nio.ByteBuffer;

/** Moves datagrams to and from the kernel; a socket in production, a script in tests. */
public interface Transport extends AutoCloseable {

    /** Sends one request datagram. */
    void send(String operation, byte[] message) throws NetlinkException;

    /** Blocks for the next datagram; the buffer is valid until the next call. */
    ByteBuffer receive(String operation) throws NetlinkException;

    /** The index of the link named {@code name}; {@link LinkNotFoundException} if there is none. */
    int linkIndex(String operation, String name) throws NetlinkException;

    @Override
    void close() throws NetlinkException;
}
