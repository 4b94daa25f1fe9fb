package dev.edgehost.testing.kit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose tests take a {@link TestEdge} parameter: a fresh in-process host per
 * test, closed after it, with the origins the test stubbed.
 *
 * <pre>{@code
 * @EdgeTest
 * class HelloTest {
 *     @Test
 *     void hello_answers(TestEdge edge) {
 *         TestFunction hello = edge.deploy("hello", Path.of("hello.wasm"));
 *
 *         TestResponse response = hello.get("/");
 *
 *         assertEquals(200, response.status());
 *         assertEquals("Hello from the edge!\n", response.text());
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(EdgeHostExtension.class)
public @interface EdgeTest {}
