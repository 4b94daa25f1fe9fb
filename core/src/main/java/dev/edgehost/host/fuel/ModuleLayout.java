package dev.edgehost.host.fuel;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** What the instrumenter needs to know of a module before it rewrites code: types and index spaces. */
final class ModuleLayout {
    static final int TYPE = 1;
    static final int IMPORT = 2;
    static final int FUNCTION = 3;
    static final int GLOBAL = 6;
    static final int CODE = 10;

    private final List<FunctionType> types = new ArrayList<>();
    private final List<Integer> definedFunctionTypes = new ArrayList<>();
    private final BitSet copiesReturningFuel = new BitSet();
    private int importedFunctions;
    private int importedGlobals;
    private int definedGlobals;

    List<FunctionType> types() {
        return types;
    }

    int importedFunctions() {
        return importedFunctions;
    }

    int definedFunctions() {
        return definedFunctionTypes.size();
    }

    /**
     * The index of the metered copy of a defined function: copies are appended after every defined
     * function, in the same order, so no existing index moves.
     */
    long meteredCopyOf(long function) {
        return function + definedFunctions();
    }

    /** The index the appended fuel global gets: after every imported and defined global. */
    int fuelGlobalIndex() {
        return importedGlobals + definedGlobals;
    }

    /** The appended fuel global's position among the defined globals. */
    int fuelGlobalOrdinal() {
        return definedGlobals;
    }

    /**
     * Whether the metered copy of a defined function (by its index in the function index space)
     * returns the fuel counter as its last result; otherwise it leaves it in the fuel global.
     */
    boolean copyReturnsFuel(long function) {
        return copiesReturningFuel.get(Math.toIntExact(function - importedFunctions));
    }

    void copyReturnsFuel(int definedIndex, boolean returnsFuel) {
        copiesReturningFuel.set(definedIndex, returnsFuel);
    }

    FunctionType definedFunctionType(int definedIndex) {
        return types.get(definedFunctionTypes.get(definedIndex));
    }

    void readSection(int id, ByteReader section) {
        switch (id) {
            case TYPE:
                readTypes(section);
                break;
            case IMPORT:
                readImports(section);
                break;
            case FUNCTION:
                for (long count = section.u32(); count > 0; count--) {
                    definedFunctionTypes.add(Math.toIntExact(section.u32()));
                }
                break;
            case GLOBAL:
                definedGlobals = Math.toIntExact(section.u32());
                break;
            default:
                break;
        }
    }

    private void readTypes(ByteReader section) {
        for (long count = section.u32(); count > 0; count--) {
            int form = section.u8();
            if (form != 0x60) {
                throw Proposals.typeForm(form);
            }
            types.add(new FunctionType(valueTypes(section), valueTypes(section)));
        }
    }

    private static byte[] valueTypes(ByteReader section) {
        byte[] types = new byte[Math.toIntExact(section.u32())];
        for (int i = 0; i < types.length; i++) {
            int type = section.u8();
            if (!Immediates.isValueType(type)) {
                throw Proposals.valueType(type);
            }
            types[i] = (byte) type;
        }
        return types;
    }

    private void readImports(ByteReader section) {
        for (long count = section.u32(); count > 0; count--) {
            section.skip(Math.toIntExact(section.u32()));
            section.skip(Math.toIntExact(section.u32()));
            int kind = section.u8();
            switch (kind) {
                case 0: // function
                    section.u32();
                    importedFunctions++;
                    break;
                case 1: // table: reference type, limits
                    section.u8();
                    limits(section);
                    break;
                case 2: // memory
                    limits(section);
                    break;
                case 3: // global: value type, mutability
                    section.u8();
                    section.u8();
                    importedGlobals++;
                    break;
                default:
                    throw new InstrumentationException("unsupported import kind " + kind);
            }
        }
    }

    private static void limits(ByteReader section) {
        int flags = section.u8();
        if (flags > 1) {
            throw new InstrumentationException("unsupported limits flags " + flags);
        }
        section.u32();
        if (flags == 1) {
            section.u32();
        }
    }
}
