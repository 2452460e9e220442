package dev.poolguard.agent.attach;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * A class loader of its own for poolguard's classes, over the agent jar, child-first for
 * {@code dev.poolguard.*} and parent-first for everything else.
 *
 * <p>Two uses. In the {@code attach} command's JVM, it also defines the boot runtime's classes (shipped
 * as {@code META-INF/poolguard/boot/*.classdata}, out of the class path), so that the command runs the
 * agent's own {@code DeadlockDetector}. In the target, the one-shot snapshot runs in it: the packages it
 * must read are opened to this loader's module only, not to the application's, and once the snapshot is
 * written nothing refers to the loader, so its classes can be unloaded (the JDK keeps those opens in weak
 * maps).
 */
public final class IsolatedLoader extends URLClassLoader {
    private static final String OWN = "dev.poolguard.";
    private static final String BOOT_ENTRIES = "META-INF/poolguard/boot/";

    static {
        registerAsParallelCapable();
    }

    private IsolatedLoader(URL jar, ClassLoader parent) {
        super("poolguard-attach", new URL[] {jar}, parent);
    }

    /** A loader over the jar (or classes folder) this class came from. */
    public static IsolatedLoader overAgentJar() throws IOException {
        try {
            Path jar = Path.of(IsolatedLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new IsolatedLoader(jar.toUri().toURL(), IsolatedLoader.class.getClassLoader());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the agent jar: " + e.getMessage(), e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(OWN)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        URL boot = findResource(BOOT_ENTRIES + name.replace('.', '/') + ".classdata");
        if (boot == null) {
            return super.findClass(name);
        }
        try (InputStream in = boot.openStream()) {
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
