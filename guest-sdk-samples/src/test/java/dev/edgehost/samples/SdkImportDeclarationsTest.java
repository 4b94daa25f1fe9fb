package dev.edgehost.samples;

import static dev.edgehost.abi.ValueType.I32;
import static dev.edgehost.abi.ValueType.I64;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.fail;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.edgehost.abi.Abi;
import dev.edgehost.abi.HostImport;
import dev.edgehost.abi.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The guest SDKs declare the host's imports by hand, and their compilers take a declaration's word
 * for the signature: a wrong one builds without complaint and shows only when the host refuses a
 * guest that calls the function ({@code unknown_import}, SPEC §2.1). So every SDK is held to
 * {@link HostImport}: each import it declares is one of ABI v1 with exactly that signature, and it
 * declares every one, so that no guest author has to write a declaration of their own.
 */
class SdkImportDeclarationsTest {
    /** The C SDK's raw imports; {@code edge.h} declares only the wrappers around them. */
    private static final Path C_SDK = Path.of("c/sdk/edge.c");

    private static final Path RUST_SDK = Path.of("rust/sdk/src/sys.rs");
    private static final Path ASSEMBLYSCRIPT_SDK = Path.of("assemblyscript/sdk/imports.ts");

    /** WAT has no library: its SDK is the import block documented here and kept in {@link #WAT_SNIPPET}. */
    private static final Path WAT_README = Path.of("wat/README.md");

    private static final Path WAT_SNIPPET = Path.of("wat/edge-imports.wat.txt");
    private static final Pattern WAT_SDK_SECTION = Pattern.compile("(?m)^## The WAT SDK\\b.*$");
    private static final String WAT_FENCE = "```wat\n";

    /** The import module as the SDKs spell it, in double quotes, ready to go into a pattern. */
    private static final String MODULE = Pattern.quote("\"" + Abi.IMPORT_MODULE + "\"");

    /**
     * The macro through which {@code edge.c} declares its imports, e.g. {@code #define IMPORT(name)
     * __attribute__((import_module("edge"), import_name(#name)))}.
     */
    private static final Pattern C_IMPORT_MACRO = Pattern.compile(
            "#define\\s+(\\w+)\\(\\s*(\\w+)\\s*\\)\\s+__attribute__\\(\\(\\s*import_module\\(\\s*" + MODULE
                    + "\\s*\\)\\s*,\\s*import_name\\(\\s*#\\2\\s*\\)\\s*\\)\\)");

    /** wasm32: pointers and {@code size_t} are 32 bits wide. */
    private static final Map<String, ValueType> C_TYPES = Map.of(
            "int", I32, "int32_t", I32, "uint32_t", I32, "size_t", I32, "int64_t", I64, "uint64_t", I64);

    /**
     * {@code #[link(wasm_import_module = "edge")] extern "C" { ... }}, which edition 2024 requires to
     * be {@code unsafe extern "C"}; the block holds no braces.
     */
    private static final Pattern RUST_IMPORT_BLOCK = Pattern.compile("#\\[link\\(\\s*wasm_import_module\\s*=\\s*" + MODULE
            + "\\s*\\)\\]\\s*(?:unsafe\\s+)?extern\\s+\"C\"\\s*\\{([^}]*)\\}");

    /** Any edge import block, read or not, so that one in a form the test does not read fails it. */
    private static final Pattern RUST_IMPORT_MODULE = Pattern.compile("wasm_import_module\\s*=\\s*" + MODULE);

    private static final Pattern RUST_FN_ANCHOR = Pattern.compile("\\bfn\\b");
    private static final Pattern RUST_FN =
            Pattern.compile("fn\\s+(\\w+)\\s*\\(([^)]*)\\)\\s*(?:->\\s*([^;]+?)\\s*)?;");

    /** wasm32: {@code usize}, {@code isize} and raw pointers are 32 bits wide. */
    private static final Map<String, ValueType> RUST_TYPES =
            Map.of("i32", I32, "u32", I32, "usize", I32, "isize", I32, "i64", I64, "u64", I64);

