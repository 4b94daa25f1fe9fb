package dev.edgehost.server;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.edgehost.host.BadRequestException;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.registry.DeployParameters;
import io.undertow.util.QueryParameterUtils;
import java.util.Deque;
import java.util.Map;

/**
 * What the admin API reads from a caller: deploy settings from any query string either parse or
 * are refused as a bad request, and percent-encoded key paths either decode or are refused the
 * same way. {@code mvn verify} replays the corpus in {@code AdminInputFuzzTestInputs};
 * {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class AdminInputFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void adminInput_anyQueryAndKeyPath_parsesOrIsABadRequest(FuzzedDataProvider data) {
        Map<String, Deque<String>> query;
        try {
            query = QueryParameterUtils.parseQueryString(data.consumeString(512), "UTF-8");
        } catch (IllegalArgumentException malformed) {
            // Undertow refuses such a query itself before the admin API sees it.
            query = Map.of();
        }
        try {
            DeployParameters.parse(query, FunctionSettings.defaults());
        } catch (BadRequestException refused) {
            // A clear 400.
        }
        try {
            PercentDecoding.decode(data.consumeRemainingAsString());
        } catch (BadRequestException refused) {
            // A clear 400.
        }
    }
}
