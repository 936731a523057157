package io.k6t.net.it.harden;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenFilesTest {

    @Test
    void aKindOpenMoreOftenThanBeforeOrNewIsLeakedWithHowManyMore() {
        Map<String, Long> before = Map.of("pipe:[]", 5L, "socket:[]", 1L);
        Map<String, Long> after = Map.of("pipe:[]", 6L, "socket:[]", 1L, "anon_inode:[eventfd]", 2L);

        assertThat(OpenFiles.leaked(before, after))
                .containsExactlyInAnyOrderEntriesOf(Map.of("pipe:[]", 1L, "anon_inode:[eventfd]", 2L));
    }

    @Test
    void descriptorsClosedSinceTheSnapshotAreNoLeak() {
        Map<String, Long> before = Map.of("pipe:[]", 5L, "socket:[]", 1L, "/tmp/x (deleted)", 1L);
        Map<String, Long> after = Map.of("pipe:[]", 3L, "socket:[]", 1L);

        assertThat(OpenFiles.leaked(before, after)).isEmpty();
    }
}
