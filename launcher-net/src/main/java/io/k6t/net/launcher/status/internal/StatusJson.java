package io.k6t.net.launcher.status.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.google.common.net.InetAddresses;
import io.k6t.net.launcher.binding.internal.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;

/**
 * The project's mapper plus instants as ISO-8601 text (the Java-time Jackson module is not a dependency)
 * and addresses in their canonical text ({@code fd00:50::20}, RFC 5952, where Jackson would write
 * {@code fd00:50:0:0:0:0:0:20}).
 */
public final class StatusJson {
    public static final ObjectMapper MAPPER = Json.MAPPER.copy().registerModule(new SimpleModule()
            .addSerializer(Instant.class, ToStringSerializer.instance)
            .addSerializer(InetAddress.class, new StdSerializer<>(InetAddress.class) {
                @Override
                public void serialize(InetAddress address, JsonGenerator json, SerializerProvider provider)
                        throws IOException {
                    json.writeString(InetAddresses.toAddrString(address));
                }
            })
            .addDeserializer(Instant.class, new JsonDeserializer<>() {
                @Override
                public Instant deserialize(JsonParser p, DeserializationContext context) throws IOException {
                    return Instant.parse(p.getValueAsString());
                }
            }));

    private StatusJson() {
    }
}
