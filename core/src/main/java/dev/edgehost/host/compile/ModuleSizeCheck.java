package dev.edgehost.host.compile;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.ModuleRejectedException;

/**
 * Counts in a module's sections that could not possibly fit in the bytes that follow them,
 * refused before the parser sees the module: the parser sizes arrays by those counts, so one
 * forged count in an upload would otherwise take the host's memory. Also bounds the locals a
 * function declares, which the runtime allocates per call.
 */
final class ModuleSizeCheck extends ModuleBytes {
    /** The most locals one function may declare, as other runtimes bound them (wasmtime: 50,000). */
    static final long MAX_LOCALS = 50_000;

    private static final int CODE = 10;
    private static final int START = 8;
    private static final int DATA = 11;

    private ModuleSizeCheck(byte[] wasm) {
        super(wasm);
    }

    /**
     * @throws ModuleRejectedException as {@code invalid_module} when a count cannot be right;
     *     malformed bytes it cannot read are left to the parser to refuse
     */
    static void check(byte[] wasm) {
        if (wasm.length < HEADER_BYTES) {
            return;
        }
        new ModuleSizeCheck(wasm).sections();
    }

    private void sections() {
        at = HEADER_BYTES;
        while (at < wasm.length) {
            int id = wasm[at++] & 0xFF;
            long size = u32();
            if (size < 0 || size > wasm.length - at) {
                return;
            }
            int end = at + (int) size;
            if (isVector(id)) {
                long count = u32();
                if (count > end - at) {
                    reject("section " + id + " declares " + count + " entries in " + size + " bytes");
                }
                if (id == CODE) {
                    functionBodies(count, end);
                } else if (id == DATA) {
                    dataSegments(count, end);
                }
            }
            at = end;
        }
    }

    /** Sections 1 to 11 but start open with a vector of entries of a byte or more. */
    private static boolean isVector(int id) {
        return id >= 1 && id <= DATA && id != START;
    }

    private void functionBodies(long count, int end) {
        for (long function = 0; function < count && at < end; function++) {
            long size = u32();
            if (size < 0 || size > end - at) {
                return;
            }
            int bodyEnd = at + (int) size;
            long groups = u32();
            if (groups > bodyEnd - at) {
                reject("function " + function + " declares " + groups + " local groups in " + size + " bytes");
            }
            long locals = 0;
            for (long group = 0; group < groups && at < bodyEnd; group++) {
                locals += u32();
                at++;
                if (locals > MAX_LOCALS) {
                    reject("function " + function + " declares more than " + MAX_LOCALS + " locals");
                }
            }
            at = bodyEnd;
        }
    }

    /** Each segment's bytes must fit in what is left of the section. */
    private void dataSegments(long count, int end) {
        for (long segment = 0; segment < count && at < end; segment++) {
            long flags = u32();
            if (flags == 2) {
                u32();
            }
            if ((flags == 0 || flags == 2) && !skipConstantExpression(end)) {
                return;
            }
            if (flags < 0 || flags > 2) {
                return;
            }
            long length = u32();
            if (length > end - at) {
                reject("data segment " + segment + " declares " + length + " bytes where " + Math.max(0, end - at) + " are left");
            }
            at += (int) Math.max(0, length);
        }
    }

    /** Skips a constant expression up to its end; false when it holds an instruction not known here. */
    private boolean skipConstantExpression(int end) {
        while (at < end) {
            int opcode = wasm[at++] & 0xFF;
            switch (opcode) {
                case 0x0B:
                    return true;
                case 0x41, 0x42, 0x23, 0xD2:
                    u32OrSigned();
                    break;
                case 0xD0:
                    at++;
                    break;
                case 0x43:
                    at += 4;
                    break;
                case 0x44:
                    at += 8;
                    break;
                case 0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E:
                    break;
                default:
                    return false;
            }
        }
        return false;
    }

    /** Skips a LEB128 of either sign. */
    private void u32OrSigned() {
        while (at < wasm.length && (wasm[at++] & 0x80) != 0) {
            // Continuation bytes carry no meaning for the check.
        }
    }

    private static void reject(String why) {
        throw new ModuleRejectedException(HttpError.INVALID_MODULE, "not a valid Wasm module: " + why);
    }
}
