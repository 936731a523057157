package io.k6t.net.cli.internal.explain;

/**
 * One thing explain found on one interface.
 *
 * @param problem true for something wrong (the command then exits 1), false for a check that passed
 * @param podInterface the pod interface it is about ({@code eth0})
 * @param what what was found, in plain words
 * @param fix what to do about it; empty for passed checks
 */
public record Finding(boolean problem, String podInterface, String what, String fix) {
    static Finding ok(String podInterface, String what) {
        return new Finding(false, podInterface, what, "");
    }

    static Finding problem(String podInterface, String what, String fix) {
        return new Finding(true, podInterface, what, fix);
    }

    /** {@code ok      eth0: ...} or {@code PROBLEM eth0: ...} followed by an indented {@code fix:} line. */
    public String toText() {
        return (problem ? "PROBLEM " : "ok      ") + podInterface + ": " + what
                + (fix.isEmpty() ? "" : "\n        fix: " + fix);
    }
}
