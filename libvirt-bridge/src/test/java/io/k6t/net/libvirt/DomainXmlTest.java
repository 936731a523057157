package io.k6t.net.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.libvirt.DomainXmlException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class DomainXmlTest {
    /** As libvirt writes it (virsh dumpxml of a running q35 domain, shortened), plus a comment. */
    private static final String RUNNING = """
            <domain type='qemu' id='1' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
              <name>vm</name>
              <!-- keep <interface> in comments alone -->
              <devices>
                <emulator>/usr/bin/qemu-system-x86_64</emulator>
                <controller type='pci' index='0' model='pcie-root'>
                  <alias name='pcie.0'/>
                </controller>
                <interface type='ethernet'>
                  <mac address='02:00:00:00:00:01'/>
                  <target dev='tap0' managed='no'/>
                  <model type='virtio-non-transitional'/>
                  <alias name='ua-default'/>
                  <rom enabled='no'/>
                  <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
                </interface>
                <input type='mouse' bus='ps2'>
                  <alias name='input0'/>
                </input>
              </devices>
              <qemu:commandline>
                <qemu:arg value='-global'/>
              </qemu:commandline>
            </domain>
            """;

    private static final InterfaceSpec HOT = InterfaceSpec.builder().name("hot").ethernet("tap1")
            .mac("02:00:00:00:00:02").build();

    @Test
    void insertGoesAfterTheLastInterfaceWithItsIndentationAndChangesNothingElse() {
        String out = DomainXml.insertInterface(RUNNING, HOT);
        String added = "\n    <interface type=\"ethernet\">"
                + "\n      <target dev=\"tap1\" managed=\"no\"/>"
                + "\n      <model type=\"virtio-non-transitional\"/>"
                + "\n      <mac address=\"02:00:00:00:00:02\"/>"
                + "\n      <alias name=\"ua-hot\"/>"
                + "\n      <rom enabled=\"no\"/>"
                + "\n    </interface>";
        int at = RUNNING.indexOf("</interface>") + "</interface>".length();
        assertThat(out).isEqualTo(RUNNING.substring(0, at) + added + RUNNING.substring(at));
        assertThat(DomainXml.interfaces(out)).extracting(i -> i.alias().orElseThrow())
                .containsExactly("ua-default", "ua-hot");
    }

    @Test
    void insertWithoutInterfacesGoesBeforeTheDevicesEndTagWithTheSiblingsIndentation() {
        String doc = "<domain>\n\t<devices>\n\t\t<emulator>/usr/bin/qemu</emulator>\n\t</devices>\n</domain>\n";
        String out = DomainXml.insertInterface(doc, HOT);
        assertThat(out).startsWith("<domain>\n\t<devices>\n\t\t<emulator>/usr/bin/qemu</emulator>\n"
                + "\t\t<interface type=\"ethernet\">\n\t\t\t<target dev=\"tap1\" managed=\"no\"/>\n");
        assertThat(out).endsWith("\t\t\t<rom enabled=\"no\"/>\n\t\t</interface>\n\t</devices>\n</domain>\n");
    }

    @Test
    void insertOpensASelfClosingDevicesElement() {
        String out = DomainXml.insertInterface("<domain>\n  <name>x</name>\n  <devices/>\n</domain>", HOT);
        assertThat(out).startsWith("<domain>\n  <name>x</name>\n  <devices>\n    <interface type=\"ethernet\">\n")
                .endsWith("    </interface>\n  </devices>\n</domain>");
        assertThat(DomainXml.interfaces(out)).hasSize(1);
    }

    @Test
    void insertIntoAnEmptyInlineDevicesElement() {
        String out = DomainXml.insertInterface("<domain><devices></devices></domain>", HOT);
        assertThat(out).startsWith("<domain><devices>\n  <interface type=\"ethernet\">\n")
                .endsWith("  </interface>\n</devices></domain>");
    }

    @Test
    void insertKeepsCrLfLineEnds() {
        String doc = RUNNING.replace("\n", "\r\n");
        String out = DomainXml.insertInterface(doc, HOT);
        assertThat(out.replace("\r\n", "")).doesNotContain("\n", "\r");
        assertThat(out.replace("\r\n", "\n")).isEqualTo(DomainXml.insertInterface(RUNNING, HOT));
    }

    @Test
    void replaceRewritesOnlyThatElement() {
        InterfaceSpec down = InterfaceSpec.builder().name("default").ethernet("tap0").mac("02:00:00:00:00:01")
                .linkDown(true).build();
        String out = DomainXml.replaceInterface(RUNNING, down);
        int start = RUNNING.indexOf("<interface type");
        int end = RUNNING.indexOf("</interface>") + "</interface>".length();
        assertThat(out).startsWith(RUNNING.substring(0, start)).endsWith(RUNNING.substring(end));
        assertThat(out.substring(start, out.length() - (RUNNING.length() - end)))
                .isEqualTo(InterfaceXml.toXml(down).replace("\n", "\n    "));
        assertThat(DomainXml.interfaces(out).get(0).linkDown()).isTrue();
    }

    @Test
    void removeDropsTheElementAndItsLine() {
        String out = DomainXml.removeInterface(RUNNING, "ua-default");
        int start = RUNNING.indexOf("    <interface");
        int end = RUNNING.indexOf("</interface>\n") + "</interface>\n".length();
        assertThat(out).isEqualTo(RUNNING.substring(0, start) + RUNNING.substring(end));
        assertThat(DomainXml.interfaces(out)).isEmpty();
    }

    @Test
    void interfaceElementIsTheExactText() {
        String element = DomainXml.interfaceElement(RUNNING, "ua-default").orElseThrow();
        assertThat(element).startsWith("<interface type='ethernet'>").endsWith("</interface>").contains("tap0");
        assertThat(DomainXml.interfaceElement(RUNNING, "ua-none")).isEmpty();
    }

    @Test
    void interfacesOutsideDevicesAreNotTouched() {
        String doc = "<domain><metadata><k6t:interface xmlns:k6t='urn:k6t'><alias name='ua-hot'/></k6t:interface>"
                + "<interface><alias name='ua-hot'/></interface></metadata><devices/></domain>";
        assertThat(DomainXml.interfaces(doc)).isEmpty();
        String out = DomainXml.insertInterface(doc, HOT);
        assertThat(out).startsWith(doc.substring(0, doc.indexOf("<devices/>")));
        assertThat(DomainXml.interfaces(out)).hasSize(1);
    }

    @Test
    void typedErrors() {
        reason(() -> DomainXml.insertInterface("<domain><name>x</name></domain>", HOT), Reason.MISSING_DEVICES,
                "ua-hot");
        reason(() -> DomainXml.insertInterface(RUNNING, HOT.toBuilder().name("default").build()),
                Reason.DUPLICATE_ALIAS, "ua-default");
        reason(() -> DomainXml.replaceInterface(RUNNING, HOT), Reason.UNKNOWN_ALIAS, "ua-hot");
        reason(() -> DomainXml.removeInterface(RUNNING, "ua-hot"), Reason.UNKNOWN_ALIAS, "ua-hot");
        String twice = DomainXml.insertInterface(RUNNING, HOT).replace("ua-hot", "ua-default");
        reason(() -> DomainXml.removeInterface(twice, "ua-default"), Reason.DUPLICATE_ALIAS, "ua-default");
        reason(() -> DomainXml.interfaceElement(twice, "ua-default"), Reason.DUPLICATE_ALIAS, "ua-default");
        reason(() -> DomainXml.insertInterface("<domain><devices>", HOT), Reason.MALFORMED, null);
        reason(() -> DomainXml.interfaces("<network><devices/></network>"), Reason.MALFORMED, null);
        reason(() -> DomainXml.interfaces("<domain><devices><interface type='ethernet'><mtu size='x'/>"
                + "</interface></devices></domain>"), Reason.MALFORMED, null);
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE domain [<!ENTITY e SYSTEM 'file:///etc/hostname'>]>"
                + "<domain><devices><interface type='ethernet'><alias name='&e;'/></interface></devices></domain>";
        assertThatThrownBy(() -> DomainXml.interfaces(xxe)).isInstanceOf(DomainXmlException.class);
        assertThatThrownBy(() -> DomainXml.removeInterface(xxe, "ua-x")).isInstanceOf(DomainXmlException.class);
    }

    /**
     * Random documents (LF, CRLF or CR line ends, spaces or tabs, comments and CDATA holding tag-like
     * text, attributes holding '>', characters outside the BMP): insert then remove restores the
     * document exactly, and insert changes nothing outside the inserted text.
     */
    @Test
    void insertThenRemoveRestoresRandomDocumentsExactly() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 500; i++) {
            String doc = randomDomain(random);
            InterfaceSpec spec = RandomSpecs.spec(random, "added" + i);
            String inserted = DomainXml.insertInterface(doc, spec);
            String why = "seed " + seed + ", document:\n" + doc;
            assertThat(DomainXml.removeInterface(inserted, spec.alias())).as(why).isEqualTo(doc);
            int prefix = commonPrefix(doc, inserted);
            int suffix = commonSuffix(doc, inserted);
            assertThat(prefix + suffix).as(why).isGreaterThanOrEqualTo(doc.length());
            List<DomainInterface> after = DomainXml.interfaces(inserted);
            assertThat(after.get(after.size() - 1).toSpec()).as(why).isEqualTo(spec);
            assertThat(DomainXml.replaceInterface(inserted, spec)).as(why).isEqualTo(inserted);
        }
    }

    private static String randomDomain(SplittableRandom random) {
        String nl = new String[] {"\n", "\r\n", "\r"}[random.nextInt(3)];
        String step = random.nextBoolean() ? "\t" : " ".repeat(1 + random.nextInt(4));
        List<String> devices = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            devices.add(switch (random.nextInt(5)) {
                case 0 -> "<emulator>/usr/bin/qemu-system-x86_64</emulator>";
                case 1 -> "<!-- <interface type='x'> \uD83D\uDE00 -->";
                case 2 -> "<interface type='bridge'><source bridge='b" + i + "'/><alias name='ua-old" + i
                        + "'/></interface>";
                case 3 -> "<controller type='pci' model=\"pcie-root-port\" note='a > b &amp; c'/>";
                default -> "<interface\n type='ethernet'  ><target dev='t" + i + "' managed='no'/></interface>";
            });
        }
        StringBuilder s = new StringBuilder();
        if (random.nextBoolean()) {
            s.append("<?xml version='1.0' encoding='UTF-8'?>").append(nl);
        }
        s.append("<domain type='test'>").append(nl);
        s.append(step).append("<title><![CDATA[<devices> \uD83D\uDE00 ]]></title>").append(nl);
        s.append(step).append("<devices>").append(nl);
        for (String device : devices) {
            s.append(step).append(step).append(device).append(nl);
        }
        s.append(step).append("</devices>").append(nl).append("</domain>");
        if (random.nextBoolean()) {
            s.append(nl);
        }
        return s.toString();
    }

    private static int commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private static int commonSuffix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(a.length() - 1 - i) == b.charAt(b.length() - 1 - i)) {
            i++;
        }
        return i;
    }

    private static void reason(ThrowingCallable call, Reason reason, String alias) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainXmlException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.alias().orElse(null)).isEqualTo(alias);
        });
    }
}
