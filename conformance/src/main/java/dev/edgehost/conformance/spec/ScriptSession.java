package dev.edgehost.conformance.spec;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Store;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the commands of one script, in order, in one configuration: keeps the instances, their
 * {@code $names}, the registered ones and the spectest host, and reports what each command did.
 * Module rejection commands are not run here (see {@link RejectionCheck}).
 */
final class ScriptSession {
    private final SpecScript script;
    private final ModuleLoader loader;
    private final Optional<FuelMetering> metering;
    private final Store store = new Store();
    private final Map<String, Instance> named = new HashMap<>();
    private Instance current;

    ScriptSession(SpecScript script, SpecConfiguration configuration, PrintStream printed) {
        this.script = script;
        this.metering = configuration.metered() ? Optional.of(new FuelMetering()) : Optional.empty();
        this.loader = new ModuleLoader(configuration.engine(), metering);
        store.addImportValues(SpectestHost.create(printed));
    }

    Outcome execute(SpecCommand command) {
        Outcome outcome = run(command);
        Optional<String> outOfFuel = metering.flatMap(FuelMetering::newlyExhausted);
        if (outOfFuel.isPresent()) {
            return new Outcome.Failed(FailureKind.OUT_OF_FUEL, outOfFuel.get() + "; the command gave " + outcome);
        }
        return outcome;
    }

    private Outcome run(SpecCommand command) {
        switch (command.type()) {
            case MODULE:
                return guarded(() -> instantiateCurrent(command), FailureClassifier::duringInstantiation);
            case REGISTER:
                return register(command);
            case ACTION:
            case ASSERT_RETURN:
            case ASSERT_TRAP:
            case ASSERT_EXHAUSTION:
                return guarded(() -> perform(command.action()), FailureClassifier::duringAction);
            case ASSERT_UNLINKABLE:
            case ASSERT_UNINSTANTIABLE:
                return guarded(() -> {
                    instantiate(command);
                    return Outcome.Completed.NOTHING;
                }, FailureClassifier::duringInstantiation);
            default:
                throw new IllegalArgumentException(command.type() + " is not run in a session");
        }
    }

    private static Outcome guarded(Supplier<Outcome> step, Function<Throwable, Outcome.Failed> classifier) {
        try {
            return step.get();
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            // LinkageError: a VerifyError or ClassFormatError from bytecode the compiler generated.
            return classifier.apply(e);
        }
    }

    private Outcome instantiateCurrent(SpecCommand command) {
        // A module that fails leaves no current module behind, so that later commands do not
        // silently run against an earlier one.
        current = null;
        if (command.name() != null) {
            named.remove(command.name());
        }
        current = instantiate(command);
        if (command.name() != null) {
            named.put(command.name(), current);
        }
        return Outcome.Completed.NOTHING;
    }

    private Instance instantiate(SpecCommand command) {
        return loader.load(script.moduleFile(command)).instantiate(store.toImportValues());
    }

    private Outcome register(SpecCommand command) {
        Instance instance = command.name() == null ? current : named.get(command.name());
        if (instance == null) {
            return scriptError("no module " + (command.name() == null ? "" : command.name() + " ") + "to register");
        }
        store.register(command.registerAs(), instance);
        return Outcome.Completed.NOTHING;
    }

    private Outcome perform(SpecAction action) {
        Instance instance = action.module() == null ? current : named.get(action.module());
        if (instance == null) {
            return scriptError("no module " + (action.module() == null ? "instantiated" : action.module()));
        }
        ExternalType wanted = action.kind() == SpecAction.Kind.INVOKE ? ExternalType.FUNCTION : ExternalType.GLOBAL;
        if (!exports(instance, action.field(), wanted)) {
            return scriptError("no " + wanted + " export named \"" + action.field() + "\"");
        }
        if (action.kind() == SpecAction.Kind.GET) {
            GlobalInstance global = instance.exports().global(action.field());
            long value = WasmValues.normalize(global.getType(), global.getValue());
            return new Outcome.Completed(List.of(global.getType()), List.of(value));
        }
        long[] args = action.args().stream().mapToLong(WasmValues::argument).toArray();
        long[] results = instance.export(action.field()).apply(args);
        List<ValType> types = instance.exportType(action.field()).returns();
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            values.add(WasmValues.normalize(types.get(i), results[i]));
        }
        return new Outcome.Completed(types, values);
    }

    private static boolean exports(Instance instance, String name, ExternalType type) {
        ExportSection exports = instance.module().exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (export.name().equals(name)) {
                return export.exportType() == type;
            }
        }
        return false;
    }

    private static Outcome scriptError(String message) {
        return new Outcome.Failed(FailureKind.SCRIPT, message);
    }
}
