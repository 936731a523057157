// Measurement program of scripts/bench-grpc-transport.sh (not part of the build).
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.StringWriter;

public class SimpleclientMain {
    public static void main(String[] a) throws Exception {
        CollectorRegistry r = new CollectorRegistry();
        Counter req = Counter.build().name("k6t_dhcp_requests_total").help("h").labelNames("interface", "type").register(r);
        Counter drop = Counter.build().name("k6t_dhcp_drops_total").help("h").labelNames("interface", "reason").register(r);
        Gauge ack = Gauge.build().name("k6t_dhcp_last_ack_timestamp_seconds").help("h").labelNames("interface").register(r);
        int n = 0;
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 4; i++) {
                for (String t : new String[] {"DISCOVER", "REQUEST", "INFORM", "RELEASE"}) req.labels("k6t-eth" + i, t).inc();
                for (String d : new String[] {"MALFORMED", "WRONG_CLIENT", "RELAYED"}) drop.labels("k6t-eth" + i, d).inc();
                ack.labels("k6t-eth" + i).set(System.currentTimeMillis() / 1000.0);
            }
            StringWriter out = new StringWriter();
            TextFormat.write004(out, r.metricFamilySamples());
            n += out.toString().length();
        }
        System.out.println("ready " + n); System.out.flush();
        Thread.sleep(100000);
    }
}
