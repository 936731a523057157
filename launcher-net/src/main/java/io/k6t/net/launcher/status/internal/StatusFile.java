package io.k6t.net.launcher.status.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.common.net.InetAddresses;
import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.learn.LearnedAddress;
import io.k6t.net.launcher.status.ServedLease;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code status.json} in the state directory: what the serving process observed (served leases,
 * learned addresses), replaced atomically (temporary file, then rename) on every change, so a reader
 * in another process ({@code k6t-net status}) sees a whole snapshot or the previous one, never half.
 */
public final class StatusFile {
    /** The file's name in the state directory. */
    public static final String NAME = "status.json";
    private static final int VERSION = 1;

    /**
     * The observations of one interface.
     *
     * @param guestMac the MAC the serving process serves or learns for (the sidecar's follows the domain,
     *                 which may give the guest another MAC than the binding planned); empty: the plan's
     * @param served   the served lease, for a served interface
     * @param learned  the learned addresses, for a pass-through interface
     */
    public record Observed(Optional<String> guestMac, Optional<ServedLease> served, List<LearnedAddress> learned) {
        public Observed {
            guestMac = guestMac == null ? Optional.empty() : guestMac;
            Objects.requireNonNull(served, "served");
            learned = List.copyOf(learned);
        }
    }

    /**
     * One snapshot.
     *
     * @param version    the format version
     * @param pid        the process that wrote it (and serves)
     * @param written    when
     * @param interfaces by pod interface name
     */
    public record Snapshot(int version, long pid, Instant written, Map<String, Observed> interfaces) {
        public Snapshot {
            Objects.requireNonNull(written, "written");
            interfaces = Map.copyOf(interfaces);
        }

        /** A snapshot by this process at {@code written}. */
        public static Snapshot now(Instant written, Map<String, Observed> interfaces) {
            return new Snapshot(VERSION, ProcessHandle.current().pid(), written, interfaces);
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;

    public StatusFile(Path stateDir) {
        this.file = stateDir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /** Replaces the file with {@code snapshot}, atomically. */
    public void write(Snapshot snapshot) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("." + NAME + "." + snapshot.pid() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(json(snapshot)));
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new BindingException(BindingException.Reason.STATE, "cannot write " + file + ": " + e, null, e);
        }
    }

    /**
     * The snapshot as JSON, written with Jackson's streaming generator: the same document
     * {@link StatusJson#MAPPER} writes and reads (record components by name, an empty optional as
     * null, instants as ISO-8601 text, addresses canonical), without databind's serializers, which a
     * serving process such as the KubeVirt sidecar would keep loaded for its whole life (about 7 MB of
     * resident memory, docs/benchmarks.md "KubeVirt sidecar footprint"). Reading stays on databind.
     */
    static byte[] json(Snapshot snapshot) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("version", snapshot.version());
            json.writeNumberField("pid", snapshot.pid());
            json.writeStringField("written", snapshot.written().toString());
            json.writeObjectFieldStart("interfaces");
            for (Map.Entry<String, Observed> entry : snapshot.interfaces().entrySet()) {
                Observed observed = entry.getValue();
                json.writeObjectFieldStart(entry.getKey());
                json.writeStringField("guestMac", observed.guestMac().orElse(null));
                json.writeFieldName("served");
                if (observed.served().isPresent()) {
                    served(json, observed.served().get());
                } else {
                    json.writeNull();
                }
                json.writeArrayFieldStart("learned");
                for (LearnedAddress learned : observed.learned()) {
                    json.writeStartObject();
                    json.writeStringField("address", InetAddresses.toAddrString(learned.address()));
                    json.writeStringField("source", learned.source().name());
                    json.writeStringField("expiry", learned.expiry().map(Instant::toString).orElse(null));
                    json.writeStringField("lastSeen", learned.lastSeen().toString());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void served(JsonGenerator json, ServedLease served) throws IOException {
        json.writeStartObject();
        json.writeStringField("address", served.address());
        json.writeNumberField("leaseSeconds", served.leaseSeconds());
        json.writeStringField("expiry", served.expiry().map(Instant::toString).orElse(null));
        json.writeFieldName("lastExchange");
        if (served.lastExchange().isPresent()) {
            ServedLease.Exchange exchange = served.lastExchange().get();
            json.writeStartObject();
            json.writeStringField("at", exchange.at().toString());
            json.writeStringField("request", exchange.request());
            json.writeStringField("decision", exchange.decision());
            json.writeEndObject();
        } else {
            json.writeNull();
        }
        ServedLease.Counters counters = served.counters();
        json.writeObjectFieldStart("counters");
        json.writeNumberField("received", counters.received());
        json.writeNumberField("offered", counters.offered());
        json.writeNumberField("acked", counters.acked());
        json.writeNumberField("naked", counters.naked());
        json.writeNumberField("informed", counters.informed());
        json.writeNumberField("dropped", counters.dropped());
        json.writeEndObject();
        json.writeEndObject();
    }

    /** The last snapshot written, if the file exists. */
    public Optional<Snapshot> read() {
        try {
            return Optional.of(StatusJson.MAPPER.readValue(Files.readString(file), Snapshot.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BindingException(BindingException.Reason.STATE, "cannot read " + file + ": " + e, null, e);
        }
    }

    /** Removes the file (the serving process stops); nothing when it is gone. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new BindingException(BindingException.Reason.STATE, "cannot delete " + file + ": " + e, null, e);
        }
    }
}