    private static final Pattern ASSEMBLYSCRIPT_ANCHOR = Pattern.compile("@external\\(\\s*" + MODULE);
    private static final Pattern ASSEMBLYSCRIPT_IMPORT = Pattern.compile("@external\\(\\s*" + MODULE
            + "\\s*,\\s*\"([^\"]*)\"\\s*\\)\\s*(?:export\\s+)?declare\\s+function\\s+\\w+\\s*\\(([^)]*)\\)\\s*:\\s*(\\w+)\\s*;");

    /** wasm32: {@code usize} and {@code isize} are 32 bits wide. */
    private static final Map<String, ValueType> ASSEMBLYSCRIPT_TYPES =
            Map.of("i32", I32, "u32", I32, "usize", I32, "isize", I32, "i64", I64, "u64", I64);

    private static final Pattern WAT_ANCHOR = Pattern.compile("\\(import\\s+" + MODULE);
    private static final Pattern WAT_IMPORT = Pattern.compile("\\(import\\s+" + MODULE
            + "\\s+\"([^\"]*)\"\\s*\\(func(?:\\s+\\$[^\\s()]+)?((?:\\s*\\((?:param|result)[^()]*\\))*)\\s*\\)\\s*\\)");
    private static final Pattern WAT_TYPE_GROUP = Pattern.compile("\\((param|result)([^()]*)\\)");

    /** One import as a file declares it; {@code where} names the file and line, or the binary. */
    private record Declaration(String where, String name, List<ValueType> params, List<ValueType> results) {}

    /**
     * A file's text with its comments blanked out, or a part of such a text; {@code firstLine} is the
     * file's line on which the part starts, so that messages name lines of the file.
     */
    private record Source(Path file, String text, int firstLine) {
        static Source read(Path file, String lineComment, String blockOpen, String blockClose) throws IOException {
            return new Source(file, withoutComments(Files.readString(file), lineComment, blockOpen, blockClose), 1);
        }

        /** The file's line on which the character at {@code offset} of this text is. */
        int line(int offset) {
            return firstLine + (int) text.substring(0, offset).chars().filter(c -> c == '\n').count();
        }

        String where(int offset) {
            return file + ":" + line(offset);
        }

        /** The part [start, end) of this text, as a source of its own. */
        Source part(int start, int end) {
            return new Source(file, text.substring(start, end), line(start));
        }
    }

    @Test
    void cHeader_declaresEveryHostImportWithItsSignature() throws IOException {
        Source source = Source.read(C_SDK, "//", "/*", "*/");
        List<String> problems = new ArrayList<>();
        Matcher macro = C_IMPORT_MACRO.matcher(source.text());
        if (!macro.find()) {
            fail(C_SDK + " has no import macro of the form #define IMPORT(name) __attribute__((import_module(\""
                    + Abi.IMPORT_MODULE + "\"), import_name(#name)))");
        }
        // The definition is no declaration; blanking it keeps the offsets, and so the line numbers.
        char[] text = source.text().toCharArray();
        blank(text, macro.start(), macro.end());
        Source uses = new Source(C_SDK, new String(text), 1);
        if (uses.text().contains("import_module")) {
            problems.add(uses.where(uses.text().indexOf("import_module"))
                    + ": declares an import other than through " + macro.group(1) + "(name), which this test does not read");
        }
        Pattern anchor = Pattern.compile("\\b" + Pattern.quote(macro.group(1)) + "\\(");
        Pattern declaration = Pattern.compile(
                anchor.pattern() + "\\s*(\\w+)\\s*\\)\\s*([\\w\\s*]+?)\\s*\\b\\w+\\s*\\(([^)]*)\\)\\s*;");
        List<Declaration> declarations = new ArrayList<>();
        for (MatchResult match : declarations(uses, anchor, declaration, problems)) {
            String params = match.group(3).strip();
            // (void) and, since C23, () declare no parameters.
            List<String> paramTypes = params.isEmpty() || params.equals("void") ? List.of() : split(params);
            String result = match.group(2).strip();
            List<String> resultTypes = result.equals("void") ? List.of() : List.of(result);
            declaration(uses.where(match.start()), match.group(1), paramTypes, resultTypes,
                    SdkImportDeclarationsTest::cType, problems).ifPresent(declarations::add);
        }
        assertDeclaresEveryHostImport(C_SDK, declarations, problems);
    }

