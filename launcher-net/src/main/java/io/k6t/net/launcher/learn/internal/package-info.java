/** The capture that feeds the learners: an {@code AF_PACKET} socket on the uplink port of each pass-through bridge. */
package io.k6t.net.launcher.learn.internal;
