package dev.edgehost.host.capability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderRulesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a", "Z", "0", "content-type", "X-Custom_Header.1", "!#$%&'*+-.^_`|~", "azAZ09",
            })
    void isToken_lettersDigitsAndTokenSymbols_isTrue(String name) {
        assertTrue(HeaderRules.isToken(name));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "", " ", "a b", "a\tb", "a:", "(a)", "<a>", "a@b", "a,b", "a;b", "a=b", "a\"b", "a/b", "[a]",
                "{a}", "a?", "a\\b", "a\u0000", "a\r", "a\n", "a\u007f", "\u00e9", "caf\u00e9", "a\u0100",
            })
    void isToken_emptyOrAnyOtherCharacter_isFalse(String name) {
        assertFalse(HeaderRules.isToken(name));
    }

    @Test
    void isToken_everyAsciiCharacter_matchesRfc9110TokenCharacters() {
        String tchar = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (char c = 0; c < 256; c++) {
            assertEquals(tchar.indexOf(c) >= 0, HeaderRules.isToken(String.valueOf(c)), "character " + (int) c);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", " spaced out ", "tab\there", "caf\u00e9\u00ff", "\u0001\u001f\u007f"})
    void isSafeValue_withoutCrLfOrNul_isTrue(String value) {
        assertTrue(HeaderRules.isSafeValue(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r", "\n", "\u0000", "a\r\nInjected: yes", "end\n", "mid\u0000dle"})
    void isSafeValue_withCrLfOrNul_isFalse(String value) {
        assertFalse(HeaderRules.isSafeValue(value));
    }

    @Test
    void hostOwned_isExactlyTheListOfSpecSection5_5() {
        assertEquals(
                Set.of(
                        "x-request-id",
                        "content-length",
                        "transfer-encoding",
                        "connection",
                        "keep-alive",
                        "upgrade",
                        "trailer",
                        "server-timing",
                        "x-edge-version"),
                HeaderRules.HOST_OWNED);
    }

    @Test
    void isHostOwned_everyHostOwnedNameInLowerUpperAndMixedCase_isTrue() {
        for (String name : HeaderRules.HOST_OWNED) {
            assertTrue(HeaderRules.isHostOwned(name), name);
            assertTrue(HeaderRules.isHostOwned(name.toUpperCase(Locale.ROOT)), name);
            assertTrue(HeaderRules.isHostOwned(alternatingCase(name)), name);
        }
    }

    private static String alternatingCase(String name) {
        StringBuilder result = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            result.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
        }
        return result.toString();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"content-type", "set-cookie", "x-request-ids", "content-length2", "x-request", "server", "te"})
    void isHostOwned_otherNames_isFalse(String name) {
        assertFalse(HeaderRules.isHostOwned(name));
    }
}
