/**
 * Read-only discovery of a pod's network: links with addresses and routes
 * ({@link io.k6t.net.launcher.discovery.PodDiscovery}) and the resolver configuration
 * ({@link io.k6t.net.launcher.discovery.ResolvConf}). Everything is non-null unless documented
 * otherwise.
 */
package io.k6t.net.launcher.discovery;
