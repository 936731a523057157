package io.k6t.net.launcher.binding.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.k6t.net.dhcp.server.PrivateOption;
import org.junit.jupiter.api.Test;

/** State files keep a configured private option in the pod configuration's own form. */
class JsonTest {

    @Test
    void privateOptionIsWrittenAsCodeAndTextAndReadBack() throws Exception {
        PrivateOption option = PrivateOption.ofText(240, "extra");

        String json = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(option);

        assertThat(json).isEqualTo("{\"code\":240,\"value\":\"extra\"}");
        assertThat(Json.MAPPER.readValue(json, PrivateOption.class)).isEqualTo(option);
    }

    @Test
    void privateOptionWithAPublicCodeIsRefusedNamingIt() {
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"code\":6,\"value\":\"x\"}", PrivateOption.class))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("code: 6");
    }
}
