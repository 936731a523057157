/**
 * The bridge binding: {@link io.k6t.net.launcher.binding.BridgeBinding#plan plan} (discovery and the
 * exact steps, changing nothing), {@link io.k6t.net.launcher.binding.BridgeBinding#apply apply}
 * (idempotent steps, rolled back in reverse on failure, resumable after a crash) and
 * {@link io.k6t.net.launcher.binding.BridgeBinding#teardown teardown}. Everything here is non-null
 * unless documented otherwise; absent values are {@link java.util.Optional}.
 */
package io.k6t.net.launcher.binding;
