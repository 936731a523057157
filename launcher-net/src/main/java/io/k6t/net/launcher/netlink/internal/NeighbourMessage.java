package io.k6t.net.launcher.netlink.internal;

import java.nio.ByteBuffer;

/** A decoded {@code RTM_NEWNEIGH}: {@code struct ndmsg} and its attributes. */
public record NeighbourMessage(int family, int index, int state, int flags, int type, Attributes attributes) {

    public static NeighbourMessage decode(NetlinkMessage message) {
        ByteBuffer body = message.body();
        if (body.limit() < Rtnl.NDMSG_LEN) {
            throw new MalformedMessageException("ndmsg of " + body.limit() + " bytes", Rtnl.NLMSG_HDRLEN);
        }
        return new NeighbourMessage(Byte.toUnsignedInt(body.get(0)), body.getInt(4),
                Short.toUnsignedInt(body.getShort(8)), Byte.toUnsignedInt(body.get(10)),
                Byte.toUnsignedInt(body.get(11)), Attributes.decode(message.bodyFrom(Rtnl.NDMSG_LEN)));
    }
}
