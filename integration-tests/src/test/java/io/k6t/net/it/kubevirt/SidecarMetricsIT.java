package io.k6t.net.it.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The sidecar's metrics as a real Prometheus sees them: Debian's Prometheus, run in the pod's
 * namespace with its own configuration and storage directory, scrapes {@code --metrics}; promtool
 * checks the exposition; the Unix socket in the hooks directory serves the same text.
 */
class SidecarMetricsIT {
    private static final String METRICS = "127.0.0.1:9100";
    private static final String PROMETHEUS = "127.0.0.1:9090";

    @Test
    void prometheusScrapesTheLeaseCountersAndPromtoolAcceptsTheExposition() throws Exception {
        Path prometheus = Prerequisites.requireTool("prometheus", "prometheus");
        Path promtool = Prerequisites.requireTool("promtool", "prometheus");
        Prerequisites.requireTool("curl", "curl");
        try (SidecarPod pod = SidecarPod.create(true)) {
            // No OnDefineDomain in this test: the guest keeps the pod's MAC, which the hand-off serves.
            pod.net.exec("guest", "ip", "link", "set", "eth0", "address", SidecarPod.POD_MAC);
            pod.startSidecar(pod.dir.resolve("sidecar.log"), "--metrics", METRICS);
            String lease = pod.net.exec("guest", "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "5", "-T", "1",
                    "-s", "/bin/true");
            assertThat(lease).contains("lease of " + SidecarPod.GUEST_ADDRESS);

            String text = pod.net.exec("pod", "curl", "-sf", "http://" + METRICS + "/metrics");
            Path exposition = pod.dir.resolve("metrics.txt");
            Files.writeString(exposition, text);
            TestNetwork.Result check = TestNetwork.runForResult(List.of("sh", "-c",
                    promtool + " check metrics < " + exposition));
            assertThat(check.exitCode()).as(check.output()).isZero();
            assertThat(text).contains(
                    "k6t_dhcp_requests_total{interface=\"k6t-eth0\",network=\"default\",type=\"DISCOVER\"} 1",
                    "k6t_dhcp_requests_total{interface=\"k6t-eth0\",network=\"default\",type=\"REQUEST\"} 1",
                    "k6t_dhcp_replies_total{interface=\"k6t-eth0\",network=\"default\",type=\"OFFER\"} 1",
                    "k6t_dhcp_replies_total{interface=\"k6t-eth0\",network=\"default\",type=\"ACK\"} 1",
                    "k6t_dhcp_drops_total{interface=\"k6t-eth0\",network=\"default\",reason=\"WRONG_CLIENT\"} 0",
                    "k6t_dhcp_lease_info{address=\"10.244.1.5/24\",client_mac=\"" + SidecarPod.POD_MAC
                            + "\",interface=\"k6t-eth0\",network=\"default\"} 1",
                    "k6t_binding_setup_duration_seconds{interface=\"k6t-eth0\",network=\"default\"} 0.035",
                    "k6t_dhcp_last_ack_timestamp_seconds{interface=\"k6t-eth0\",network=\"default\"} ");

            String overUnix = pod.net.exec("pod", "curl", "-sf", "--unix-socket",
                    pod.hooks.resolve("k6t-metrics/metrics.sock").toString(), "http://localhost/metrics");
            assertThat(overUnix).contains(
                    "k6t_dhcp_replies_total{interface=\"k6t-eth0\",network=\"default\",type=\"ACK\"} 1");

            Path config = pod.dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n"
                    + "  - job_name: k6t-sidecar\n    static_configs:\n      - targets: ['" + METRICS + "']\n");
            pod.net.start("pod", pod.dir.resolve("prometheus.log"), prometheus.toString(),
                    "--config.file=" + config, "--storage.tsdb.path=" + pod.dir.resolve("tsdb"),
                    "--web.listen-address=" + PROMETHEUS);
            String query = "http://" + PROMETHEUS + "/api/v1/query?query="
                    + "k6t_dhcp_replies_total%7Btype%3D%22ACK%22%7D";
            String answer = Poll.until(Duration.ofSeconds(60), "Prometheus to have scraped the ACK counter",
                    () -> {
                        TestNetwork.Result r = pod.net.execAllowingFailure("pod", "curl", "-sf", query);
                        return r.exitCode() == 0 && r.output().contains("\"job\":\"k6t-sidecar\"")
                                ? Optional.of(r.output()) : Optional.empty();
                    });
            assertThat(answer).contains("\"interface\":\"k6t-eth0\"", "\"network\":\"default\"", "\"type\":\"ACK\"")
                    .contains(",\"1\"]");
        }
    }
}
