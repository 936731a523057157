package io.k6t.net.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Errno values come from their numbers; the text is the C library's English text, fixed here. */
class ErrnoTest {

    @Test
    void errnoKeepsUnknownNumbersAndNamesKnownOnes() {
        assertThat(Errno.valueOf(17)).isSameAs(Errno.EEXIST).hasToString("EEXIST (17, File exists)");
        assertThat(Errno.valueOf("EOPNOTSUPP").number()).isEqualTo(95);
        assertThat(Errno.valueOf(4095)).isEqualTo(Errno.valueOf(4095)).extracting(Errno::name).isEqualTo("E4095");
        assertThatThrownBy(() -> Errno.valueOf("ENOPE")).hasMessageContaining("EEXIST");
        assertThatThrownBy(() -> Errno.valueOf(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
