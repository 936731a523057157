package io.k6t.net.launcher.netlink.internal;

import java.nio.ByteBuffer;

/** A decoded {@code RTM_NEWLINK}: {@code struct ifinfomsg} and its attributes. */
public record LinkMessage(int family, int deviceType, int index, int flags, Attributes attributes) {

    public static LinkMessage decode(NetlinkMessage message) {
        ByteBuffer body = message.body();
        if (body.limit() < Rtnl.IFINFOMSG_LEN) {
            throw new MalformedMessageException("ifinfomsg of " + body.limit() + " bytes", Rtnl.NLMSG_HDRLEN);
        }
        return new LinkMessage(Byte.toUnsignedInt(body.get(0)), Short.toUnsignedInt(body.getShort(2)),
                body.getInt(4), body.getInt(8), Attributes.decode(message.bodyFrom(Rtnl.IFINFOMSG_LEN)));
    }
}
