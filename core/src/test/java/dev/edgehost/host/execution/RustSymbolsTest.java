package dev.edgehost.host.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rust's legacy mangled names, as a Rust guest's name section holds them, read as Rust paths in backtraces. */
class RustSymbolsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "_ZN4core6option13expect_failed17h87816a823d052ad5E | core::option::expect_failed",
        "_ZN3std9panicking20rust_panic_with_hook17h1b1329eaa36c7fa5E | std::panicking::rust_panic_with_hook",
        "_ZN3std9panicking19begin_panic_handler28_$u7b$$u7b$closure$u7d$$u7d$17h106d97be21bfe094E | std::panicking::begin_panic_handler::{{closure}}",
        "_ZN4core9panicking13panic_display17h868401dec3bd2d2fE.112 | core::panicking::panic_display",
        "_ZN60_$LT$alloc..string..String$u20$as$u20$core..fmt..Display$GT$3fmt17h0123456789abcdefE | <alloc::string::String as core::fmt::Display>::fmt",
        "_ZN4edge7request3ENV17h0123456789abcdefE | edge::request::ENV",
        "rust_panic | rust_panic",
        "handle | handle",
        "_ZN3foo3barE | _ZN3foo3barE",
        "_Z3addii | _Z3addii"
    })
    void readable_legacyRustNames_arePaths(String mangled, String readable) {
        assertEquals(readable, RustSymbols.readable(mangled));
    }
}
