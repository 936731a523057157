package io.k6t.net.kubevirt.cni;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The protocol between the plugin's client ({@code k6t-net-cni-client}, which a runtime runs as the
 * plugin) and {@link CniDaemon}, over a Unix stream socket: one request, one response, then the
 * connection ends. All numbers are unsigned 32-bit big-endian.
 *
 * <pre>
 * request  = "K6C1" env-length env config-length config
 * env      = *( name "=" value NUL )        ; the client's CNI_* variables, nothing else
 * config   = the plugin's stdin (the network configuration), as read
 * response = "K6R1" exit-code result-length result
 * result   = what the plugin prints on stdout (the result, or the spec's error object)
 * </pre>
 *
 * <p>The magic numbers carry the protocol's version: a client and a daemon of different versions
 * refuse each other with a message instead of misreading. Lengths are checked against limits before
 * anything is allocated. Pure: streams in, bytes out, no sockets (the C client in
 * {@code cli/src/main/c} speaks the same and is kept in step by {@code CniDaemonIT}).
 */
public final class CniWire {
    /** "K6C1": a request of version 1. */
    public static final int REQUEST_MAGIC = 0x4B364331;
    /** "K6R1": a response of version 1. */
    public static final int RESPONSE_MAGIC = 0x4B365231;
    /** The most bytes of environment a request carries (the CNI_* variables are a few hundred). */
    public static final int MAX_ENVIRONMENT = 64 * 1024;
    /** The most bytes of network configuration (Multus' delegate configurations are a few KiB). */
    public static final int MAX_CONFIG = 4 * 1024 * 1024;
    /** The most bytes of result a response carries. */
    public static final int MAX_RESULT = 16 * 1024 * 1024;

    private static final Pattern NAME = Pattern.compile("CNI_[A-Z0-9_]+");

    private CniWire() {
    }

    /**
     * One plugin invocation as the client forwards it.
     *
     * @param env   the {@code CNI_*} environment variables (names checked, sorted)
     * @param stdin the network configuration as the runtime wrote it
     */
    public record Request(Map<String, String> env, String stdin) {
        public Request {
            TreeMap<String, String> sorted = new TreeMap<>();
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (!NAME.matcher(e.getKey()).matches()) {
                    throw new IllegalArgumentException("environment variable " + e.getKey()
                            + " (expected: CNI_ and upper-case letters, digits, _)");
                }
                if (e.getValue().indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("environment variable " + e.getKey() + " holds a NUL");
                }
                sorted.put(e.getKey(), e.getValue());
            }
            env = Collections.unmodifiableMap(sorted);
        }
    }

    /** The request's bytes. */
    public static byte[] encode(Request request) {
        ByteArrayOutputStream env = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : request.env().entrySet()) {
            env.writeBytes((e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8));
            env.write(0);
        }
        return frame(REQUEST_MAGIC, null, env.toByteArray(), request.stdin().getBytes(StandardCharsets.UTF_8));
    }

    /** The response's bytes. */
    public static byte[] encode(CniPlugin.Response response) {
        return frame(RESPONSE_MAGIC, response.exitCode(), null, response.stdout().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads one request.
     *
     * @throws CniWireException a wrong magic number, a length over its limit, a malformed entry, or the
     *                          stream ending inside the request
     * @throws IOException      reading failed
     */
    public static Request readRequest(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        magic(in, REQUEST_MAGIC, "request");
        byte[] env = field(in, "environment", MAX_ENVIRONMENT);
        byte[] config = field(in, "network configuration", MAX_CONFIG);
        Map<String, String> variables = new TreeMap<>();
        int start = 0;
        for (int i = 0; i < env.length; i++) {
            if (env[i] != 0) {
                continue;
            }
            String entry = new String(env, start, i - start, StandardCharsets.UTF_8);
            int equals = entry.indexOf('=');
            if (equals <= 0 || !NAME.matcher(entry.substring(0, equals)).matches()) {
                throw new CniWireException("environment entry \"" + entry + "\" (expected: CNI_NAME=value)");
            }
            if (variables.put(entry.substring(0, equals), entry.substring(equals + 1)) != null) {
                throw new CniWireException("environment variable " + entry.substring(0, equals) + " given twice");
            }
            start = i + 1;
        }
        if (start != env.length) {
            throw new CniWireException("environment: the last entry has no terminating NUL ("
                    + (env.length - start) + " bytes)");
        }
        return new Request(variables, new String(config, StandardCharsets.UTF_8));
    }

    /**
     * Reads one response.
     *
     * @throws CniWireException a wrong magic number, a length over its limit, or the stream ending
     *                          inside the response (the daemon ended before answering)
     * @throws IOException      reading failed
     */
    public static CniPlugin.Response readResponse(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        magic(in, RESPONSE_MAGIC, "response");
        int exitCode = number(in, "response", "exit code");
        byte[] result = field(in, "result", MAX_RESULT);
        return new CniPlugin.Response(exitCode, new String(result, StandardCharsets.UTF_8));
    }

    private static void magic(DataInputStream in, int expected, String what) throws IOException {
        int magic = number(in, what, "magic number");
        if (magic != expected) {
            throw new CniWireException(what + " magic number 0x" + Integer.toHexString(magic) + " (expected: 0x"
                    + Integer.toHexString(expected) + ", \"" + text(expected) + "\": another protocol or version)");
        }
    }

    private static byte[] field(DataInputStream in, String what, int limit) throws IOException {
        long length = Integer.toUnsignedLong(number(in, what, "length"));
        if (length > limit) {
            throw new CniWireException(what + " of " + length + " bytes (at most " + limit + ")");
        }
        byte[] bytes = new byte[(int) length];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            throw new CniWireException(what + " truncated (expected " + length + " bytes)");
        }
        return bytes;
    }

    private static int number(DataInputStream in, String what, String field) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new CniWireException(what + " truncated before its " + field);
        }
    }

    private static byte[] frame(int magic, Integer code, byte[] first, byte[] second) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + second.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            if (code != null) {
                out.writeInt(code);
            } else {
                out.writeInt(first.length);
                out.write(first);
            }
            out.writeInt(second.length);
            out.write(second);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array stream does not fail", e);
        }
        return bytes.toByteArray();
    }

    private static String text(int magic) {
        return new String(new byte[] {(byte) (magic >>> 24), (byte) (magic >>> 16), (byte) (magic >>> 8),
            (byte) magic}, StandardCharsets.US_ASCII);
    }
}
