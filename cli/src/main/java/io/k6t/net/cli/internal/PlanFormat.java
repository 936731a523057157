package io.k6t.net.cli.internal;

/** Output formats of {@code plan}. */
public enum PlanFormat {
    text, json, dot
}
