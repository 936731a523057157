package io.k6t.net.os;

import java.util.Map;
import java.util.TreeMap;

/**
 * A Linux errno value. Known numbers carry their symbolic name ({@code EEXIST}); unknown numbers are
 * kept as they are. Equality is by number.
 */
public final class Errno {
    private static final Map<Integer, Errno> KNOWN = new TreeMap<>();

    public static final Errno EPERM = known(1, "EPERM", "Operation not permitted");
    public static final Errno ENOENT = known(2, "ENOENT", "No such file or directory");
    public static final Errno ESRCH = known(3, "ESRCH", "No such process");
    public static final Errno EINTR = known(4, "EINTR", "Interrupted system call");
    public static final Errno EIO = known(5, "EIO", "Input/output error");
    public static final Errno ENXIO = known(6, "ENXIO", "No such device or address");
    public static final Errno EBADF = known(9, "EBADF", "Bad file descriptor");
    public static final Errno EAGAIN = known(11, "EAGAIN", "Resource temporarily unavailable");
    public static final Errno ENOMEM = known(12, "ENOMEM", "Cannot allocate memory");
    public static final Errno EACCES = known(13, "EACCES", "Permission denied");
    public static final Errno EFAULT = known(14, "EFAULT", "Bad address");
    public static final Errno EBUSY = known(16, "EBUSY", "Device or resource busy");
    public static final Errno EEXIST = known(17, "EEXIST", "File exists");
    public static final Errno ENODEV = known(19, "ENODEV", "No such device");
    public static final Errno ENOTDIR = known(20, "ENOTDIR", "Not a directory");
    public static final Errno EINVAL = known(22, "EINVAL", "Invalid argument");
    public static final Errno ENFILE = known(23, "ENFILE", "Too many open files in system");
    public static final Errno EMFILE = known(24, "EMFILE", "Too many open files");
    public static final Errno ENOSPC = known(28, "ENOSPC", "No space left on device");
    public static final Errno ERANGE = known(34, "ERANGE", "Numerical result out of range");
    public static final Errno ENAMETOOLONG = known(36, "ENAMETOOLONG", "File name too long");
    public static final Errno ENOSYS = known(38, "ENOSYS", "Function not implemented");
    public static final Errno ENOTEMPTY = known(39, "ENOTEMPTY", "Directory not empty");
    public static final Errno ENODATA = known(61, "ENODATA", "No data available");
    public static final Errno EPROTO = known(71, "EPROTO", "Protocol error");
    public static final Errno EMSGSIZE = known(90, "EMSGSIZE", "Message too long");
    public static final Errno EPROTONOSUPPORT = known(93, "EPROTONOSUPPORT", "Protocol not supported");
    public static final Errno EOPNOTSUPP = known(95, "EOPNOTSUPP", "Operation not supported");
    public static final Errno EAFNOSUPPORT = known(97, "EAFNOSUPPORT", "Address family not supported by protocol");
    public static final Errno EADDRINUSE = known(98, "EADDRINUSE", "Address already in use");
    public static final Errno EADDRNOTAVAIL = known(99, "EADDRNOTAVAIL", "Cannot assign requested address");
    public static final Errno ENETDOWN = known(100, "ENETDOWN", "Network is down");
    public static final Errno ENETUNREACH = known(101, "ENETUNREACH", "Network is unreachable");
    public static final Errno ENOBUFS = known(105, "ENOBUFS", "No buffer space available");
    public static final Errno ETIMEDOUT = known(110, "ETIMEDOUT", "Connection timed out");
    public static final Errno EHOSTUNREACH = known(113, "EHOSTUNREACH", "No route to host");

    private final int number;
    private final String name;
    private final String description;

    private Errno(int number, String name, String description) {
        this.number = number;
        this.name = name;
        this.description = description;
    }

    private static Errno known(int number, String name, String description) {
        Errno errno = new Errno(number, name, description);
        KNOWN.put(number, errno);
        return errno;
    }

    /** The errno for {@code number} (positive); unknown numbers are kept, named {@code E<number>}. */
    public static Errno valueOf(int number) {
        if (number <= 0) {
            throw new IllegalArgumentException("errno " + number + " (expected: > 0)");
        }
        Errno errno = KNOWN.get(number);
        return errno != null ? errno : new Errno(number, "E" + number, "Unknown error " + number);
    }

    /** The errno named {@code name}; throws listing the known names otherwise. */
    public static Errno valueOf(String name) {
        for (Errno errno : KNOWN.values()) {
            if (errno.name.equals(name)) {
                return errno;
            }
        }
        throw new IllegalArgumentException("errno name '" + name + "' (expected one of: "
                + String.join(", ", KNOWN.values().stream().map(e -> e.name).toList()) + ")");
    }

    public int number() {
        return number;
    }

    public String name() {
        return name;
    }

    /** The C library's text for this errno ({@code strerror}). */
    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Errno errno && errno.number == number;
    }

    @Override
    public int hashCode() {
        return number;
    }

    /** {@code EEXIST (17, File exists)}. */
    @Override
    public String toString() {
        return name + " (" + number + ", " + description + ")";
    }
}
