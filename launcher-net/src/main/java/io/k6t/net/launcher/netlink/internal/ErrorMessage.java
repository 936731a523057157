package io.k6t.net.launcher.netlink.internal;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An {@code NLMSG_ERROR} (an ACK when {@code errno} is 0) or the status of an {@code NLMSG_DONE},
 * with the extended-ACK message and offset when the kernel sent them.
 *
 * @param errno positive errno, 0 for success
 * @param extAckMessage {@code NLMSGERR_ATTR_MSG}
 * @param extAckOffset {@code NLMSGERR_ATTR_OFFS}: offset of the offending attribute in the request
 */
public record ErrorMessage(int errno, Optional<String> extAckMessage, OptionalInt extAckOffset) {

    /** Decodes the body of an {@code NLMSG_ERROR}: error, the echoed request (maybe capped), TLVs. */
    public static ErrorMessage decodeError(NetlinkMessage message) {
        ByteBuffer body = message.body();
        if (body.remaining() < 4 + Rtnl.NLMSG_HDRLEN) {
            throw new MalformedMessageException("NLMSG_ERROR body of " + body.remaining() + " bytes", 0);
        }
        int error = body.getInt(0);
        if (error > 0) {
            // The kernel writes -errno (or 0); a positive value only comes from a corrupt reply.
            throw new MalformedMessageException("NLMSG_ERROR error " + error
                    + " (expected: 0 or a negative errno)", 0);
        }
        int echoed = Rtnl.NLMSG_HDRLEN;
        if ((message.flags() & Rtnl.NLM_F_CAPPED) == 0) {
            echoed = Rtnl.align(body.getInt(4));
        }
        return withAck(-error, message, 4 + echoed);
    }

    /** Decodes the body of an {@code NLMSG_DONE}: an optional error, then TLVs. */
    public static ErrorMessage decodeDone(NetlinkMessage message) {
        if (message.body().remaining() < 4) {
            return new ErrorMessage(0, Optional.empty(), OptionalInt.empty());
        }
        int status = message.body().getInt(0);
        if (status > 0) {
            throw new MalformedMessageException("NLMSG_DONE status " + status
                    + " (expected: 0 or a negative errno)", 0);
        }
        return withAck(-status, message, 4);
    }

    private static ErrorMessage withAck(int errno, NetlinkMessage message, int tlvOffset) {
        if ((message.flags() & Rtnl.NLM_F_ACK_TLVS) == 0 || tlvOffset >= message.body().limit()) {
            return new ErrorMessage(errno, Optional.empty(), OptionalInt.empty());
        }
        Attributes tlvs = Attributes.decode(message.bodyFrom(tlvOffset));
        return new ErrorMessage(errno, tlvs.string(Rtnl.NLMSGERR_ATTR_MSG), tlvs.u32(Rtnl.NLMSGERR_ATTR_OFFS));
    }
}
