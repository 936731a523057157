package io.k6t.net.launcher.binding.internal;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.server.PrivateOption;
import io.k6t.net.launcher.netlink.AddressFlags;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.RouteProtocol;
import io.k6t.net.launcher.netlink.RouteScope;
import io.k6t.net.launcher.netlink.RouteType;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The one Jackson mapper for state files and renderings: Optional-aware, pretty, strict on input. The
 * netlink value types are written as {@code ip} writes them: {@code "10.244.1.5/24"},
 * {@code "fd00::5"}, {@code "0a:58:0a:f4:01:05"}, {@code "link"}, {@code "boot"}, {@code ["nodad"]}.
 */
public final class Json {
    /** Thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new Jdk8Module())
            .registerModule(values())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Records are persisted by their components only, never by derived accessors like isIpv4().
            .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);

    private Json() {
    }

    private static SimpleModule values() {
        SimpleModule m = new SimpleModule("k6t-net values");
        m.addSerializer(PrivateOption.class, new PrivateOptionSerializer());
        m.addDeserializer(PrivateOption.class, new PrivateOptionDeserializer());
        text(m, IpPrefix.class, IpPrefix::toString, IpPrefix::parse);
        text(m, MacAddress.class, MacAddress::toString, MacAddress::parse);
        text(m, RouteScope.class, RouteScope::toString, RouteScope::parse);
        text(m, RouteProtocol.class, RouteProtocol::toString, RouteProtocol::parse);
        text(m, RouteType.class, RouteType::toString, RouteType::parse);
        text(m, Instant.class, Instant::toString, Instant::parse);
        text(m, InetAddress.class, InetAddresses::toAddrString, InetAddresses::forString);
        text(m, Inet4Address.class, InetAddresses::toAddrString, t -> family(t, Inet4Address.class));
        text(m, Inet6Address.class, InetAddresses::toAddrString, t -> family(t, Inet6Address.class));
        m.addSerializer(AddressFlags.class, new JsonSerializer<>() {
            @Override
            public void serialize(AddressFlags value, JsonGenerator gen, SerializerProvider provider)
                    throws IOException {
                provider.defaultSerializeValue(value.names(), gen);
            }
        });
        m.addDeserializer(AddressFlags.class, new JsonDeserializer<>() {
            @Override
            public AddressFlags deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return AddressFlags.fromNames(p.readValueAs(new TypeReference<List<String>>() {
                }));
            }
        });
        return m;
    }

    private static <T extends InetAddress> T family(String text, Class<T> type) {
        InetAddress address = InetAddresses.forString(text);
        if (!type.isInstance(address)) {
            throw new IllegalArgumentException("'" + text + "' (expected: an " + (type == Inet4Address.class
                    ? "IPv4" : "IPv6") + " address)");
        }
        return type.cast(address);
    }

    private static <T> void text(SimpleModule m, Class<T> type, Function<T, String> write, Function<String, T> read) {
        m.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(write.apply(value));
            }
        });
        m.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                try {
                    return read.apply(text);
                } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                    return type.cast(ctxt.handleWeirdStringValue(type, text, e.getMessage()));
                }
            }
        });
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
