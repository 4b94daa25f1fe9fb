package dev.edgehost.host.instances;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.Deque;

/**
 * Chicory's interpreter, recording the functions a failure unwinds through ({@link WasmFrames}),
 * so that a trap in an interpreted guest names where it happened as a compiled one does. Costs
 * nothing until something throws. One per instance, as every machine.
 */
final class TracingInterpreterMachine extends InterpreterMachine {

    TracingInterpreterMachine(Instance instance) {
        super(instance);
    }

    @Override
    protected long[] call(
            MStack stack,
            Instance instance,
            Deque<StackFrame> callStack,
            int funcId,
            long[] args,
            FunctionType callType,
            boolean popResults) {
        try {
            return super.call(stack, instance, callStack, funcId, args, callType, popResults);
        } catch (RuntimeException e) {
            WasmFrames frames = WasmFrames.of(e);
            if (frames == null) {
                frames = new WasmFrames();
                e.addSuppressed(frames);
            }
            frames.add(funcId);
            throw e;
        }
    }
}
