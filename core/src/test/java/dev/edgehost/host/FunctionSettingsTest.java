package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class FunctionSettingsTest {

    @Test
    void toBuilder_everySettingGiven_buildsEqualSettings() {
        FunctionSettings settings =
                FunctionSettings.builder()
                        .engine(Engine.INTERPRETER)
                        .config("greeting", "hi")
                        .kvStore("shared")
                        .allowFetch("https://api.example.com")
                        .mode(FunctionMode.CGI)
                        .arg("--verbose")
                        .cgiOutput(CgiOutput.STRICT)
                        .schedule("*/5 * * * *")
                        .fetchCache(false)
                        .build();
        assertNotEquals(FunctionSettings.defaults(), settings);

        assertEquals(settings, settings.toBuilder().build());
    }
}
