/** The serving process's observations: kept in memory, published to {@code status.json} in the state directory. */
package io.k6t.net.launcher.status.internal;
