// Measurement program of scripts/bench-grpc-transport.sh (not part of the build).
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;

public class PrometheusClientMain {
    public static void main(String[] a) throws Exception {
        PrometheusRegistry r = new PrometheusRegistry();
        Counter req = Counter.builder().name("k6t_dhcp_requests_total").help("h").labelNames("interface", "type").register(r);
        Counter drop = Counter.builder().name("k6t_dhcp_drops_total").help("h").labelNames("interface", "reason").register(r);
        Gauge ack = Gauge.builder().name("k6t_dhcp_last_ack_timestamp_seconds").help("h").labelNames("interface").register(r);
        int n = 0;
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 4; i++) {
                for (String t : new String[] {"DISCOVER", "REQUEST", "INFORM", "RELEASE"}) req.labelValues("k6t-eth" + i, t).inc();
                for (String d : new String[] {"MALFORMED", "WRONG_CLIENT", "RELAYED"}) drop.labelValues("k6t-eth" + i, d).inc();
                ack.labelValues("k6t-eth" + i).set(System.currentTimeMillis() / 1000.0);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrometheusTextFormatWriter.create().write(out, r.scrape());
            n += out.size();
        }
        System.out.println("ready " + n); System.out.flush();
        Thread.sleep(100000);
    }
}
