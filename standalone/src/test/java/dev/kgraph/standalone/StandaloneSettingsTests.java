package dev.kgraph.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandaloneSettingsTests {

    @Test
    void defaultsServeLoopbackOnPort8123WithDataInTheWorkingDirectory() {
        StandaloneSettings settings = StandaloneSettings.resolve(new String[0]);

        assertThat(settings.httpPort()).isEqualTo(8123);
        assertThat(settings.httpAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.dataDir()).isEqualTo(Path.of("./.kgraph-data"));
        assertThat(settings.kafkaPort()).isZero();
    }

    @Test
    void commandLineArgumentsOverrideTheDefaults() {
        StandaloneSettings settings = StandaloneSettings.resolve(new String[] {
            "--server.port=9000", "--kgraph.standalone.data-dir=/srv/kgraph", "--kgraph.standalone.kafka-port=19092",
            "--unrelated=1"});

        assertThat(settings.httpPort()).isEqualTo(9000);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/kgraph"));
        assertThat(settings.kafkaPort()).isEqualTo(19092);
        assertThat(settings.kafkaDir()).isEqualTo(Path.of("/srv/kgraph/kafka"));
        assertThat(settings.streamsDir()).isEqualTo(Path.of("/srv/kgraph/streams"));
    }

    @Test
    void relaxedPropertyNamesBindLikeSpringDoes() {
        StandaloneSettings settings = StandaloneSettings.resolve(Map.of("kgraph.standalone.dataDir", "d", "server.port", "0"));

        assertThat(settings.dataDir()).isEqualTo(Path.of("d"));
        assertThat(settings.httpPort()).isZero();
    }
}
