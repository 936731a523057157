package io.k6t.net.launcher.binding.internal;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.k6t.net.dhcp.server.PrivateOption;
import java.io.IOException;

/** The one Jackson mapper for state files and renderings: Optional-aware, pretty, strict on input. */
public final class Json {
    /** Thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new Jdk8Module())
            .registerModule(new SimpleModule("k6t-values")
                    .addSerializer(PrivateOption.class, new PrivateOptionSerializer())
                    .addDeserializer(PrivateOption.class, new PrivateOptionDeserializer()))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Records are persisted by their components only, never by derived accessors like isIpv4().
            .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);

    private Json() {
    }

    /** A configured private option as the pod configuration writes it: {@code {"code": 240, "value": "text"}}. */
    private static final class PrivateOptionSerializer extends StdSerializer<PrivateOption> {
        PrivateOptionSerializer() {
            super(PrivateOption.class);
        }

        @Override
        public void serialize(PrivateOption option, JsonGenerator json, SerializerProvider provider)
                throws IOException {
            json.writeStartObject();
            json.writeNumberField("code", option.code());
            json.writeStringField("value", option.text().orElseThrow(() -> new JsonMappingException(json,
                    option + ": a configured private option is text")));
            json.writeEndObject();
        }
    }

    /** Reads what {@link PrivateOptionSerializer} writes. */
    private static final class PrivateOptionDeserializer extends StdDeserializer<PrivateOption> {
        PrivateOptionDeserializer() {
            super(PrivateOption.class);
        }

        @Override
        public PrivateOption deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            JsonNode code = node.get("code");
            JsonNode value = node.get("value");
            if (node.size() != 2 || code == null || !code.isInt() || value == null || !value.isTextual()) {
                throw new JsonMappingException(parser, "private option: " + node + " (expected: {code, value})");
            }
            try {
                return PrivateOption.ofText(code.intValue(), value.textValue());
            } catch (IllegalArgumentException e) {
                throw new JsonMappingException(parser, "private option: " + node + ": " + e.getMessage(), e);
            }
        }
    }
}
