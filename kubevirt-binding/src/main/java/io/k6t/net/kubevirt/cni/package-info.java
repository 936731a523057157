/**
 * The binding CNI plugin: {@link io.k6t.net.kubevirt.cni.CniPlugin} runs one CNI command (ADD, CHECK,
 * DEL, STATUS, VERSION, GC; spec 0.4.0, 1.0.0, 1.1.0) from the runtime's environment variables and
 * the network configuration, and returns what goes to stdout and the exit code; the command's main
 * class prints it. {@link io.k6t.net.kubevirt.cni.CniDaemon} runs the same for requests that the
 * plugin's client forwards over a Unix socket ({@link io.k6t.net.kubevirt.cni.CniWire}), so a pod
 * start does not start a JVM. Errors are {@link io.k6t.net.kubevirt.cni.CniException}s with the
 * spec's codes. Everything here is non-null; absent values are {@link java.util.Optional}.
 */
package io.k6t.net.kubevirt.cni;
