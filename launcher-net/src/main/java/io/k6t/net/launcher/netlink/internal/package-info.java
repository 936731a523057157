/**
 * The rtnetlink wire codec: pure encoders and decoders over byte arrays and {@code ByteBuffer}s,
 * no sockets and no JNA, tested with golden bytes captured from iproute2. Not API. Everything is
 * non-null unless documented otherwise.
 */
package io.k6t.net.launcher.netlink.internal;
