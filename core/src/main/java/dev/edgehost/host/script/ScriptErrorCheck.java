package dev.edgehost.host.script;

import com.dylibso.chicory.runtime.Instance;
import dev.edgehost.host.ScriptErrorException;
import dev.edgehost.host.instances.GuestStep;

/**
 * Runs after every {@code handle} of a script: when the engine reports an error (an uncaught
 * exception or a rejected promise), the request fails with {@code script_error} and the message,
 * and whatever the guest wrote is discarded. The engine has already logged the stack to the
 * function's log at error level. Stateless.
 */
final class ScriptErrorCheck implements GuestStep {
    static final ScriptErrorCheck INSTANCE = new ScriptErrorCheck();

    private ScriptErrorCheck() {}

    @Override
    public void run(Instance instance) {
        ScriptError error = ScriptError.read(instance);
        if (error != null) {
            throw new ScriptErrorException("the script failed: " + error.describe());
        }
    }
}
