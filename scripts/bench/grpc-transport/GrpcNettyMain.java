// Measurement program of scripts/bench-grpc-transport.sh (not part of the build).
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.k6t.net.kubevirt.hooks.info.*;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.*;
import io.netty.channel.epoll.*;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.File;

public class GrpcNettyMain {
    public static void main(String[] a) throws Exception {
        // The DHCP side: the project's Netty, one epoll datagram socket.
        EventLoopGroup dhcp = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        new Bootstrap().group(dhcp).channel(EpollDatagramChannel.class).handler(new ChannelInboundHandlerAdapter())
            .bind("127.0.0.1", 0).sync();
        EventLoopGroup g = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Server s = NettyServerBuilder.forAddress(new DomainSocketAddress(new File(a[0])))
            .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(g).workerEventLoopGroup(g)
            .directExecutor().addService(new InfoGrpc.InfoImplBase() {
                @Override public void info(InfoParams p, StreamObserver<InfoResult> o) {
                    o.onNext(InfoResult.newBuilder().setName("k6t").addVersions("v1alpha3").build()); o.onCompleted();
                }
            }).build().start();
        System.out.println("ready"); System.out.flush();
        s.awaitTermination();
    }
}
