package io.k6t.net.launcher.config;

/** Owner of the tap device ({@code TUNSETOWNER}/{@code TUNSETGROUP}): the user QEMU runs as. */
public record TapOwner(int uid, int gid) {
    public TapOwner {
        if (uid < 0) {
            throw new IllegalArgumentException("uid: " + uid + " (expected: >= 0)");
        }
        if (gid < 0) {
            throw new IllegalArgumentException("gid: " + gid + " (expected: >= 0)");
        }
    }
}
