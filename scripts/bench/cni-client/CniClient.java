import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.io.ByteArrayOutputStream;
import java.util.Map;

/**
 * The other candidate for the CNI plugin's client, measured by scripts/bench-cni.sh against the C one
 * (cli/src/main/c/k6t-net-cni-client.c): the same protocol (io.k6t.net.kubevirt.cni.CniWire) in a
 * Java main that loads nothing beyond java.base, run with the JDK's start-up flags and an
 * application class-data archive. Not shipped.
 */
public final class CniClient {
    public static void main(String[] args) throws IOException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(args[0]));
        } catch (IOException e) {
            System.exit(75);
            return;
        }
        ByteArrayOutputStream env = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (e.getKey().startsWith("CNI_")) {
                env.writeBytes((e.getKey() + "=" + e.getValue() + "\0").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] config = System.in.readAllBytes();
        DataOutputStream out = new DataOutputStream(Channels.newOutputStream(channel));
        out.writeInt(0x4B364331);
        out.writeInt(env.size());
        env.writeTo(out);
        out.writeInt(config.length);
        out.write(config);
        out.flush();
        DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
        int exit;
        byte[] result;
        try {
            if (in.readInt() != 0x4B365231) {
                throw new IOException("another protocol");
            }
            exit = in.readInt();
            result = new byte[in.readInt()];
            in.readFully(result);
        } catch (IOException e) {
            System.out.println("{\"cniVersion\":\"1.1.0\",\"code\":11,\"msg\":\"the k6t-net daemon ended before"
                    + " answering\",\"details\":\"\"}");
            System.exit(1);
            return;
        }
        System.out.write(result);
        System.out.flush();
        System.exit(exit);
    }
}
