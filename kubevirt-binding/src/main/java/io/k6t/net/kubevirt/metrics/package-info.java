/**
 * The sidecar's Prometheus metrics: {@link io.k6t.net.kubevirt.metrics.SidecarMetrics} counts what
 * the DHCP server does per interface, {@link io.k6t.net.kubevirt.metrics.MetricsServer} serves the
 * text exposition on TCP and on a Unix socket. Non-null unless documented otherwise.
 */
package io.k6t.net.kubevirt.metrics;
