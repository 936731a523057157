package io.k6t.net.libvirt;

import java.util.HexFormat;
import java.util.SplittableRandom;

/** Random valid {@link InterfaceSpec}s for property-style tests (callers print the seed on failure). */
final class RandomSpecs {
    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
    private static final String[] MODELS = {
        "virtio-non-transitional", "virtio", "e1000e", "rtl8139", "virtio-transitional",
    };

    private RandomSpecs() {
    }

    static InterfaceSpec spec(SplittableRandom random, String name) {
        InterfaceSpec.Builder b = InterfaceSpec.builder().name(name);
        String device = "d" + word(random, 1 + random.nextInt(14));
        if (random.nextBoolean()) {
            b.ethernet(device);
        } else {
            b.bridge(device);
        }
        if (random.nextBoolean()) {
            byte[] mac = new byte[6];
            random.nextBytes(mac);
            mac[0] = (byte) ((mac[0] & 0xfe) | 0x02);
            b.mac(HexFormat.ofDelimiter(":").formatHex(mac));
        }
        b.model(MODELS[random.nextInt(MODELS.length)]);
        if (random.nextBoolean()) {
            b.mtu(68 + random.nextInt(65535 - 68 + 1));
        }
        b.queues(1 + random.nextInt(InterfaceSpec.MAX_QUEUES));
        if (random.nextBoolean()) {
            b.bootOrder(1 + random.nextInt(65535));
        }
        b.linkDown(random.nextBoolean());
        if (random.nextBoolean()) {
            b.pciAddress(PciAddress.of(random.nextInt(0x10000), random.nextInt(0x100), random.nextInt(0x20),
                    random.nextInt(8)));
        }
        return b.build();
    }

    static String word(SplittableRandom random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return s.toString();
    }
}
