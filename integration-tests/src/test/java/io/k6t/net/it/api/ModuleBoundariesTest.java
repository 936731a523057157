package io.k6t.net.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.launcher.binding.internal.NftScripts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code internal} packages are enforced, not a convention: no public signature of an API
 * package names an internal type, and no module reaches into another module's internal packages.
 * JPMS would say the same with {@code module-info}, but the shipped CLI is a shaded jar on the class
 * path and the sidecar's gRPC jars are automatic modules jlink cannot link (docs/architecture.md,
 * "Why no module-info"), so the rule is checked here, over the jars and class directories of the
 * project's modules as this test's class path holds them.
 */
class ModuleBoundariesTest {
    /** The project's main artifacts; their test jars hold test code and are left out. */
    private static final Pattern MODULE = Pattern.compile(".*/k6t-[a-z-]+-[0-9][^/]*(?<!-tests)\\.jar"
            + "|.*/[a-z-]+/target/classes/?");
    private static final List<Path> MODULES = new ArrayList<>();

    @BeforeAll
    static void findModules() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (MODULE.matcher(entry).matches() && !entry.contains("integration-tests")) {
                MODULES.add(Path.of(entry));
            }
        }
    }

    @Test
    void everyModuleIsOnTheClassPath() {
        assertThat(MODULES).as("modules on the test class path").hasSize(5);
    }

    @Test
    void noPublicSignatureOfAnApiPackageNamesAnInternalType() throws ClassNotFoundException {
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (Path module : MODULES) {
            for (String name : classNames(module)) {
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                if (internal(type.getPackageName()) || !exported(type)) {
                    continue;
                }
                checked++;
                violations.addAll(internalTypesIn(type));
            }
        }
        assertThat(checked).as("public types checked").isGreaterThan(150);
        assertThat(violations).as("public signatures naming internal types").isEmpty();
    }

    @Test
    void noModuleUsesAnotherModulesInternalPackages() {
        List<String> violations = new ArrayList<>();
        for (Path module : MODULES) {
            Set<String> own = packages(module);
            for (String[] edge : packageDependencies(module)) {
                if (internal(edge[1]) && edge[1].startsWith("io.k6t.") && !own.contains(edge[1])) {
                    violations.add(module.getFileName() + ": " + edge[0] + " -> " + edge[1]);
                }
            }
        }
        assertThat(violations).as("uses of another module's internal packages").isEmpty();
    }

    @Test
    void theCheckFindsAnInternalTypeInASignature() {
        assertThat(internalTypesIn(Leaky.class)).singleElement().asString().contains("leak(")
                .contains(NftScripts.class.getCanonicalName());
    }

    /** A public type whose method returns, inside a wildcard, a type of an internal package. */
    public static final class Leaky {
        public List<? extends NftScripts> leak() {
            return List.of();
        }
    }

    private static boolean internal(String packageName) {
        return packageName.endsWith(".internal") || packageName.contains(".internal.");
    }

    /** A type outside its package's module: public, and every enclosing type public too. */
    private static boolean exported(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> internalTypesIn(Class<?> type) {
        List<String> found = new ArrayList<>();
        check(found, type.getName() + " extends", type.getGenericSuperclass());
        for (Type i : type.getGenericInterfaces()) {
            check(found, type.getName() + " implements", i);
        }
        for (TypeVariable<?> v : type.getTypeParameters()) {
            check(found, type.getName() + "<" + v + ">", v);
        }
        for (Field f : type.getDeclaredFields()) {
            if (visible(f.getModifiers()) && !f.isSynthetic()) {
                check(found, type.getName() + "." + f.getName(), f.getGenericType());
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c.getModifiers()) && !c.isSynthetic()) {
                executable(found, type.getName() + ".<init>(", c);
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                executable(found, type.getName() + "." + m.getName() + "(", m);
                check(found, type.getName() + "." + m.getName() + "() returns", m.getGenericReturnType());
            }
        }
        return found;
    }

    private static void executable(List<String> found, String where, Executable e) {
        for (Type p : e.getGenericParameterTypes()) {
            check(found, where + ")", p);
        }
        for (Type x : e.getGenericExceptionTypes()) {
            check(found, where + ") throws", x);
        }
        for (TypeVariable<?> v : e.getTypeParameters()) {
            check(found, where + ") <" + v + ">", v);
        }
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(List<String> found, String where, Type type) {
        Set<Type> seen = new HashSet<>();
        List<Type> todo = new ArrayList<>();
        if (type != null) {
            todo.add(type);
        }
        while (!todo.isEmpty()) {
            Type t = todo.remove(todo.size() - 1);
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof Class<?> c) {
                Class<?> element = c;
                while (element.isArray()) {
                    element = element.getComponentType();
                }
                if (internal(element.getPackageName())) {
                    found.add(where + ": " + element.getCanonicalName());
                }
            } else if (t instanceof ParameterizedType p) {
                todo.add(p.getRawType());
                todo.addAll(Arrays.asList(p.getActualTypeArguments()));
            } else if (t instanceof WildcardType w) {
                todo.addAll(Arrays.asList(w.getUpperBounds()));
                todo.addAll(Arrays.asList(w.getLowerBounds()));
            } else if (t instanceof GenericArrayType g) {
                todo.add(g.getGenericComponentType());
            } else if (t instanceof TypeVariable<?> v) {
                todo.addAll(Arrays.asList(v.getBounds()));
            }
        }
    }

    /** The binary names of the classes in a jar or class directory, {@code module-info} left out. */
    private static List<String> classNames(Path module) {
        List<String> files = new ArrayList<>();
        try {
            if (Files.isDirectory(module)) {
                try (Stream<Path> walk = Files.walk(module)) {
                    walk.filter(p -> p.toString().endsWith(".class"))
                            .forEach(p -> files.add(module.relativize(p).toString()));
                }
            } else {
                try (JarFile jar = new JarFile(module.toFile())) {
                    jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")
                            && !n.startsWith("META-INF/")).forEach(files::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + module, e);
        }
        return files.stream().filter(f -> !f.endsWith("module-info.class") && !f.endsWith("package-info.class"))
                .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.')).sorted().toList();
    }

    private static Set<String> packages(Path module) {
        Set<String> packages = new TreeSet<>();
        for (String name : classNames(module)) {
            packages.add(name.substring(0, name.lastIndexOf('.')));
        }
        return packages;
    }

    /** Package-to-package edges of {@code module} as the JDK's jdeps sees them in the bytecode. */
    private static List<String[]> packageDependencies(Path module) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new AssertionError("jdeps is missing from this JDK (java.home "
                        + System.getProperty("java.home") + ")"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                "--multi-release", "17", module.toString());
        assertThat(status).as("jdeps on %s: %s", module, err).isZero();
        List<String[]> edges = new ArrayList<>();
        Matcher m = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)", Pattern.MULTILINE).matcher(out.toString());
        while (m.find()) {
            edges.add(new String[] {m.group(1), m.group(2)});
        }
        assertThat(edges).as("package edges jdeps printed for %s", module).isNotEmpty();
        return edges;
    }
}
