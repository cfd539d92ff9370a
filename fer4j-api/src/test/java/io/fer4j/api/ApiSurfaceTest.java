package io.fer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import io.fer4j.geometry.FaceBox;
import io.fer4j.label.AbawClass;
import io.fer4j.model.ModelPolicy;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API shows only itself (issue 16, item 2), enforced in {@code mvn verify}: every public or protected
 * signature of {@code io.fer4j.api} (supertypes, fields, constructors, methods, their generic arguments and declared
 * exceptions) names only JDK types, {@code io.fer4j.api} types and the few value types the API returns or takes from
 * fer4j-core. A module-info would say the same to JPMS consumers, but fer4j's other modules and JavaCV/ONNX Runtime
 * are automatic modules on the class path, so this check is the one that holds for every consumer.
 */
class ApiSurfaceTest {
    /** Value types from fer4j-core that the API returns or accepts, documented in docs/api.md. */
    static final Set<Class<?>> ALLOWED =
            Set.of(AbawClass.class, FaceBox.class, Fer4jException.class, ModelPolicy.class);

    @Test
    void publicSignaturesNameOnlyApiJdkAndDocumentedValueTypes() throws Exception {
        List<Class<?>> api = publicApiClasses();
        assertTrue(api.contains(Fer4j.class) && api.contains(VideoResult.class), "found the API: " + api);
        assertEquals(Set.of(), leaks(api), "public API signatures that expose internals");
    }

    /** A class standing for a leaky API: the check must name each internal type it shows. */
    public static class Leaky extends java.util.ArrayList<io.fer4j.engine.EngineSpec> {
        public io.fer4j.vision.decode.VideoSource source;

        public java.util.Optional<io.fer4j.engine.Engine> engine() {
            return java.util.Optional.empty();
        }

        void hidden(io.fer4j.store.FeatureStore notPublic) {}
    }

    @Test
    void theCheckNamesEveryInternalTypeALeakyClassShows() {
        Set<String> found = leaks(List.of(Leaky.class));
        assertEquals(3, found.size(), found.toString());
        assertTrue(found.stream().anyMatch(l -> l.endsWith("io.fer4j.engine.EngineSpec")), found.toString());
        assertTrue(found.stream().anyMatch(l -> l.endsWith("io.fer4j.vision.decode.VideoSource")), found.toString());
        assertTrue(found.stream().anyMatch(l -> l.endsWith("io.fer4j.engine.Engine")), found.toString());
    }

    private static Set<String> leaks(List<Class<?>> api) {
        Set<String> leaks = new TreeSet<>();
        for (Class<?> c : api) {
            check(c, "extends", c.getGenericSuperclass(), leaks);
            for (Type t : c.getGenericInterfaces()) {
                check(c, "implements", t, leaks);
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers())) {
                    check(c, f.getName(), f.getGenericType(), leaks);
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                checkExecutable(c, k, leaks);
            }
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isSynthetic()) {
                    checkExecutable(c, m, leaks);
                }
            }
        }
        return leaks;
    }

    @Test
    void theApiHasNoSubpackagesAndFrameLabelsAreValues() throws Exception {
        Path root = packageFolder();
        try (Stream<Path> s = Files.list(root)) {
            assertFalse(s.anyMatch(Files::isDirectory), "io.fer4j.api holds no internal subpackage");
        }
        float[] p = {0.1f, 0.2f, 0.3f, 0.1f, 0.1f, 0.1f, 0.05f, 0.05f};
        FrameLabel a = new FrameLabel(3, 0.1, AbawClass.ANGER, p, null, Float.NaN, Float.NaN);
        FrameLabel b = new FrameLabel(3, 0.1, AbawClass.ANGER, p.clone(), null, Float.NaN, Float.NaN);
        assertEquals(a, b, "equal by value, arrays compared element by element");
        assertEquals(a.hashCode(), b.hashCode());
        p[0] = 0.9f;
        assertEquals(0.1f, a.probability(AbawClass.NEUTRAL), "the constructor copied the array");
        a.probabilities()[1] = 0.9f;
        assertEquals(0.2f, a.probability(AbawClass.ANGER), "the accessor returns a copy");
        assertFalse(a.equals(new FrameLabel(4, 0.1, AbawClass.ANGER, b.probabilities(), null, Float.NaN, Float.NaN)));
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void checkExecutable(Class<?> owner, Executable e, Set<String> leaks) {
        if (!visible(e.getModifiers())) {
            return;
        }
        String where = e.getName() + "(...)";
        if (e instanceof Method m) {
            check(owner, where, m.getGenericReturnType(), leaks);
        }
        for (Type t : e.getGenericParameterTypes()) {
            check(owner, where, t, leaks);
        }
        for (Type t : e.getGenericExceptionTypes()) {
            check(owner, where, t, leaks);
        }
    }

    private static void check(Class<?> owner, String where, Type t, Set<String> leaks) {
        if (t == null) {
            return;
        }
        if (t instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (!c.isPrimitive() && !allowed(c)) {
                leaks.add(owner.getName() + " " + where + ": " + c.getName());
            }
        } else if (t instanceof ParameterizedType p) {
            check(owner, where, p.getRawType(), leaks);
            for (Type a : p.getActualTypeArguments()) {
                check(owner, where, a, leaks);
            }
        } else if (t instanceof GenericArrayType g) {
            check(owner, where, g.getGenericComponentType(), leaks);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                check(owner, where, b, leaks);
            }
            for (Type b : w.getLowerBounds()) {
                check(owner, where, b, leaks);
            }
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                check(owner, where, b, leaks);
            }
        }
    }

    private static boolean allowed(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.")
                || n.startsWith("javax.")
                || c.getPackageName().equals("io.fer4j.api")
                || ALLOWED.contains(c);
    }

    private static Path packageFolder() throws URISyntaxException {
        return Path.of(Fer4j.class.getResource("Fer4j.class").toURI()).getParent();
    }

    /** The public top-level and nested classes compiled into io.fer4j.api. */
    private static List<Class<?>> publicApiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(packageFolder())) {
            for (Path p :
                    s.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String simple = p.getFileName().toString().replaceFirst("\\.class$", "");
                Class<?> c = Class.forName("io.fer4j.api." + simple, false, Fer4j.class.getClassLoader());
                if (!c.isAnonymousClass() && !c.isSynthetic() && visibleFromOutside(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static boolean visibleFromOutside(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }
}
