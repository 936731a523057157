package io.k6t.net.libvirt;

/**
 * libvirt refused or failed an operation. Carries libvirt's own error: the number from
 * {@code virErrorNumber} (e.g. 27 {@code VIR_ERR_XML_ERROR}, 42 {@code VIR_ERR_NO_DOMAIN}), the
 * reporting module from {@code virErrorDomain} (e.g. 10 {@code VIR_FROM_QEMU}) and libvirt's message.
 * Callers decide on {@link #code()}, not on message text.
 */
public final class LibvirtException extends Exception {
    private static final long serialVersionUID = 1L;

    /** {@code VIR_ERR_NO_SUPPORT}: the driver lacks the function (e.g. attach on {@code test:///default}). */
    public static final int NO_SUPPORT = 3;
    /** {@code VIR_ERR_XML_ERROR}: the XML was refused. */
    public static final int XML_ERROR = 27;
    /** {@code VIR_ERR_NO_DOMAIN}: no domain of that name. */
    public static final int NO_DOMAIN = 42;
    /** {@code VIR_ERR_OPERATION_INVALID}: not possible in the domain's state. */
    public static final int OPERATION_INVALID = 55;
    /** Not from libvirt's error record: the library could not be loaded or reported nothing. */
    public static final int UNKNOWN = -1;

    private final String operation;
    private final int code;
    private final String codeName;
    private final int errorDomain;
    private final String errorDomainName;
    private final String libvirtMessage;

    /**
     * Creates the exception.
     *
     * @param operation what was being done, e.g. {@code "define domain k6t-vm"}
     * @param code the {@code virErrorNumber}, or {@link #UNKNOWN}
     * @param codeName its name, e.g. {@code VIR_ERR_XML_ERROR}
     * @param errorDomain the {@code virErrorDomain}, or {@link #UNKNOWN}
     * @param errorDomainName its name, e.g. {@code VIR_FROM_DOMAIN}
     * @param libvirtMessage libvirt's message
     * @param cause libvirt-java's exception, or {@code null}
     */
    public LibvirtException(String operation, int code, String codeName, int errorDomain, String errorDomainName,
            String libvirtMessage, Throwable cause) {
        super(operation + ": " + libvirtMessage + " (" + codeName + ", " + errorDomainName + ")", cause);
        this.operation = operation;
        this.code = code;
        this.codeName = codeName;
        this.errorDomain = errorDomain;
        this.errorDomainName = errorDomainName;
        this.libvirtMessage = libvirtMessage;
    }

    /** What was being done. */
    public String operation() {
        return operation;
    }

    /** libvirt's {@code virErrorNumber}, or {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    /** The name of {@link #code()}, e.g. {@code VIR_ERR_XML_ERROR}. */
    public String codeName() {
        return codeName;
    }

    /** libvirt's {@code virErrorDomain} (the module that reported it), or {@link #UNKNOWN}. */
    public int errorDomain() {
        return errorDomain;
    }

    /** The name of {@link #errorDomain()}, e.g. {@code VIR_FROM_QEMU}. */
    public String errorDomainName() {
        return errorDomainName;
    }

    /** libvirt's message, e.g. {@code XML error: expected unicast mac address, found multicast '01:…'}. */
    public String libvirtMessage() {
        return libvirtMessage;
    }
}