    @Test
    void rustSys_declaresEveryHostImportWithItsSignature() throws IOException {
        Source source = Source.read(RUST_SDK, "//", "/*", "*/");
        List<String> problems = new ArrayList<>();
        List<Declaration> declarations = new ArrayList<>();
        Matcher block = RUST_IMPORT_BLOCK.matcher(source.text());
        int blocks = 0;
        while (block.find()) {
            blocks++;
            // The block's body on its own, so that the fn anchors stay inside it.
            Source body = source.part(block.start(1), block.end(1));
            for (MatchResult match : declarations(body, RUST_FN_ANCHOR, RUST_FN, problems)) {
                List<String> paramTypes = split(match.group(2)).stream().map(SdkImportDeclarationsTest::afterColon).toList();
                List<String> resultTypes = match.group(3) == null ? List.of() : List.of(match.group(3));
                declaration(body.where(match.start()), match.group(1), paramTypes, resultTypes,
                        SdkImportDeclarationsTest::rustType, problems).ifPresent(declarations::add);
            }
        }
        long importModules = RUST_IMPORT_MODULE.matcher(source.text()).results().count();
        if (importModules != blocks) {
            problems.add(RUST_SDK + ": " + importModules + " wasm_import_module attributes for \"" + Abi.IMPORT_MODULE
                    + "\", of which " + blocks + " mark an extern \"C\" block this test reads");
        }
        assertDeclaresEveryHostImport(RUST_SDK, declarations, problems);
    }

    @Test
    void assemblyScript_declaresEveryHostImportWithItsSignature() throws IOException {
        Source source = Source.read(ASSEMBLYSCRIPT_SDK, "//", "/*", "*/");
        List<String> problems = new ArrayList<>();
        List<Declaration> declarations = new ArrayList<>();
        for (MatchResult match : declarations(source, ASSEMBLYSCRIPT_ANCHOR, ASSEMBLYSCRIPT_IMPORT, problems)) {
            List<String> paramTypes = split(match.group(2)).stream().map(SdkImportDeclarationsTest::afterColon).toList();
            List<String> resultTypes = match.group(3).equals("void") ? List.of() : List.of(match.group(3));
            declaration(source.where(match.start()), match.group(1), paramTypes, resultTypes, ASSEMBLYSCRIPT_TYPES::get, problems)
                    .ifPresent(declarations::add);
        }
        assertDeclaresEveryHostImport(ASSEMBLYSCRIPT_SDK, declarations, problems);
    }

    @Test
    void watBlock_declaresEveryHostImportWithItsSignature() throws IOException {
        Source readme = Source.read(WAT_README, ";;", "(;", ";)");
        Matcher section = WAT_SDK_SECTION.matcher(readme.text());
        int start = section.find() ? readme.text().indexOf(WAT_FENCE, section.end()) : -1;
        if (start < 0) {
            fail(WAT_README + " has no section \"## The WAT SDK\" with a " + WAT_FENCE.strip() + " block of the imports");
        }
        start += WAT_FENCE.length();
        int end = readme.text().indexOf("\n```", start);
        Source block = readme.part(start, end < 0 ? readme.text().length() : end);
        Source snippet = Source.read(WAT_SNIPPET, ";;", "(;", ";)");

        assertAll(
                () -> assertWatDeclaresEveryHostImport(block),
                () -> assertWatDeclaresEveryHostImport(snippet));
    }

    @Test
    void compiledSamples_importOnlyHostImportsWithTheirSignatures() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Declaration> imports = new ArrayList<>();
        for (CompiledSamples.EdgeImport edgeImport : CompiledSamples.edgeImports()) {
            String where = edgeImport.wasm().toString();
            if (edgeImport.functionType().isEmpty()) {
                problems.add(where + ": imports " + edgeImport.name() + " as something other than a function");
                continue;
            }
            FunctionType type = edgeImport.functionType().get();
            declaration(where, edgeImport.name(), type.params(), type.returns(), SdkImportDeclarationsTest::wasmType,
                    problems).ifPresent(imports::add);
        }
        checkSignatures(imports, problems);

