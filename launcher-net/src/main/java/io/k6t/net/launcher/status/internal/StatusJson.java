package io.k6t.net.launcher.status.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.k6t.net.launcher.binding.internal.Json;
import java.io.IOException;
import java.time.Instant;

/** The project's mapper plus instants as ISO-8601 text (the Java-time Jackson module is not a dependency). */
public final class StatusJson {
    public static final ObjectMapper MAPPER = Json.MAPPER.copy().registerModule(new SimpleModule()
            .addSerializer(Instant.class, ToStringSerializer.instance)
            .addDeserializer(Instant.class, new JsonDeserializer<>() {
                @Override
                public Instant deserialize(JsonParser p, DeserializationContext context) throws IOException {
                    return Instant.parse(p.getValueAsString());
                }
            }));

    private StatusJson() {
    }
}
