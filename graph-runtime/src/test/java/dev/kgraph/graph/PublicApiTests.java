package dev.kgraph.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's public API ({@code dev.kgraph.graph}) must not leak the engine ({@code dev.kgraph.graph.internals}):
 * users compile against the first only, so the second can change freely. This reads every public class of the API
 * package from the compiled output and checks the types in each public or protected signature.
 */
class PublicApiTests {

    private static final String INTERNALS = "dev.kgraph.graph.internals";

    @Test
    void noInternalTypeAppearsInAPublicSignature() throws Exception {
        List<Class<?>> api = apiClasses();
        assertThat(api).as("the API package was found").contains(CompiledGraph.class, StateGraph.class);

        List<String> leaks = new ArrayList<>();
        for (Class<?> type : api) {
            if (!Modifier.isPublic(type.getModifiers())) {
                continue;
            }
            check(type.getGenericSuperclass(), type.getName() + " extends", leaks);
            for (Type i : type.getGenericInterfaces()) {
                check(i, type.getName() + " implements", leaks);
            }
            for (Field f : type.getDeclaredFields()) {
                if (visible(f.getModifiers())) {
                    check(f.getGenericType(), type.getName() + "." + f.getName(), leaks);
                }
            }
            List<Executable> members = new ArrayList<>(Arrays.asList(type.getDeclaredMethods()));
            members.addAll(Arrays.asList(type.getDeclaredConstructors()));
            for (Executable m : members) {
                if (!visible(m.getModifiers()) || m.isSynthetic()) {
                    continue;
                }
                String where = type.getName() + "." + (m instanceof Constructor<?> ? "<init>" : m.getName());
                if (m instanceof Method method) {
                    check(method.getGenericReturnType(), where + " returns", leaks);
                }
                for (Type p : m.getGenericParameterTypes()) {
                    check(p, where + " takes", leaks);
                }
            }
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    check(c.getGenericType(), type.getName() + "." + c.getName(), leaks);
                }
            }
        }
        assertThat(leaks).as("internal types in public signatures").isEmpty();
    }

    @Test
    void theCheckFindsALeak() {
        List<String> leaks = new ArrayList<>();
        check(dev.kgraph.graph.internals.GraphSpec.class, "example", leaks);
        check(List.class.getTypeParameters()[0], "type variable", leaks);
        assertThat(leaks).containsExactly("example: dev.kgraph.graph.internals.GraphSpec");
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(Type type, String where, List<String> leaks) {
        if (type == null) {
            return;
        }
        // A generic type's text names every type argument, so one textual check covers List<GraphSpec> too.
        String name = type.getTypeName();
        if (name.contains(INTERNALS + ".")) {
            leaks.add(where + ": " + name);
        }
    }

    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(CompiledGraph.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve("dev/kgraph/graph");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String simple = file.getFileName().toString().replace(".class", "");
                if (!simple.equals("package-info")) {
                    classes.add(Class.forName("dev.kgraph.graph." + simple.replace('/', '.')));
                }
            }
        }
        return classes;
    }
}
