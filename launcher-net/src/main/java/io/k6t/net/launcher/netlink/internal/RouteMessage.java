package io.k6t.net.launcher.netlink.internal;

import java.nio.ByteBuffer;

/**
 * A decoded {@code RTM_NEWROUTE}: {@code struct rtmsg} ({@code src_len} left out) and its attributes.
 * {@code table} is the 8-bit header field; {@code RTA_TABLE} (in {@code attributes}) holds tables above 255.
 */
public record RouteMessage(int family, int destinationLength, int tos, int table, int protocol, int scope, int type,
        int flags, Attributes attributes) {

    public static RouteMessage decode(NetlinkMessage message) {
        ByteBuffer body = message.body();
        if (body.limit() < Rtnl.RTMSG_LEN) {
            throw new MalformedMessageException("rtmsg of " + body.limit() + " bytes", Rtnl.NLMSG_HDRLEN);
        }
        Attributes attributes = Attributes.decode(message.bodyFrom(Rtnl.RTMSG_LEN));
        int table = attributes.u32(Rtnl.RTA_TABLE).orElse(Byte.toUnsignedInt(body.get(4)));
        return new RouteMessage(Byte.toUnsignedInt(body.get(0)), Byte.toUnsignedInt(body.get(1)),
                Byte.toUnsignedInt(body.get(3)), table, Byte.toUnsignedInt(body.get(5)),
                Byte.toUnsignedInt(body.get(6)), Byte.toUnsignedInt(body.get(7)), body.getInt(8), attributes);
    }
}
