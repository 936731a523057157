package io.k6t.net.launcher.netlink.internal;

import java.nio.ByteBuffer;

/** A decoded {@code RTM_NEWADDR}: {@code struct ifaddrmsg} and its attributes. */
public record AddressMessage(int family, int prefixLength, int flags, int scope, int index, Attributes attributes) {

    public static AddressMessage decode(NetlinkMessage message) {
        ByteBuffer body = message.body();
        if (body.limit() < Rtnl.IFADDRMSG_LEN) {
            throw new MalformedMessageException("ifaddrmsg of " + body.limit() + " bytes", Rtnl.NLMSG_HDRLEN);
        }
        return new AddressMessage(Byte.toUnsignedInt(body.get(0)), Byte.toUnsignedInt(body.get(1)),
                Byte.toUnsignedInt(body.get(2)), Byte.toUnsignedInt(body.get(3)), body.getInt(4),
                Attributes.decode(message.bodyFrom(Rtnl.IFADDRMSG_LEN)));
    }
}
