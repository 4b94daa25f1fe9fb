package dev.edgehost.host.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.BadRequestException;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.store.SettingsJson;
import org.junit.jupiter.api.Test;

/** The deploy parameter {@code fetch-cache}: parsed, stored in the settings JSON, read back. */
class FetchCacheSettingTest {

    @Test
    void parseQuery_noFetchCache_isOn() {
        assertTrue(DeployParameters.parseQuery("", FunctionSettings.defaults()).fetchCache());
    }

    @Test
    void parseQuery_fetchCacheOnOrOff_isTaken() {
        assertFalse(DeployParameters.parseQuery("fetch-cache=off", FunctionSettings.defaults()).fetchCache());
        assertTrue(DeployParameters.parseQuery("fetch-cache=on", FunctionSettings.defaults()).fetchCache());
    }

    @Test
    void parseQuery_otherValue_isABadRequest() {
        BadRequestException error =
                assertThrows(BadRequestException.class, () -> DeployParameters.parseQuery("fetch-cache=maybe", FunctionSettings.defaults()));
        assertTrue(error.getMessage().contains("fetch-cache"), error.getMessage());
    }

    @Test
    void settingsJson_off_isWrittenAndReadBack() {
        FunctionSettings off = FunctionSettings.builder().fetchCache(false).build();

        assertEquals("off", SettingsJson.settings(off).path("fetchCache").asText());
        assertEquals(off, SettingsJson.readSettings(SettingsJson.settings(off)));
    }

    @Test
    void settingsJson_on_isTheDefaultAndNotWritten() {
        assertTrue(SettingsJson.settings(FunctionSettings.defaults()).path("fetchCache").isMissingNode());
        assertTrue(SettingsJson.readSettings(SettingsJson.settings(FunctionSettings.defaults())).fetchCache());
    }
}
