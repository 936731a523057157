// Measurement program of scripts/bench-grpc-transport.sh (not part of the build).
public class NoMetricsMain {
    public static void main(String[] a) throws Exception {
        System.out.println("ready"); System.out.flush();
        Thread.sleep(100000);
    }
}
