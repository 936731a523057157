package io.k6t.net.libvirt;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error;
import org.libvirt.jna.Libvirt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to libvirt (libvirt-java over JNA, {@code libvirt.so.0} from Debian's libvirt0).
 * Domains are named by their name; every libvirt failure becomes a {@link LibvirtException} with
 * libvirt's error code. Thread-safe as libvirt connections are; use in try-with-resources.
 *
 * <pre>{@code
 * try (LibvirtConnector libvirt = LibvirtConnector.open("qemu:///system")) {
 *     libvirt.define(domainXml, List.of(spec));
 *     libvirt.start("vm");
 *     libvirt.attachInterface("vm", hotSpec, Affect.LIVE_AND_CONFIG);
 * }
 * }</pre>
 */
public final class LibvirtConnector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtConnector.class);
    /**
     * libvirt's default error function prints every error to stderr ("libvirt: Test Driver error :
     * ..."); errors reach callers as exceptions, so they only go to the debug log. Held in a static
     * field: JNA callbacks must stay reachable while native code may call them.
     */
    private static final Libvirt.VirErrorCallback TO_DEBUG_LOG = (userData, error) ->
            LOG.debug("libvirt error {} (domain {}): {}", error.code, error.domain, error.message);
    private static final AtomicBoolean ERROR_CALLBACK_SET = new AtomicBoolean();

    private final String uri;
    private final Connect connect;
    private boolean closed;

    private LibvirtConnector(String uri, Connect connect) {
        this.uri = uri;
        this.connect = connect;
    }

    /**
     * Opens a read-write connection, e.g. {@code test:///default} (no daemon) or
     * {@code qemu+unix:///system?socket=/run/libvirt/libvirt-sock}.
     *
     * @throws LibvirtException if libvirt cannot connect, or {@code libvirt.so.0} cannot be loaded
     *     (code {@link LibvirtException#UNKNOWN})
     */
    public static LibvirtConnector open(String uri) throws LibvirtException {
        Objects.requireNonNull(uri, "uri");
        try {
            if (!ERROR_CALLBACK_SET.getAndSet(true)) {
                Connect.setErrorCallback(TO_DEBUG_LOG);
            }
            Connect connect = new Connect(uri, false);
            LOG.debug("connected to {}", uri);
            return new LibvirtConnector(uri, connect);
        } catch (org.libvirt.LibvirtException e) {
            throw translate("open " + uri, e);
        } catch (LinkageError e) {
            throw new LibvirtException("open " + uri, LibvirtException.UNKNOWN, "UNKNOWN", LibvirtException.UNKNOWN,
                    "UNKNOWN", "cannot load libvirt.so.0 through JNA (Debian package libvirt0): " + e, e);
        }
    }

    /** The URI this connection was opened with. */
    public String uri() {
        return uri;
    }

    /**
     * Defines (or redefines) a persistent domain from its full XML.
     *
     * @return the domain's name
     */
    public synchronized String define(String domainXml) throws LibvirtException {
        checkOpen();
        Domain domain = call("define domain", () -> connect.domainDefineXML(domainXml));
        try {
            String name = call("read domain name", domain::getName);
            LOG.info("defined domain {} on {}", name, uri);
            return name;
        } finally {
            free(domain);
        }
    }

    /**
     * Adds {@code interfaces} to {@code <devices>} of {@code domainXml} (see
     * {@link DomainXml#insertInterface}) and defines the result.
     *
     * @return the domain's name
     * @throws DomainXmlException if the XML has no {@code <devices>} or an alias is taken
     */
    public String define(String domainXml, List<InterfaceSpec> interfaces) throws LibvirtException {
        String xml = domainXml;
        for (InterfaceSpec spec : interfaces) {
            xml = DomainXml.insertInterface(xml, spec);
        }
        return define(xml);
    }

    /** Starts a defined domain ({@code virsh start}). */
    public synchronized void start(String name) throws LibvirtException {
        onDomain("start domain " + name, name, Domain::create);
        LOG.info("started domain {}", name);
    }

    /** Stops a running domain at once, like pulling the plug ({@code virsh destroy}). */
    public synchronized void destroy(String name) throws LibvirtException {
        onDomain("destroy domain " + name, name, d -> {
            d.destroy();
            return null;
        });
        LOG.info("destroyed domain {}", name);
    }

    /** Removes a domain's persistent definition ({@code virsh undefine}). */
    public synchronized void undefine(String name) throws LibvirtException {
        onDomain("undefine domain " + name, name, d -> {
            d.undefine();
            return null;
        });
        LOG.info("undefined domain {}", name);
    }

    /** Whether the domain runs. */
    public synchronized boolean isActive(String name) throws LibvirtException {
        return onDomain("read state of domain " + name, name, d -> d.isActive() == 1);
    }

    /** The domain's XML: the running one if it runs, else the persistent definition. */
    public synchronized String domainXml(String name) throws LibvirtException {
        return onDomain("read XML of domain " + name, name, d -> d.getXMLDesc(0));
    }

    /** The persistent definition, also while the domain runs ({@code virsh dumpxml --inactive}). */
    public synchronized String persistentDomainXml(String name) throws LibvirtException {
        return onDomain("read XML of domain " + name, name, d -> d.getXMLDesc(Domain.XMLFlags.INACTIVE));
    }

    /** The interfaces of {@link #domainXml}: what the guest has now if it runs. */
    public List<DomainInterface> interfaces(String name) throws LibvirtException {
        return DomainXml.interfaces(domainXml(name));
    }

    /** The interfaces of the persistent definition. */
    public List<DomainInterface> persistentInterfaces(String name) throws LibvirtException {
        return DomainXml.interfaces(persistentDomainXml(name));
    }

    /**
     * Adds an interface to a domain ({@code virsh attach-device --live/--config}). Live, the guest sees
     * a hot-plugged PCI device; the tap of an {@code ethernet} interface must exist.
     */
    public synchronized void attachInterface(String name, InterfaceSpec spec, Affect affect) throws LibvirtException {
        String xml = InterfaceXml.toXml(spec);
        onDomain("attach interface " + spec.alias() + " to domain " + name, name, d -> {
            d.attachDeviceFlags(xml, flags(affect));
            return null;
        });
        LOG.info("attached interface {} to domain {} ({})", spec.alias(), name, affect);
    }

    /**
     * Removes the interface with {@code alias} from a domain ({@code virsh detach-device}). The element
     * is taken from the domain's XML (the persistent one for {@link Affect#CONFIG}), so libvirt matches
     * it by MAC, alias and address. A live unplug needs the guest's consent on PCI; libvirt returns
     * when the guest acknowledged or after its own wait (5 s), so poll {@link #interfaces} to see it gone.
     *
     * @throws DomainXmlException {@link DomainXmlException.Reason#UNKNOWN_ALIAS} if the domain has no
     *     interface with {@code alias}
     */
    public synchronized void detachInterface(String name, String alias, Affect affect) throws LibvirtException {
        String current = affect == Affect.CONFIG ? persistentDomainXml(name) : domainXml(name);
        String element = DomainXml.interfaceElement(current, alias).orElseThrow(() -> new DomainXmlException(
                DomainXmlException.Reason.UNKNOWN_ALIAS, alias,
                "domain " + name + " has no interface with alias " + alias, null));
        onDomain("detach interface " + alias + " from domain " + name, name, d -> {
            d.detachDeviceFlags(element, flags(affect));
            return null;
        });
        LOG.info("detached interface {} from domain {} ({})", alias, name, affect);
    }

    /** Closes the connection; further calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    public synchronized void close() throws LibvirtException {
        if (closed) {
            return;
        }
        closed = true;
        call("close " + uri, connect::close);
        LOG.debug("closed {}", uri);
    }

    private static int flags(Affect affect) {
        return switch (affect) {
            case CURRENT -> Domain.DeviceModifyFlags.CURRENT;
            case LIVE -> Domain.DeviceModifyFlags.LIVE;
            case CONFIG -> Domain.DeviceModifyFlags.CONFIG;
            case LIVE_AND_CONFIG -> Domain.DeviceModifyFlags.LIVE | Domain.DeviceModifyFlags.CONFIG;
        };
    }

    private <T> T onDomain(String operation, String name, DomainCall<T> action) throws LibvirtException {
        checkOpen();
        Domain domain = call(operation, () -> connect.domainLookupByName(name));
        try {
            return call(operation, () -> action.apply(domain));
        } finally {
            free(domain);
        }
    }

    private void free(Domain domain) throws LibvirtException {
        call("free domain handle", domain::free);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("libvirt connection to " + uri + " is closed");
        }
    }

    private static <T> T call(String operation, LibvirtCall<T> call) throws LibvirtException {
        try {
            return call.call();
        } catch (org.libvirt.LibvirtException e) {
            throw translate(operation, e);
        }
    }

    /** Maps libvirt-java's exception, whose enums are ordered as libvirt's numbers, to ours. */
    static LibvirtException translate(String operation, org.libvirt.LibvirtException e) {
        Error error = e.getError();
        if (error == null) {
            return new LibvirtException(operation, LibvirtException.UNKNOWN, "UNKNOWN", LibvirtException.UNKNOWN,
                    "UNKNOWN", String.valueOf(e.getMessage()), e);
        }
        Error.ErrorNumber code = error.getCode();
        Error.ErrorDomain domain = error.getDomain();
        // libvirt-java maps numbers it does not know to its trailing *_UNKNOWN constant.
        int codeNumber = code == null || code == Error.ErrorNumber.VIR_ERR_UNKNOWN
                ? LibvirtException.UNKNOWN : code.ordinal();
        int domainNumber = domain == null || domain == Error.ErrorDomain.VIR_FROM_UNKNOWN
                ? LibvirtException.UNKNOWN : domain.ordinal();
        return new LibvirtException(operation, codeNumber, String.valueOf(code), domainNumber, String.valueOf(domain),
                String.valueOf(error.getMessage()), e);
    }

    @FunctionalInterface
    private interface LibvirtCall<T> {
        T call() throws org.libvirt.LibvirtException;
    }

    @FunctionalInterface
    private interface DomainCall<T> {
        T apply(Domain domain) throws org.libvirt.LibvirtException;
    }
}
