package dev.edgehost.testing.kit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test that asks for a {@link TestEdge} parameter its own host, and closes it (with
 * its stub origins) when the test ends. Use it through {@link EdgeTest}, or
 * {@code @ExtendWith(EdgeHostExtension.class)}. Thread-safe.
 */
public final class EdgeHostExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EdgeHostExtension.class);

    /** For JUnit, which creates the extension. */
    public EdgeHostExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestEdge.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestEdge.class, key -> TestEdge.start(), TestEdge.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestEdge edge = context.getStore(NAMESPACE).remove(TestEdge.class, TestEdge.class);
        if (edge != null) {
            edge.close();
        }
    }
}