        if (!problems.isEmpty()) {
            fail("compiled samples whose imports disagree with dev.edgehost.abi.HostImport:\n  " + String.join("\n  ", problems));
        }
    }

    private static void assertWatDeclaresEveryHostImport(Source source) {
        List<String> problems = new ArrayList<>();
        List<Declaration> declarations = new ArrayList<>();
        for (MatchResult match : declarations(source, WAT_ANCHOR, WAT_IMPORT, problems)) {
            List<String> params = new ArrayList<>();
            List<String> results = new ArrayList<>();
            Matcher group = WAT_TYPE_GROUP.matcher(match.group(2));
            while (group.find()) {
                List<String> types = split(group.group(2).strip(), "\\s+");
                if (group.group(1).equals("result")) {
                    results.addAll(types);
                } else if (!types.isEmpty() && types.get(0).startsWith("$")) {
                    // A named param, (param $name type), holds exactly one type; any other group with a
                    // name is malformed and is kept whole, so that it shows in the message as written.
                    params.addAll(types.size() == 2 ? types.subList(1, 2) : List.of(String.join(" ", types)));
                } else {
                    params.addAll(types);
                }
            }
            declaration(source.where(match.start()), match.group(1), params, results, SdkImportDeclarationsTest::watType,
                    problems).ifPresent(declarations::add);
        }
        assertDeclaresEveryHostImport(source.file(), declarations, problems);
    }

    /**
     * The match of {@code declaration} at every occurrence of {@code anchor}. An occurrence where it
     * does not match is a declaration this test cannot read, which is a problem rather than nothing:
     * skipping it would let a malformed declaration pass unchecked.
     */
    private static List<MatchResult> declarations(Source source, Pattern anchor, Pattern declaration, List<String> problems) {
        List<MatchResult> found = new ArrayList<>();
        Matcher at = anchor.matcher(source.text());
        Matcher match = declaration.matcher(source.text());
        while (at.find()) {
            match.region(at.start(), source.text().length());
            if (match.lookingAt()) {
                found.add(match.toMatchResult());
            } else {
                int lineEnd = source.text().indexOf('\n', at.start());
                problems.add(source.where(at.start()) + ": an import declaration this test cannot read: "
                        + source.text().substring(at.start(), lineEnd < 0 ? source.text().length() : lineEnd).strip());
            }
        }
        return found;
    }

    /** The declaration with its types mapped to Wasm, or empty (and a problem) when one of them has no Wasm type. */
    private static <T> Optional<Declaration> declaration(String where, String name, List<T> params, List<T> results,
            Function<T, ValueType> wasmType, List<String> problems) {
        List<T> unmapped = new ArrayList<>();
        List<ValueType> wasmParams = new ArrayList<>();
        List<ValueType> wasmResults = new ArrayList<>();
        params.forEach(type -> addWasmType(type, wasmType, wasmParams, unmapped));
        results.forEach(type -> addWasmType(type, wasmType, wasmResults, unmapped));
        if (!unmapped.isEmpty()) {
            problems.add(where + ": " + name + " has types that are no ABI value type: " + unmapped);
            return Optional.empty();
        }
        return Optional.of(new Declaration(where, name, List.copyOf(wasmParams), List.copyOf(wasmResults)));
    }

    private static <T> void addWasmType(T type, Function<T, ValueType> wasmType, List<ValueType> mapped, List<T> unmapped) {
        ValueType valueType = wasmType.apply(type);
        if (valueType == null) {
            unmapped.add(type);
        } else {
            mapped.add(valueType);
        }
    }

    /**
     * Adds to {@code problems} every import that ABI v1 does not have and every signature that is not
     * its {@link HostImport}'s.
     */
    private static void checkSignatures(List<Declaration> declarations, List<String> problems) {
        for (Declaration declaration : declarations) {
            HostImport hostImport = HostImport.byName(declaration.name());
            if (hostImport == null) {
                problems.add(declaration.where() + ": " + declaration.name() + " is not an import of ABI v1");
            } else if (!declaration.params().equals(hostImport.params())
                    || !declaration.results().equals(hostImport.results())) {
                problems.add(declaration.where() + ": " + declaration.name() + " is declared "
                        + signature(declaration.params(), declaration.results()) + ", but HostImport." + hostImport.name()
                        + " is " + signature(hostImport.params(), hostImport.results()));
            }
        }
    }

    /** Signatures, then that the SDK declares every {@link HostImport}, and each once. */
    private static void assertDeclaresEveryHostImport(Path sdk, List<Declaration> declarations, List<String> problems) {
        checkSignatures(declarations, problems);
        Map<HostImport, Declaration> declared = new EnumMap<>(HostImport.class);
        for (Declaration declaration : declarations) {
            HostImport hostImport = HostImport.byName(declaration.name());
            Declaration first = hostImport == null ? null : declared.putIfAbsent(hostImport, declaration);
            if (first != null) {
                problems.add(declaration.where() + ": " + declaration.name() + " is declared again, first at " + first.where());
            }
        }
        for (HostImport hostImport : HostImport.values()) {
            if (!declared.containsKey(hostImport)) {
                problems.add(sdk + " does not declare " + hostImport.importName() + " "
                        + signature(hostImport.params(), hostImport.results()) + " (HostImport." + hostImport.name() + ")");
            }
        }
        if (!problems.isEmpty()) {
            fail(sdk + " disagrees with dev.edgehost.abi.HostImport:\n  " + String.join("\n  ", problems));
        }
    }

    /** A signature as the WAT README writes one, e.g. {@code [i32, i32] -> [i32]}; unambiguous when a side is empty. */
    private static String signature(List<ValueType> params, List<ValueType> results) {
        return watNames(params) + " -> " + watNames(results);
    }

    private static String watNames(List<ValueType> types) {
        return types.stream().map(ValueType::watName).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A C parameter, with or without its name ({@code const char *name}, {@code int32_t}), or a result type. */
    private static ValueType cType(String declared) {
        String type = declared.replaceAll("\\b(?:const|volatile)\\b", " ").strip().replaceAll("\\s+", " ");
        if (type.contains("*")) {
            return I32;
        }
        if (C_TYPES.containsKey(type) || !type.contains(" ")) {
            return C_TYPES.get(type);
        }
        // The last word is the parameter's name.
        return C_TYPES.get(type.substring(0, type.lastIndexOf(' ')));
    }

    private static ValueType rustType(String declared) {
        String type = declared.strip();
        return type.startsWith("*const ") || type.startsWith("*mut ") ? I32 : RUST_TYPES.get(type);
    }

    private static ValueType watType(String declared) {
        return Arrays.stream(ValueType.values()).filter(type -> type.watName().equals(declared)).findFirst().orElse(null);
    }

    private static ValueType wasmType(ValType type) {
        return type.equals(ValType.I32) ? I32 : type.equals(ValType.I64) ? I64 : null;
    }

    /** The type of a {@code name: type} parameter of Rust or AssemblyScript. */
    private static String afterColon(String parameter) {
        return parameter.substring(parameter.indexOf(':') + 1).strip();
    }

    /** A comma-separated list, with a trailing comma allowed. */
    private static List<String> split(String list) {
        return split(list, ",");
    }

    private static List<String> split(String list, String separator) {
        return Arrays.stream(list.split(separator)).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    /**
     * The text with its comments replaced by spaces, line breaks kept, so that offsets still give line
     * numbers: a commented-out declaration declares nothing. Double-quoted strings are skipped, so
     * that a comment marker inside one (a URL's {@code //}) starts no comment; a string ends at its
     * line's end at the latest, so a stray quote (a C {@code '"'}) cannot hide the rest of the file.
     */
    private static String withoutComments(String text, String lineComment, String blockOpen, String blockClose) {
        char[] result = text.toCharArray();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"' && text.charAt(i) != '\n') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else if (text.startsWith(lineComment, i) || text.startsWith(blockOpen, i)) {
                boolean line = text.startsWith(lineComment, i);
                int close = line ? text.indexOf('\n', i) : text.indexOf(blockClose, i + blockOpen.length());
                int end = close < 0 ? text.length() : line ? close : close + blockClose.length();
                blank(result, i, end);
                i = end;
            } else {
                i++;
            }
        }
        return new String(result);
    }

    /** Replaces [start, end) of the text by spaces, except its line breaks. */
    private static void blank(char[] text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (text[i] != '\n') {
                text[i] = ' ';
            }
        }
    }
}
