/**
 * IPv6 router advertisements on a served bridge (RFC 4861, RFC 8106): the message
 * ({@link io.k6t.net.launcher.ra.RouterAdvertisement}, a pure encoder) and the sender
 * ({@link io.k6t.net.launcher.ra.RouterAdvertiser}, a raw ICMPv6 socket bound to the bridge that answers
 * router solicitations and advertises periodically).
 *
 * <p>Nullness: every parameter and return value in this package is non-null unless its Javadoc says
 * otherwise.
 */
package io.k6t.net.launcher.ra;
