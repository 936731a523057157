/**
 * What k6t-net learns about a guest's addresses on the interfaces it does not serve (pass-through:
 * the pod link has no IPv4, the guest's DHCP crosses the bridge to a server on the L2):
 * {@link io.k6t.net.launcher.learn.LearnedAddress} is the model, {@link io.k6t.net.launcher.learn.AddressLearner}
 * the pure rules that turn decoded DHCPv4, DHCPv6 and neighbour discovery messages into it; the
 * capture that feeds it lives in
 * {@code internal}. Non-null unless documented otherwise.
 */
package io.k6t.net.launcher.learn;
